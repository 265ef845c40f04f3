"""Seed page dumps (both layouts) and the bundled seed corpus built from them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.ids import title_id
from extract.readers import read_corpus
from extract.readers.bundle import BUNDLE_KEYS, BUNDLED_SEEDS, SHARED_SEEDS, write_bundle

DATA = Path(__file__).resolve().parents[1] / "data" / "readers"
needs_shared_seeds = pytest.mark.skipif(
    not SHARED_SEEDS.is_dir(), reason=f"{SHARED_SEEDS} not present"
)


def test_title_line_abstract_line_layout_strips_page_chrome() -> None:
    report = read_corpus([DATA / "seeds_inline.txt"])
    titles = [paper.title for paper in report.papers]
    assert titles == [
        "LUKE: Deep Contextualized Entity Representations with Entity-aware Self-attention",
        "Synthetic continued pretraining",
        "UL2: Unifying Language Learning Paradigms",
    ]
    # the lower-case, re-spaced copy of LUKE further down merges into the first one
    assert (report.read, report.merged, report.skipped) == (4, 1, ())
    assert report.papers[0].abstract.startswith("Entity representations are useful")


def test_block_layout_with_author_counts_and_dates() -> None:
    report = read_corpus([DATA / "seeds_blocks.txt"])
    papers = {paper.title: paper for paper in report.papers}
    assert list(papers) == [
        "Prototype-Sample Relation Distillation: Towards Replay-Free Continual Learning",
        "Using Sequences of Life-events to Predict Human Lives",
        "2D Matryoshka Sentence Embeddings",
    ]
    first = papers["Prototype-Sample Relation Distillation: Towards Replay-Free Continual Learning"]
    assert first.published == "2023-03-26" and first.extra == {"author_count": 5}
    assert papers["Using Sequences of Life-events to Predict Human Lives"].published == "2023-06-05"
    assert papers["2D Matryoshka Sentence Embeddings"].published is None  # "Jul 25" has no year
    # a title with no abstract is skipped at its line and does not shift the pairs after it
    assert [(skip.record, skip.reason) for skip in report.skipped] == [(21, "no abstract")]


@needs_shared_seeds
def test_shared_seeds_hold_598_entries_and_574_unique_papers() -> None:
    report = read_corpus([SHARED_SEEDS])
    assert (report.read, report.merged, len(report.papers), report.skipped) == (598, 24, 574, ())
    assert len({paper.id for paper in report.papers}) == 574
    assert len({paper.title.casefold() for paper in report.papers}) == 574
    assert all(
        paper.source.startswith("seeds/") and paper.source.endswith(".txt")
        for paper in report.papers
    )
    chrome = ("Subscribe", "Get trending", "Daily Papers", "byAK")
    assert not [paper.title for paper in report.papers if paper.title.startswith(chrome)]


def _bundle_fields(papers: object) -> list[dict[str, object]]:
    rows = [paper.model_dump(include=set(BUNDLE_KEYS)) for paper in papers]  # type: ignore[attr-defined]
    return sorted(rows, key=lambda row: str(row["id"]))


def test_bundled_corpus_is_one_line_per_paper_sorted() -> None:
    lines = BUNDLED_SEEDS.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 574
    assert [row["id"] for row in rows] == sorted({row["id"] for row in rows})
    assert all(list(row) == list(BUNDLE_KEYS) for row in rows)
    assert all(row["id"] == title_id(row["title"]) for row in rows)
    report = read_corpus([BUNDLED_SEEDS])
    assert (len(report.papers), report.merged, report.skipped) == (574, 0, ())


@needs_shared_seeds
def test_bundled_corpus_equals_reading_the_shared_seeds() -> None:
    from_dumps = read_corpus([SHARED_SEEDS])
    from_bundle = read_corpus([BUNDLED_SEEDS])
    assert _bundle_fields(from_bundle.papers) == _bundle_fields(from_dumps.papers)


def test_write_bundle_round_trips(tmp_path: Path) -> None:
    report = read_corpus([DATA / "seeds_blocks.txt", DATA / "papers.jsonl"])
    out = tmp_path / "bundle.jsonl"
    assert write_bundle(report.papers, out) == len(report.papers)
    assert _bundle_fields(read_corpus([out]).papers) == _bundle_fields(report.papers)
