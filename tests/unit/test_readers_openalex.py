"""OpenAlex works: the real sample and small fixtures (abstract rebuilt, authorships with ids,
dates, venue, DOI and OpenAlex ids, references), list responses and error documents."""

from __future__ import annotations

import json
from pathlib import Path

from scholarly_builders import format_sample, inverted, openalex_work, write_jsonl

from extract.readers import detect_format, read_corpus
from extract.readers.openalex import rebuild_abstract


def test_real_snapshot_sample_reads_ids_authors_years_and_references() -> None:
    path = format_sample("openalex/openalex_works.jsonl")
    assert detect_format(path) == "openalex"
    report = read_corpus([path])
    raw = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    usable = [w for w in raw if w.get("abstract_inverted_index") and w.get("title")]
    assert report.read == len(usable) and len(report.skipped) == len(raw) - len(usable)
    assert {s.reason for s in report.skipped} <= {"no abstract", "no title"}
    by_key = {key: p for p in report.papers for key in p.external_ids}
    first = raw[0]
    paper = by_key["openalex:" + first["id"].rsplit("/", 1)[-1]]
    assert paper.id == "doi:" + first["doi"].removeprefix("https://doi.org/").lower()
    assert paper.year == first["publication_year"] and paper.date == first["publication_date"]
    assert [a.name for a in paper.authorships] == [
        a["author"]["display_name"] for a in first["authorships"]
    ]
    assert paper.authorships[0].ids[0] == "openalex:" + first["authorships"][0]["author"]["id"][21:]
    assert paper.authorships[0].ids[1].startswith("orcid:0000-")
    assert all(p.year for p in report.papers)
    # references are OpenAlex work ids; the sample's internal ones name papers read from it
    assert all(ref.startswith("openalex:W") for p in report.papers for ref in p.references)
    internal = {ref for p in report.papers for ref in p.references} & set(by_key)
    assert len(internal) > 20
    with_venue = [p for p in report.papers if p.venue and p.venue.id.startswith("openalex:S")]
    assert with_venue


def test_real_list_response_is_read_through_its_results() -> None:
    path = format_sample("openalex/openalex_original_list_response.json")
    assert detect_format(path) == "openalex"
    report = read_corpus([path])
    results = json.loads(path.read_text(encoding="utf-8"))["results"]
    assert report.read + len(report.skipped) == len(results)
    assert report.papers[0].venue is not None and report.papers[0].venue.name == "PeerJ"


def test_abstract_is_rebuilt_in_word_order() -> None:
    text = "the cat saw the dog and the cat ran"
    assert rebuild_abstract(inverted(text)) == text
    assert rebuild_abstract(None) == ""


def test_fixture_work_becomes_a_paper_with_authors_venue_and_references(tmp_path: Path) -> None:
    work = openalex_work(
        11,
        "Graphs of papers",
        [(1, "Ada Lovelace"), (2, "Alan Turing")],
        references=(12, 13),
        doi="10.1000/ABC.1",
    )
    work["locations"] = [{"landing_page_url": "https://arxiv.org/abs/2101.00001v2"}]
    report = read_corpus([write_jsonl(tmp_path / "works.jsonl", [work])])
    (paper,) = report.papers
    assert paper.id == "arxiv:2101.00001"  # an arXiv id wins over the DOI
    assert paper.doi == "10.1000/abc.1"
    assert set(paper.external_ids) >= {"doi:10.1000/abc.1", "openalex:W11", "arxiv:2101.00001"}
    assert paper.authors == ("Ada Lovelace", "Alan Turing")
    assert [a.ids for a in paper.authorships] == [("openalex:A1",), ("openalex:A2",)]
    assert paper.venue is not None and paper.venue.id == "openalex:S1"
    assert (paper.year, paper.date) == (2020, "2020-03-04")
    assert paper.references == ("openalex:W12", "openalex:W13")
    assert paper.abstract.startswith("We study citation graphs")


def test_pretty_printed_list_response_and_bad_works(tmp_path: Path) -> None:
    good = openalex_work(1, "A good work", [(1, "Ada Lovelace")])
    no_title = {**openalex_work(2, "x", []), "title": None, "display_name": None}
    bad_index = {**openalex_work(3, "Bad index", []), "abstract_inverted_index": [1, 2]}
    path = tmp_path / "page.json"
    path.write_text(
        json.dumps({"meta": {"count": 3}, "results": [good, no_title, bad_index]}, indent=2)
    )
    assert detect_format(path) == "openalex"
    report = read_corpus([path])
    assert [p.title for p in report.papers] == ["A good work"]
    assert [(s.record, s.reason) for s in report.skipped] == [
        (2, "no title"),
        (3, "field 'abstract_inverted_index' must be an object"),
    ]


def test_error_document_is_refused_with_the_message(tmp_path: Path) -> None:
    path = tmp_path / "works.json"
    path.write_text(
        json.dumps(
            {"error": "Invalid query parameters error.", "message": "filter is not a valid field"}
        )
    )
    report = read_corpus([path])
    assert report.papers == ()
    (skip,) = report.skipped
    assert skip.record == 0 and "OpenAlex" in skip.reason
    assert "filter is not a valid field" in skip.reason and "nothing loaded" in skip.reason
