"""Semantic Scholar: the real API and bulk samples, and small fixtures for API objects with
references, citation-page entries, the bulk papers + abstracts + citations join and errors."""

from __future__ import annotations

import json
from pathlib import Path

from scholarly_builders import ABSTRACT, format_sample, write_jsonl

from extract.readers import detect_format, read_corpus


def test_real_api_papers_sample_reads_ids_authors_and_years() -> None:
    path = format_sample("semanticscholar/s2_api_papers.jsonl")
    assert detect_format(path) == "semanticscholar"
    report = read_corpus([path])
    raw = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    with_text = [r for r in raw if r.get("abstract") and len(r["abstract"]) >= 20 and r["title"]]
    assert report.read == len(with_text)
    by_s2 = {key: p for p in report.papers for key in p.external_ids if key.startswith("s2:")}
    first = raw[0]
    paper = by_s2["s2:" + first["paperId"]]
    assert paper.id == "doi:" + first["externalIds"]["DOI"].lower()
    assert f"corpus:{first['corpusId']}" in paper.external_ids
    assert [a.ids for a in paper.authorships] == [
        (f"s2:{a['authorId']}",) for a in first["authors"]
    ]
    assert (paper.year, paper.date) == (first["year"], first["publicationDate"])
    venues = [p.venue for p in report.papers if p.venue is not None]
    assert any(v.id.startswith("s2:") for v in venues)
    # records without a paperId still get ids from what they have
    assert len({p.id for p in report.papers}) == len(report.papers)


def test_real_bulk_samples_say_why_papers_without_abstracts_are_skipped() -> None:
    path = format_sample("semanticscholar/s2_papers.jsonl")
    assert detect_format(path) == "semanticscholar"
    report = read_corpus([path])
    assert report.papers == () and len(report.skipped) == 100
    assert all("abstracts dataset" in s.reason for s in report.skipped)
    # the citations sample beside it is read only with the papers: nothing of its own
    assert read_corpus([format_sample("semanticscholar/s2_citations.jsonl")]).skipped == ()


def test_api_object_with_references_and_venue(tmp_path: Path) -> None:
    record = {
        "paperId": "abc123",
        "corpusId": 42,
        "title": "Graphs of papers",
        "abstract": ABSTRACT,
        "externalIds": {"DOI": "10.1000/XYZ", "ArXiv": "2101.00001", "PubMed": "777"},
        "authors": [
            {"authorId": "9", "name": "Ada Lovelace"},
            {"authorId": None, "name": "B. Lee"},
        ],
        "year": 2021,
        "publicationDate": None,
        "publicationVenue": {"id": "v-1", "name": "Graph Letters"},
        "venue": "Graph Lett.",
        "references": [
            {"paperId": "def456", "title": "Older work"},
            {"paperId": None, "title": "A work without an id"},
        ],
    }
    (paper,) = read_corpus([write_jsonl(tmp_path / "api.jsonl", [record])]).papers
    assert paper.id == "arxiv:2101.00001"
    assert set(paper.external_ids) == {
        "arxiv:2101.00001",
        "doi:10.1000/xyz",
        "s2:abc123",
        "corpus:42",
        "pmid:777",
    }
    assert [(a.name, a.ids) for a in paper.authorships] == [
        ("Ada Lovelace", ("s2:9",)),
        ("B. Lee", ()),
    ]
    assert paper.venue is not None and (paper.venue.id, paper.venue.name) == (
        "s2:v-1",
        "Graph Letters",
    )
    assert (paper.year, paper.date) == (2021, None)
    assert paper.references[0] == "s2:def456" and paper.references[1].startswith("title:")
    assert paper.cited[1].title == "A work without an id"


def test_bulk_papers_join_abstracts_and_citations_beside_them(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "papers.jsonl",
        [
            {
                "corpusid": 1,
                "externalids": {"DOI": "10.1000/one", "CorpusId": "1"},
                "title": "One",
                "authors": [{"authorId": "5", "name": "Ada"}],
                "venue": "Graph Letters",
                "year": 2018,
                "publicationdate": "2018-05-06",
                "publicationvenueid": None,
            },
            {"corpusid": 2, "externalids": {}, "title": "Two", "authors": [], "year": 2019},
        ],
    )
    write_jsonl(
        tmp_path / "abstracts.jsonl",
        [{"corpusid": 1, "abstract": ABSTRACT, "openaccessinfo": None}],
    )
    write_jsonl(
        tmp_path / "citations.jsonl",
        [
            {"citingcorpusid": "1", "citedcorpusid": "2"},
            {"citingcorpusid": "1", "citedcorpusid": None},
        ],
    )
    report = read_corpus([tmp_path])
    (paper,) = report.papers
    assert (paper.id, paper.abstract, paper.references) == (
        "doi:10.1000/one",
        ABSTRACT,
        ("corpus:2",),
    )
    assert paper.venue is not None and paper.venue.id == "name:graph letters"
    assert [s.record for s in report.skipped] == [2]  # "Two" has no abstract


def test_citation_page_entries_and_error_documents(tmp_path: Path) -> None:
    page = {
        "data": [
            {
                "citingPaper": {"paperId": "p1", "title": "Citing work", "abstract": ABSTRACT},
                "contexts": [],
            }
        ],
        "next": 1,
    }
    path = tmp_path / "citations.json"
    path.write_text(json.dumps(page, indent=2))
    assert detect_format(path) == "semanticscholar"
    (paper,) = read_corpus([path]).papers
    assert paper.external_ids == ("s2:p1",)
    error = tmp_path / "error.json"
    error.write_text(json.dumps({"message": "Too Many Requests. Please wait and try again"}))
    report = read_corpus([error])
    assert report.papers == ()
    assert "Semantic Scholar" in report.skipped[0].reason
    assert "Too Many Requests" in report.skipped[0].reason
