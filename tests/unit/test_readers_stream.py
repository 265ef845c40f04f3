"""A streamed corpus (``CorpusReader.stream``) gives exactly the papers of reading it whole,
merged the same way, one by one, and says so when the files change between its passes."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from extract.readers import CorpusChangedError, CorpusReader, CorpusStream
from extract.readers.corpus import ReadItem
from extract.records import Paper, SkippedRecord

DATA = Path(__file__).resolve().parents[1] / "data" / "readers"


def same_as_whole(paths: list[Path]) -> CorpusStream:
    whole = CorpusReader(paths).run()
    stream = CorpusReader(paths).stream()
    assert (stream.read, stream.merged, stream.skipped) == (whole.read, whole.merged, whole.skipped)
    assert len(stream) == len(whole.papers)
    streamed = list(stream)
    assert sorted(streamed, key=lambda p: p.id) == sorted(whole.papers, key=lambda p: p.id)
    assert list(stream) == streamed  # iterating again reads the same papers
    return stream


def test_fixtures_and_real_format_samples_stream_as_they_read(shared_dir: Path) -> None:
    same_as_whole([DATA])
    same_as_whole([shared_dir / "data" / "formats"])  # real samples of every scholarly format
    same_as_whole([shared_dir / "seeds"])


def test_duplicates_across_files_merge_into_the_paper_a_whole_read_makes(tmp_path: Path) -> None:
    lines = [
        # a title-only record, then the arXiv record of the same paper: the id moves to arXiv
        {"title": "Deep Sets", "abstract": "Permutation invariant functions on sets."},
        {"id": "p-cites", "title": "Using Sets", "abstract": "We build on deep sets a lot.",
         "references": ["p-sets", "1703.06114"]},
        {"id": "1703.06114", "title": "Deep sets", "abstract": "A longer abstract of it.",
         "authors": ["M. Zaheer"], "source_id": "p-sets"},
        {"id": "p-alone", "title": "Another Paper", "abstract": "Nothing to merge with here."},
    ]
    shutil.copy(DATA / "papers.jsonl", tmp_path / "a.jsonl")
    (tmp_path / "b.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    stream = same_as_whole([tmp_path])
    papers = {paper.id: paper for paper in stream}
    assert stream.merged == 2 and "arxiv:1703.06114" in papers
    assert papers["arxiv:1703.06114"].authors == ("M. Zaheer",)
    # references by the local id and by the arXiv id both end at the merged paper's id
    cites = next(p for p in papers.values() if p.title == "Using Sets")
    assert cites.references == ("arxiv:1703.06114",)


def test_papers_come_out_while_the_files_are_still_being_read() -> None:
    reads: list[int] = []

    def items() -> Iterator[ReadItem]:
        reads.append(0)
        for n in range(3):
            reads[-1] = n + 1
            yield Paper(id=f"p{n}", title=f"Paper {n}", abstract="An abstract long enough.")
        yield SkippedRecord(source="x.jsonl", record=4, reason="abstract too short")

    stream = CorpusStream(items)
    assert (len(stream), stream.read, len(stream.skipped)) == (3, 3, 1)
    papers = iter(stream)
    assert next(papers).id == "p0" and reads[-1] == 1  # the second pass is at its first record
    assert [p.id for p in papers] == ["p1", "p2"]


def test_a_file_changed_between_the_passes_is_a_clear_error(tmp_path: Path) -> None:
    corpus = tmp_path / "papers.jsonl"
    shutil.copy(DATA / "papers.jsonl", corpus)
    stream = CorpusReader([corpus]).stream()
    with corpus.open("a") as more:
        later = {"title": "Written Later", "abstract": "It was appended after the first pass."}
        more.write(json.dumps(later) + "\n")
    with pytest.raises(CorpusChangedError, match="changed while it was read: 3 usable records"):
        list(stream)
    corpus.write_text(corpus.read_text().splitlines(keepends=True)[0])
    with pytest.raises(CorpusChangedError, match="run the command again"):
        list(stream)
