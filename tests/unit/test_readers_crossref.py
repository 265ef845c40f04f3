"""Crossref works: the real samples (DOIs, authors, years, references with DOIs) and a fixture
with a JATS abstract, ORCID, date parts and references by DOI and by title."""

from __future__ import annotations

import json
from pathlib import Path

from scholarly_builders import format_sample, write_jsonl

from extract.ids import doi_id
from extract.readers import detect_format, read_corpus


def test_real_works_sample_reads_dois_authors_years_and_references() -> None:
    path = format_sample("crossref/crossref_works.jsonl")
    assert detect_format(path) == "crossref"
    report = read_corpus([path])
    raw = {json.loads(line)["DOI"].lower(): json.loads(line) for line in path.open()}
    assert report.read == sum(1 for w in raw.values() if w.get("abstract"))
    for paper in report.papers:
        work = raw[paper.doi or ""]
        assert paper.id == f"doi:{paper.doi}"
        assert len(paper.authorships) == len(work.get("author", []))
        assert paper.year == work["issued"]["date-parts"][0][0]
        dois = {doi_id(r["DOI"]) for r in work.get("reference", []) if r.get("DOI")}
        # a work citing itself (it happens) is no reference of its own
        assert {ref for ref in paper.references if ref.startswith("doi:")} == dois - {
            None,
            paper.id,
        }
    assert sum(len(p.references) for p in report.papers) > 1000
    list_response = format_sample("crossref/crossref_original_work_list_response.json")
    assert detect_format(list_response) == "crossref"
    assert read_corpus([list_response]).read > 0


def test_fixture_work_with_jats_abstract_orcid_and_references(tmp_path: Path) -> None:
    work = {
        "DOI": "10.1000/ABC.1",
        "prefix": "10.1000",
        "member": "1",
        "type": "journal-article",
        "title": ["Graphs of papers"],
        "container-title": ["Journal of Graphs"],
        "abstract": "<jats:title>Abstract</jats:title><jats:p>We study citation graphs of "
        "scholarly papers.</jats:p>",
        "author": [{"given": "Ada", "family": "Lovelace", "ORCID": "http://orcid.org/0000-0001"}],
        "published": {"date-parts": [[2020, 5]]},
        "reference": [
            {"key": "r1", "DOI": "10.1000/OLD", "article-title": "Old", "year": "1999"},
            {"key": "r2", "article-title": "A title only", "author": "Turing"},
            {"key": "r3", "unstructured": "Some free text citation"},
        ],
    }
    (paper,) = read_corpus([write_jsonl(tmp_path / "works.jsonl", [work])]).papers
    assert (
        paper.id == "doi:10.1000/abc.1"
        and paper.abstract == "We study citation graphs of scholarly papers."
    )
    assert paper.authorships[0].ids == ("orcid:0000-0001",)
    assert (paper.year, paper.published) == (2020, "2020-05")
    assert paper.references[0] == "doi:10.1000/old" and paper.references[1].startswith("title:")
    assert [(r.title, r.year, r.authors) for r in paper.cited] == [
        ("Old", 1999, ()),
        ("A title only", None, ("Turing",)),
    ]
