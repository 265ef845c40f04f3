"""Each corpus format reads into Papers with the fields a user expects, detected from content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extract.ids import title_id
from extract.readers import FORMATS, UnknownFormatError, detect_format, format_report, read_corpus

DATA = Path(__file__).resolve().parents[1] / "data" / "readers"


def _by_id(path: Path, format: str | None = None) -> dict:
    report = read_corpus([path], format=format)
    return {paper.id: paper for paper in report.papers}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("seeds_inline.txt", "seeds"),
        ("seeds_blocks.txt", "seeds"),
        ("papers.jsonl", "jsonl"),
        ("papers.json", "json"),
        ("papers.csv", "csv"),
        ("arxiv_atom.xml", "atom"),
        ("oai.jsonl", "oai"),
        ("citeseer", "citeseer"),
        ("citeseer/papers.jsonl", "citeseer"),
    ],
)
def test_detect_format_from_content(name: str, expected: str, tmp_path: Path) -> None:
    assert detect_format(DATA / name) == expected
    # the name plays no part: the same content under a misleading name is still detected
    renamed = tmp_path / "corpus.dat"
    if (DATA / name).is_file():
        shutil.copy(DATA / name, renamed)
        assert detect_format(renamed) == expected


def test_detect_format_rejects_empty_and_foreign_xml(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("   \n")
    xml = tmp_path / "other.xml"
    xml.write_text("<?xml version='1.0'?><rss><channel/></rss>")
    for path in (empty, xml):
        with pytest.raises(UnknownFormatError):
            detect_format(path)


def test_jsonl_fields_extra_references_and_merge() -> None:
    report = read_corpus([DATA / "papers.jsonl"])
    papers = {paper.id: paper for paper in report.papers}
    assert (report.read, report.merged, len(papers)) == (3, 1, 2)
    first = papers["arxiv:2301.00001"]
    assert first.authors == ("Ada Lovelace", "Alan Turing")
    assert first.published == "2023-01-02"
    assert first.venue is not None and first.venue.name == "NeurIPS"
    assert first.extra["keywords"] == ["graphs"]  # filled in from the later duplicate
    assert first.url == "https://arxiv.org/abs/2301.00001"  # first record wins
    local = papers[title_id("A Local Paper Without Arxiv Id")]
    assert local.authors == ("Grace Hopper", "Edsger Dijkstra")
    assert local.published == "2021"
    # a reference to the project-local id "p-local" resolves to that paper's stable id
    assert first.references == ("arxiv:2101.00002", local.id)


def test_json_document_with_papers_list() -> None:
    papers = _by_id(DATA / "papers.json")
    old = papers["arxiv:hep-th/9901001"]
    assert old.title == "Strings on a Lattice"
    assert old.authors == ("E. Witten",)
    assert old.published == "1999-01-04"
    review = papers[title_id("Graph Neural Networks: A Review")]
    assert review.published == "2018-12-20" and review.url is None


def test_csv_quoted_multiline_cells_and_author_separators() -> None:
    papers = _by_id(DATA / "papers.csv")
    attention = papers["arxiv:1706.03762"]
    assert '"quotes"' in attention.abstract
    assert attention.authors == ("Ashish Vaswani", "Noam Shazeer")
    assert attention.references == ("arxiv:1409.0473",)
    assert attention.extra == {} and attention.venue is not None
    assert (attention.venue.id, attention.venue.name) == ("name:nips", "NIPS")
    bert = papers[title_id("BERT: Pre-training of Deep Bidirectional Transformers")]
    assert bert.abstract.endswith("spread over two lines of the CSV file.")
    assert bert.authors == ("Jacob Devlin", "Ming-Wei Chang", "Kenton Lee")
    assert bert.published == "2018-10"
    assert bert.references == ("arxiv:1706.03762", "arxiv:1409.0473")


def test_atom_entries() -> None:
    report = read_corpus([DATA / "arxiv_atom.xml"])
    papers = {paper.id: paper for paper in report.papers}
    lora = papers["arxiv:2106.09685"]
    assert lora.title == "LoRA: Low-Rank Adaptation of Large Language Models"
    assert lora.abstract.startswith("An important paradigm") and "\n" not in lora.abstract
    assert lora.authors == ("Edward J. Hu", "Yelong Shen")
    assert lora.published == "2021-06-17"
    assert lora.url == "https://arxiv.org/abs/2106.09685"
    assert lora.extra["categories"] == ["cs.CL", "cs.LG"]
    assert lora.extra["doi"] == "10.48550/arXiv.2106.09685"
    assert "arxiv:cs/0112017" in papers
    assert [(skip.record, skip.reason) for skip in report.skipped] == [(3, "no title")]


def test_oai_snapshot_records() -> None:
    papers = _by_id(DATA / "oai.jsonl")
    diphoton = papers["arxiv:0704.0001"]
    assert (
        diphoton.title.startswith("Calculation of prompt diphoton") and "\n" not in diphoton.title
    )
    assert diphoton.authors == ("C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan")
    assert diphoton.published == "2007-04-02"  # first version, not update_date
    assert diphoton.extra["doi"] == "10.1103/PhysRevD.76.013009"
    assert diphoton.extra["categories"] == "hep-ph"
    old = papers["arxiv:math/0701001"]
    assert old.authors == ("A. Author", "B. Writer")  # from the plain authors string
    assert old.published == "2007-01-05"  # no versions: update_date


def test_format_override_and_unknown_format(tmp_path: Path) -> None:
    as_text = tmp_path / "records.txt"
    shutil.copy(DATA / "papers.jsonl", as_text)
    assert len(read_corpus([as_text], format="jsonl").papers) == 2
    with pytest.raises(ValueError, match="unknown corpus format"):
        read_corpus([as_text], format="yaml")
    assert set(FORMATS) == {
        "seeds", "jsonl", "json", "csv", "atom", "oai", "citeseer", "openalex", "semanticscholar",
        "bibtex",
        "crossref",
    }


def test_directory_expands_sorted_and_dedups_across_formats(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    shutil.copy(DATA / "papers.csv", corpus / "b.csv")
    shutil.copy(DATA / "arxiv_atom.xml", corpus / "sub" / "a.xml")
    (corpus / "README.md").write_text("# not a corpus file\n")
    (corpus / ".hidden.jsonl").write_text("{broken\n")
    dup = corpus / "c.jsonl"
    dup.write_text(
        '{"title": "attention is ALL you need", "abstract": "A title-only copy of the CSV row."}\n'
    )
    report = read_corpus([corpus])
    sources = [paper.source for paper in report.papers]
    assert sources == ["corpus/b.csv", "corpus/b.csv", "corpus/sub/a.xml", "corpus/sub/a.xml"]
    assert report.merged == 1 and report.skipped[0].source == "corpus/sub/a.xml"
    assert read_corpus([corpus]) == report  # deterministic


def test_format_report_names_counts_and_first_skips() -> None:
    report = read_corpus([DATA / "arxiv_atom.xml", DATA / "missing.jsonl"])
    text = format_report(report, max_skipped=5)
    assert "loaded 2 papers from 2 records" in text
    assert "skipped 2" in text
    assert f"{DATA / 'missing.jsonl'}:0: no such file or directory" in text
    assert "arxiv_atom.xml:3: no title" in text


def test_a_directory_with_an_ordinary_papers_jsonl_is_not_citeseer(tmp_path: Path) -> None:
    shutil.copy(DATA / "papers.jsonl", tmp_path / "papers.jsonl")
    shutil.copy(DATA / "seeds_inline.txt", tmp_path / "seeds.txt")
    report = read_corpus([tmp_path])
    assert {paper.source.split("/", 1)[1] for paper in report.papers} == {
        "papers.jsonl",
        "seeds.txt",
    }
    assert len(report.papers) == 5 and report.skipped == ()
