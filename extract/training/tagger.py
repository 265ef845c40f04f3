"""Train the learned tagger of our five types: seed gold plus silver labels on real abstracts.

    .venv/bin/python -m extract.training.tagger                 # the shipped model
    .venv/bin/python -m extract.training.tagger --fold 2        # fold 2 of the honest hold-out

Training data: the seed-gold dev abstracts (repeated ``GOLD_REPEAT`` times, they follow the
guidelines exactly) and the rule pipeline's mentions on real conference abstracts
(``../shared/data/real25k``, read in place, never copied): the model learns the contexts
names appear in and tags names no lexicon holds. Model selection uses held-out silver
abstracts only. For fold ``i`` the held-out fold's gold is left out and the silver labels are
made with a lexicon that lost the fold's gold names (``holdout``), so scoring that fold with
the fold's model is a fair estimate for unseen abstracts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from extract.gold import GoldDoc, read_gold
from extract.pipeline import Extractor
from extract.records import Paper
from extract.training import REPO_ROOT
from extract.training.holdout import FOLDS, fold_docs, held_out_keys, held_out_lexicon
from extract.training.train import SEEDS, SHARED_DATA, install, run_spacy_train, write_corpora

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "tagger.cfg"
TAGGER_DIR = REPO_ROOT / "extract" / "models" / "tagger"
REAL25K = SHARED_DATA / "real25k" / "papers.jsonl.gz"
GOLD = SHARED_DATA / "seeds_gold" / "dev.jsonl"
GOLD_REPEAT = 10
SILVER_DEV_EVERY = 20  # every 20th silver abstract selects the model
MIN_ABSTRACT_CHARS = 200


def real_papers(path: Path, limit: int, seed: int = 0) -> list[Paper]:
    """``limit`` real abstracts (a fixed-seed sample), skipping placeholders and empty ones."""
    papers = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            record = json.loads(line)
            abstract = (record.get("abstract") or "").strip()
            if len(abstract) >= MIN_ABSTRACT_CHARS:
                papers.append(
                    Paper(id=f"real-{number}", title=record.get("title") or "", abstract=abstract)
                )
    random.Random(seed).shuffle(papers)
    return papers[:limit]


def labelled_doc(nlp: Language, text: str, spans: Sequence[tuple[int, int, str]]) -> Doc:
    """``text`` in the pipeline's own tokens with ``spans`` (start, end, type) as entities;
    a span whose edges fall inside a token is dropped rather than stretched."""
    doc = nlp.make_doc(text)
    ents = [doc.char_span(start, end, label=label) for start, end, label in spans]
    doc.ents = filter_spans([span for span in ents if span is not None])
    return doc


def silver_docs(extractor: Extractor, papers: Sequence[Paper]) -> list[Doc]:
    """The rule pipeline's mentions of each paper as entities."""
    found = extractor.run(papers)
    return [
        labelled_doc(
            extractor.nlp, paper.abstract, [(m.start, m.end, m.type) for m in result.mentions]
        )
        for paper, result in zip(papers, found, strict=True)
    ]


def gold_docs(nlp: Language, docs: Sequence[GoldDoc]) -> list[Doc]:
    """Gold abstracts with their annotated mentions as entities."""
    return [
        labelled_doc(nlp, doc.text, [(m.start, m.end, m.type) for m in doc.mentions])
        for doc in docs
    ]


def corpora(
    gold: Sequence[GoldDoc], held: Sequence[GoldDoc], silver: int, lexicon_dir: Path | None
) -> dict[str, list[Doc]]:
    """``train/gold``, ``train/silver`` and ``dev/silver``; silver from ``lexicon_dir``."""
    extractor = Extractor(lexicon_dir=lexicon_dir)
    docs = silver_docs(extractor, real_papers(REAL25K, silver))
    held_texts = {doc.text for doc in held}
    train_gold = [doc for doc in gold if doc.text not in held_texts]
    return {
        "train/gold": gold_docs(extractor.nlp, train_gold) * GOLD_REPEAT,
        "train/silver": [doc for i, doc in enumerate(docs) if i % SILVER_DEV_EVERY],
        "dev/silver": docs[::SILVER_DEV_EVERY],
    }


def fold_lexicon(gold: Sequence[GoldDoc], fold: int, directory: Path) -> tuple[list[GoldDoc], Path]:
    """The held-out documents of ``fold`` and a lexicon without their gold names."""
    from extract.readers import read_corpus

    held, _ = fold_docs(gold, fold, FOLDS)
    gold_texts = {doc.text for doc in gold}
    elsewhere = " ".join(
        p.abstract for p in read_corpus([SEEDS]).papers if p.abstract not in gold_texts
    ).lower()
    return held, held_out_lexicon(directory, held_out_keys(held, elsewhere))


def train(target: Path, silver: int, max_steps: int, fold: int | None) -> dict[str, object]:
    """Build the corpora, run ``spacy train`` and install the best model at ``target``."""
    started = time.monotonic()
    gold = read_gold(GOLD, "seeds")
    with tempfile.TemporaryDirectory() as tmp:
        held: list[GoldDoc] = []
        lexicon = None
        if fold is not None:
            held, lexicon = fold_lexicon(gold, fold, Path(tmp))
        bins = corpora(gold, held, silver, lexicon)
        work = Path(tmp) / "work"
        train_dir, dev_dir = write_corpora(bins, work / "corpus")
        overrides = {"training.max_steps": str(max_steps)}
        run_spacy_train(train_dir, dev_dir, work / "output", overrides, CONFIG)
        best = work / "output" / "model-best"
        meta = json.loads((best / "meta.json").read_text())
        record: dict[str, object] = {
            "gold_abstracts": len(gold) - len(held),
            "held_out_fold": fold,
            "folds": FOLDS,
            "silver_abstracts": silver,
            "max_steps": max_steps,
            "train_seconds": round(time.monotonic() - started, 1),
            "silver_dev_ents": {
                k: meta["performance"].get(k) for k in ("ents_p", "ents_r", "ents_f")
            },
        }
        install(best, target, record)
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--silver", type=int, default=8000, help="real abstracts to label")
    parser.add_argument("--max-steps", type=int, default=3000)
    parser.add_argument("--fold", type=int, default=None, help=f"hold out fold 0..{FOLDS - 1}")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    if not REAL25K.is_file() or not GOLD.is_file():
        print(f"training data not found: {REAL25K} and {GOLD} are needed", file=sys.stderr)
        return 1
    if args.fold is not None and not 0 <= args.fold < FOLDS:
        parser.error(f"--fold must be in 0..{FOLDS - 1}")
    target = args.output or (
        TAGGER_DIR if args.fold is None else REPO_ROOT / "var" / "tagger_folds" / str(args.fold)
    )
    record = train(target, args.silver, args.max_steps, args.fold)
    print(f"installed {target}: {json.dumps(record)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
