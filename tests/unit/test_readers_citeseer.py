"""The CiteSeer corpus: title split from glued text, string ids, citation edges as references."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.readers import read_citeseer, read_corpus
from extract.readers.bundle import REPO_ROOT
from extract.readers.titlesplit import split_title

DATA = Path(__file__).resolve().parents[1] / "data" / "readers" / "citeseer"
SHARED_CITESEER = REPO_ROOT.parent / "shared" / "data" / "citeseer"


def test_fixture_papers_references_and_labels() -> None:
    report = read_citeseer(DATA)
    papers = {paper.id: paper for paper in report.papers}
    keys = ["norman00argument", "100157", "kusiak00decomposition"]  # in file order
    assert list(papers) == [f"citeseer:{key}" for key in keys]
    argument = papers["citeseer:norman00argument"]
    assert argument.title == "Argument in Multi-Agent Systems"
    assert argument.abstract.startswith("Multi-agent systems research is concerned")
    assert argument.references == ("citeseer:100157", "citeseer:kusiak00decomposition")
    assert argument.extra == {"label": "Agents"}
    moving = papers["citeseer:100157"]
    assert moving.title == "Indexing Moving Points"
    assert "Introduction" not in moving.abstract  # cut before the body
    # edges to papers without text are kept, self-citations are dropped
    assert moving.references == ("citeseer:unknown99paper",)
    assert (
        papers["citeseer:kusiak00decomposition"].title
        == "Decomposition in Data Mining: An Industrial Case Study"
    )
    assert [(skip.source, skip.record) for skip in report.skipped] == [("citeseer/edges.tsv", 6)]
    assert read_corpus([DATA]) == report


def test_papers_without_edges_file_are_read_and_the_gap_reported(tmp_path: Path) -> None:
    (tmp_path / "papers.jsonl").write_bytes((DATA / "papers.jsonl").read_bytes())
    report = read_citeseer(tmp_path)
    assert len(report.papers) == 3 and all(paper.references == () for paper in report.papers)
    assert "no edges.tsv" in report.skipped[0].reason
    assert "not a CiteSeer directory" in read_citeseer(tmp_path / "nowhere").skipped[0].reason


@pytest.mark.parametrize(
    ("text", "title", "abstract_start"),
    [
        (
            "A Microeconomic View of Data Mining We present a rigorous framework.",
            "A Microeconomic View of Data Mining",
            "We present",
        ),
        (
            "Design and Implementation of Bitmap Indices for Scientific Data Bitmaps are fast.",
            "Design and Implementation of Bitmap Indices for Scientific Data",
            "Bitmaps are",
        ),
        (
            "Flexible Distributed Database Management with AgentTeam . Ideally, it works.",
            "Flexible Distributed Database Management with AgentTeam",
            "Ideally",
        ),
        (
            "Boosting the Margin: A New Explanation Abstract. One of the phenomena.",
            "Boosting the Margin: A New Explanation",
            "One of",
        ),
        (
            "EQUIP: a Software Platform for Distributed Interactive Systems EQUIP is new.",
            "EQUIP: a Software Platform for Distributed Interactive Systems",
            "EQUIP is",
        ),
        (
            "Electronic Books in Digital Libraries 1 Electronic book is an application.",
            "Electronic Books in Digital Libraries",
            "Electronic book",
        ),
        (
            "Execution Monitoring of High-Level Robot Programs. Imagine a robot.",
            "Execution Monitoring of High-Level Robot Programs",
            "Imagine",
        ),
    ],
)
def test_split_title(text: str, title: str, abstract_start: str) -> None:
    got_title, abstract = split_title(text)
    assert got_title == title
    assert abstract.startswith(abstract_start)


@pytest.mark.skipif(not SHARED_CITESEER.is_dir(), reason=f"{SHARED_CITESEER} not present")
def test_shared_citeseer_corpus() -> None:
    report = read_citeseer(SHARED_CITESEER)
    assert (
        report.read + sum(skip.source.endswith("papers.jsonl") for skip in report.skipped) == 3186
    )
    assert report.read >= 3100  # the title split fails on few texts
    assert all(paper.id.startswith("citeseer:") for paper in report.papers)
    edges = sum(len(paper.references) for paper in report.papers)
    assert 4000 < edges <= 4608
    assert all(
        paper.extra["label"] in {"Agents", "AI", "DB", "IR", "ML", "HCI"} for paper in report.papers
    )
