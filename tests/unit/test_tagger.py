"""The learned tagger shipped in the package: it loads, it tags a name no lexicon holds from its
context, its gap filling follows the types its model directory names, and the hold-out folds
keep a fold's gold out of its training data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extract.components.ner_candidates import FILL_TYPES_FILE
from extract.gold import GoldDoc, GoldMention
from extract.lexicon import load_entries
from extract.pipeline import Extractor
from extract.records import ENTITY_TYPES, Paper
from extract.training.holdout import fold_docs, held_out_keys
from extract.training.tagger import TAGGER_DIR

UNSEEN = "We address the task of glorp detection with a new loss."


@pytest.fixture(scope="module")
def tagger_only() -> Extractor:
    return Extractor(ner_model=TAGGER_DIR, ner_only=True)


def test_the_tagger_ships_in_the_package_with_our_five_types() -> None:
    meta = json.loads((TAGGER_DIR / "meta.json").read_text())
    assert sorted(meta["labels"]["ner"]) == sorted(ENTITY_TYPES)
    size = sum(path.stat().st_size for path in TAGGER_DIR.rglob("*") if path.is_file())
    assert size < 8 * 2**20  # small enough to keep in the repository


def test_the_tagger_tags_an_unseen_name_from_its_context(tagger_only: Extractor) -> None:
    assert not any("glorp" in entry.text.lower() for entry in load_entries())
    [found] = tagger_only.run([Paper(id="u", title="", abstract=UNSEEN)])
    assert [(m.text, m.type) for m in found.mentions] == [("glorp detection", "TASK")]


def test_gap_filling_uses_only_the_types_the_model_names(tmp_path: Path) -> None:
    model = tmp_path / "tagger"
    shutil.copytree(TAGGER_DIR, model)
    (model / FILL_TYPES_FILE).write_text(json.dumps({"fill_types": ["MODEL"]}))
    [found] = Extractor(ner_model=model, ner_only=True).run(
        [Paper(id="u", title="", abstract=UNSEEN)]
    )
    assert found.mentions == ()  # the TASK reading is not used


def doc(doc_id: str, *names: str) -> GoldDoc:
    text = " and ".join(names) + "."
    mentions, start = [], 0
    for name in names:
        mentions.append(
            GoldMention(start=start, end=start + len(name), text=name, type="MODEL", canonical=name)
        )
        start += len(name) + len(" and ")
    return GoldDoc(id=doc_id, text=text, mentions=tuple(mentions))


def test_a_fold_holds_out_its_documents_and_their_names() -> None:
    docs = [doc(f"d{i}", f"Name{i}", "BERT") for i in range(10)]
    held, rest = fold_docs(docs, 1, folds=5)
    assert [d.id for d in held] == ["d1", "d6"] and len(rest) == 8
    assert not {d.id for d in held} & {d.id for d in rest}
    # A name also seen outside the gold set stays in the lexicon; the fold's own names go.
    assert held_out_keys(held, elsewhere_text="we fine-tune bert") == {"name1", "name6"}
