"""Unusable records are skipped with file, record number and reason; the rest still loads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.readers import read_corpus
from extract.readers.lines import iter_lines
from extract.records import IngestReport

GOOD = {"title": "A Good Paper", "abstract": "An abstract that is long enough to be used."}


def _reasons(report: IngestReport) -> dict[int, str]:
    return {skip.record: skip.reason for skip in report.skipped}


def _jsonl(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_jsonl_each_bad_record_is_reported_and_good_ones_load(tmp_path: Path) -> None:
    def rec(**fields: object) -> bytes:
        return json.dumps({**GOOD, **fields}).encode()

    path = _jsonl(
        tmp_path / "mixed.jsonl",
        [
            rec(title="First Good Paper"),  # 1
            rec(title=""),  # 2
            rec(abstract=""),  # 3
            rec(abstract="too short"),  # 4
            rec(abstract="x" * 5_000_000),  # 5: a 5 MB abstract
            rec(title=["a", "list"]),  # 6
            rec(authors=42),  # 7
            b'{"title": "Truncated JSON", "abstract": ',  # 8
            b'{"title": "Bad \xff\xfe bytes", "abstract": "An abstract long enough to use."}',  # 9
            b'["an", "array", "not", "an", "object"]',  # 10
            b"",  # 11: blank lines are not records
            rec(title="Last Good Paper", references={"not": "a list"}),  # 12
            rec(title="Really The Last Good Paper"),  # 13
            b"[" * 100_000 + b"]" * 100_000,  # 14: nested deeper than the parser goes
            rec(title="T" * 5_000),  # 15
        ],
    )
    report = read_corpus([path])
    assert [paper.title for paper in report.papers] == [
        "First Good Paper",
        "Really The Last Good Paper",
    ]
    reasons = _reasons(report)
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 15]
    assert reasons[2] == "no title"
    assert reasons[3] == "no abstract"
    assert reasons[4].startswith("abstract too short")
    assert reasons[5].startswith("abstract too long (5,000,000 chars")
    assert reasons[6] == "field 'title' must be a string, got list"
    assert reasons[7].startswith("field 'authors' must be a list or a string")
    assert reasons[8].startswith("invalid JSON")
    assert reasons[9] == "field 'title' is not valid UTF-8"
    assert reasons[10] == "record is a list, expected an object"
    assert reasons[12].startswith("field 'references' must be a list")
    assert reasons[14] == "invalid JSON: nested too deeply"
    assert reasons[15].startswith("title too long (5,000 chars")
    assert {skip.source for skip in report.skipped} == {str(path)}


def test_jsonl_with_a_broken_first_line_still_loads_the_rest(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "broken_start.jsonl",
        [
            b'{"title": "Truncated JSON", "abstract": ',
            json.dumps({**GOOD, "title": "Second Line Paper"}).encode(),
        ],
    )
    report = read_corpus([path])
    assert [paper.title for paper in report.papers] == ["Second Line Paper"]
    assert [(skip.record, skip.reason[:12]) for skip in report.skipped] == [(1, "invalid JSON")]


def test_seeds_invalid_utf8_and_missing_abstract(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(
        b"Good Title One\nAn abstract that is long enough to be used for the first paper.\n"
        b"Broken \xc3\x28 Title\nAn abstract long enough to be used, after a broken title.\n"
        b"Last Title\n"
    )
    report = read_corpus([path], format="seeds")
    assert [paper.title for paper in report.papers] == ["Good Title One"]
    assert _reasons(report) == {3: "field 'title' is not valid UTF-8", 5: "no abstract"}


def test_csv_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "papers.csv"
    big = "y" * 200_000  # larger than the csv module's field limit
    path.write_text(
        "title,abstract,published\n"
        "Good CSV Paper,An abstract that is long enough to be used.,2020\n"
        ",An abstract without any title at all in its row.,2020\n"
        f'Huge Field Paper,"{big}",2020\n'
        "Too Many Cells,An abstract that is long enough to be used.,2020,surplus\n"
        "Second Good CSV Paper,An abstract that is long enough to be used.,not a date\n",
        encoding="utf-8",
    )
    report = read_corpus([path])
    titles = [paper.title for paper in report.papers]
    assert titles == ["Good CSV Paper", "Second Good CSV Paper"]
    assert report.papers[1].published is None
    assert report.papers[1].extra["published_raw"] == "not a date"
    reasons = _reasons(report)
    assert reasons[3] == "no title"
    assert "field larger than field limit" in reasons[4] or reasons[4].startswith(
        "abstract too long"
    )
    assert reasons[5] == "row has more cells than the header"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("broken.json", b'[{"title": "x",', "invalid JSON at line 1"),
        ("scalar.json", b'{\n  "count": 3\n}', "JSON document is a dict without a list of papers"),
        ("feed.xml", b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x', "invalid XML"),
        ("empty.jsonl", b"", "unreadable file"),
    ],
)
def test_unreadable_file_is_one_skipped_record_not_a_crash(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(GOOD) + "\n")
    report = read_corpus([bad, good])
    assert [paper.title for paper in report.papers] == ["A Good Paper"]
    assert len(report.skipped) == 1
    assert report.skipped[0].source == str(bad)
    assert reason in report.skipped[0].reason


def test_csv_invalid_utf8_row_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        b"title,abstract\n"
        b"Caf\xe9 Paper,An abstract long enough to be used in a test.\n"
        b"Clean Paper,An abstract long enough to be used in a test.\n"
    )
    report = read_corpus(str(path))  # a bare path works as well as a list
    assert [paper.title for paper in report.papers] == ["Clean Paper"]
    assert _reasons(report) == {2: "field 'title' is not valid UTF-8"}


def test_csv_without_title_column_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_text("name,abstract\nx,An abstract that is long enough to be used.\n")
    report = read_corpus([path], format="csv")
    assert report.papers == ()
    assert [(skip.record, skip.reason) for skip in report.skipped] == [
        (1, "CSV header has no 'title' column; file skipped")
    ]


def test_atom_keeps_entries_before_a_break(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2101.00001v1</id>'
        "<title>Before The Break</title><summary>An abstract long enough to be used.</summary>"
        "</entry><entry><title>Cut off"
    )
    report = read_corpus([feed])
    assert [paper.id for paper in report.papers] == ["arxiv:2101.00001"]
    assert report.skipped[0].record == 2 and "rest of file skipped" in report.skipped[0].reason


def test_overlong_lines_are_skipped_without_reading_them_whole(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_bytes(b"short\n" + b"z" * 5000 + b"\nafter\n")
    lines = list(iter_lines(path, max_bytes=100))
    assert [(line.number, line.text) for line in lines] == [(1, "short"), (2, None), (3, "after")]
