"""BibTeX entries, arXiv OAI metadata (authors_parsed, first version date, categories, DOI) and
the author/year spellings of CSV and JSON lines, on the real samples and small fixtures."""

from __future__ import annotations

import json
from pathlib import Path

from scholarly_builders import ABSTRACT, format_sample

from extract.readers import detect_format, read_corpus

BIB = r"""% exported by a reference manager
@article{lovelace21graphs,
  Author = {Lovelace, Ada and Alan Turing and others},
  Title = {{Graphs} of Papers},
  Journal = {Journal of Graphs},
  Year = {2021}, Month = mar,
  DOI = {10.1000/JG.2021.7},
  Abstract = {We study citation graphs of scholarly papers and the people who write them.},
}
@inproceedings{gra07,
  author = {Jo{\~a}o Gra{\c c}a},
  title = {Expectation Maximization},
  booktitle = {NIPS}, year = 2007,
  eprint = {0704.0001}, archivePrefix = {arXiv},
  abstract = {An abstract long enough to be read as text.},
}
@misc{nothing, title = {No abstract here}, year = {2020}}
"""


def test_bibtex_fixture_reads_authors_year_venue_doi_and_arxiv(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    assert detect_format(path) == "bibtex"
    report = read_corpus([path])
    first, second = report.papers
    assert first.id == "doi:10.1000/jg.2021.7" and first.title == "Graphs of Papers"
    assert first.authors == ("Ada Lovelace", "Alan Turing")
    assert (first.year, first.published) == (2021, "2021-03")
    assert first.venue is not None and first.venue.name == "Journal of Graphs"
    assert first.extra == {"bibtex_key": "lovelace21graphs", "entry_type": "article"}
    assert second.id == "arxiv:0704.0001" and second.authors == ("João Graça",)
    assert second.venue is not None and second.venue.id == "name:nips"
    (skip,) = report.skipped
    assert skip.reason == "no abstract (entry nothing)" and skip.record == 17


def test_real_bibtex_sample_decodes_latex_and_reports_entries_without_abstracts() -> None:
    path = format_sample("bibtex/bibtex_bibdesk_druck2007.bib")
    assert detect_format(path) == "bibtex"
    report = read_corpus([path])
    text = path.read_text(encoding="utf-8")
    with_abstract = text.lower().count("abstract = {")
    assert report.read == with_abstract and report.papers[0].year == 2007
    assert all(s.reason.startswith("no abstract (entry ") for s in report.skipped)
    entries = [line for line in text.splitlines() if line.startswith("@")]
    assert report.read + len(report.skipped) == len(entries) - text.count("@comment{")


def test_real_oai_sample_reads_authors_parsed_dates_categories_and_doi() -> None:
    path = format_sample("arxiv/oai_snapshot_sample.jsonl")
    report = read_corpus([path])
    raw = {json.loads(line)["id"]: json.loads(line) for line in path.read_text().splitlines()}
    assert report.read == len(raw) - len(report.skipped) and report.read > 150
    for paper in report.papers:
        record = raw[paper.id.removeprefix("arxiv:")]
        assert len(paper.authors) == len(record["authors_parsed"])
        assert paper.year is not None and paper.date is not None
        assert paper.extra["categories"] == record["categories"]
        if record.get("doi"):
            assert paper.doi == record["doi"].split()[0].lower()
            assert f"doi:{paper.doi}" in paper.external_ids
    first = report.papers[0]
    assert first.id == "arxiv:0704.0001" and first.date == "2007-04-02"
    parsed = raw["0704.0001"]["authors_parsed"][0]
    assert first.authors[0] == f"{parsed[1]} {parsed[0]}"


def test_csv_and_jsonl_read_author_and_year_spellings(tmp_path: Path) -> None:
    csv = tmp_path / "papers.csv"
    csv.write_text(
        f'title,abstract,author,year,doi,journal\nA study,"{ABSTRACT}",'
        '"Ada Lovelace; Alan Turing",2019,https://doi.org/10.1000/ABC,Graph Letters\n'
    )
    (paper,) = read_corpus([csv]).papers
    assert paper.authors == ("Ada Lovelace", "Alan Turing") and paper.year == 2019
    assert paper.id == "doi:10.1000/abc" and paper.venue is not None
    jsonl = tmp_path / "papers.jsonl"
    jsonl.write_text(
        json.dumps(
            {"title": "Another", "abstract": ABSTRACT, "author": ["B. Lee", "C. Wu"], "year": 2020}
        )
        + "\n"
    )
    (other,) = read_corpus([jsonl]).papers
    assert other.authors == ("B. Lee", "C. Wu") and (other.year, other.date) == (2020, None)
