"""The build command is idempotent: an up-to-date model is not retrained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Span

from extract.training.train import SEEDS, SHARED_DATA, build, convert, fingerprint

needs_data = pytest.mark.skipif(not (SHARED_DATA / "scierc").is_dir(),
                                reason=f"shared corpora not found at {SHARED_DATA}")


def test_fingerprint_changes_with_an_entity_label() -> None:
    nlp = spacy.blank("en")
    doc = nlp("We use BERT.")
    doc.ents = [Span(doc, 2, 3, label="METHOD")]
    before = fingerprint({"train/x": [doc]}, {"corpora": ["x"]})
    doc.ents = [Span(doc, 2, 3, label="DATASET")]
    assert fingerprint({"train/x": [doc]}, {"corpora": ["x"]}) != before


@needs_data
def test_build_skips_training_when_the_model_is_up_to_date(tmp_path: Path) -> None:
    corpora = ["scierc"]
    key = fingerprint(convert(SHARED_DATA, SEEDS, corpora), {"corpora": corpora, "overrides": {}})
    target = tmp_path / "model"
    target.mkdir()
    (target / "meta.json").write_text("{}")
    (target / "training.json").write_text(json.dumps({"fingerprint": key}))
    assert build(SHARED_DATA, SEEDS, tmp_path / "data", target, corpora, {}) is False
    assert not (tmp_path / "data").exists()  # nothing converted to disk, nothing trained


@needs_data
def test_dev_split_is_scierc_dev_and_never_a_test_split() -> None:
    corpora = convert(SHARED_DATA, SEEDS, ["scierc", "tdmsci"])
    assert sorted(corpora) == ["dev/scierc", "train/scierc", "train/tdmsci"]
    assert len(corpora["dev/scierc"]) == 50 and len(corpora["train/scierc"]) == 350
