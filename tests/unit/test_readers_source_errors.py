"""A source's error response is refused with the source's message; nothing is loaded from it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extract.readers import read_corpus
from extract.readers.atom import read_atom
from extract.readers.errors import SourceErrorDocument

DATA = Path(__file__).resolve().parent.parent / "data" / "readers"


def test_arxiv_error_feed_loads_nothing_and_names_the_file_and_message() -> None:
    report = read_corpus([DATA / "arxiv_error.xml"])
    assert report.papers == ()
    assert len(report.skipped) == 1
    skip = report.skipped[0]
    assert skip.source.endswith("arxiv_error.xml")
    assert "arXiv API error document" in skip.reason
    assert "incorrect id format for 1234.12345" in skip.reason


def test_the_reader_raises_source_error_document() -> None:
    with pytest.raises(SourceErrorDocument) as caught:
        list(read_atom(DATA / "arxiv_error.xml", "arxiv_error.xml"))
    assert caught.value.source == "arXiv API"
    assert caught.value.message == "incorrect id format for 1234.12345"


def test_an_error_feed_in_a_directory_does_not_stop_the_other_files(tmp_path: Path) -> None:
    shutil.copy(DATA / "arxiv_error.xml", tmp_path / "a_error.xml")
    shutil.copy(DATA / "arxiv_atom.xml", tmp_path / "b_atom.xml")
    report = read_corpus([tmp_path])
    assert "arxiv:2106.09685" in {paper.id for paper in report.papers}
    assert "Error" not in {paper.title for paper in report.papers}
    assert [skip.source for skip in report.skipped if "error document" in skip.reason] == [
        f"{tmp_path.name}/a_error.xml"
    ]
