"""Read a set of corpus files into one deduplicated IngestReport.

Paths may be files or directories; a directory expands to its corpus files (``.txt``,
``.jsonl``, ``.ndjson``, ``.json``, ``.csv``, ``.xml``, ``.atom``, ``.bib``; hidden files
ignored) in sorted order, recursively, unless it is a CiteSeer directory. A paper's ``source`` is
``<directory name>/<path inside it>`` for files found in a directory, and the path as given
for files named directly. A file that cannot be read is one SkippedRecord (record 0).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path

from extract.readers.atom import read_atom
from extract.readers.bibtex import read_bibtex
from extract.readers.citeseer import is_citeseer_dir, iter_citeseer, read_citeseer_papers
from extract.readers.crossref import read_crossref
from extract.readers.csvfile import read_csv
from extract.readers.detect import FORMATS, UnknownFormatError, detect_format
from extract.readers.errors import SourceErrorDocument
from extract.readers.jsonfiles import read_json, read_jsonl
from extract.readers.merge import PaperMerger, merge_papers
from extract.readers.oai import read_oai
from extract.readers.openalex import read_openalex
from extract.readers.seeds import read_seeds
from extract.readers.semanticscholar import read_semanticscholar
from extract.records import IngestReport, Paper, SkippedRecord

CORPUS_SUFFIXES = frozenset(
    {".txt", ".jsonl", ".ndjson", ".json", ".csv", ".xml", ".atom", ".bib"}
)

ReadItem = Paper | SkippedRecord
FileReader = Callable[[Path, str], Iterator[ReadItem]]

READERS: dict[str, FileReader] = {
    "seeds": read_seeds,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "atom": read_atom,
    "oai": read_oai,
    "citeseer": read_citeseer_papers,
    "openalex": read_openalex,
    "semanticscholar": read_semanticscholar,
    "bibtex": read_bibtex,
    "crossref": read_crossref,
}


class CorpusReader:
    """Reads corpus paths (files or directories) into one IngestReport."""

    def __init__(self, paths: Sequence[Path | str], format: str | None = None) -> None:
        if format is not None and format not in FORMATS:
            raise ValueError(
                f"unknown corpus format {format!r}; expected one of {', '.join(FORMATS)}"
            )
        if isinstance(paths, str | Path):  # one path given bare, not in a list
            paths = [paths]
        self.paths = [Path(path) for path in paths]
        self.format = format

    def run(self) -> IngestReport:
        """Read every file, merge duplicate papers, collect skipped records."""
        return collect(self.iter_items())

    def stream(self) -> CorpusStream:
        """The corpus as a ``CorpusStream``: the same papers as ``run``, never all in memory."""
        return CorpusStream(self.iter_items)

    def iter_items(self) -> Iterator[ReadItem]:
        """Every Paper and SkippedRecord of all paths, in a stable order (not merged)."""
        for path in self.paths:
            if not path.exists():
                yield SkippedRecord(source=str(path), record=0, reason="no such file or directory")
            elif is_citeseer_dir(path) and self.format in (None, "citeseer"):
                yield from _guarded(partial(iter_citeseer, path, path.resolve().name), str(path))
            elif path.is_dir():
                label = path.resolve().name
                for file in corpus_files(path):
                    yield from self._read_file(file, f"{label}/{file.relative_to(path).as_posix()}")
            else:
                yield from self._read_file(path, str(path))

    def _read_file(self, path: Path, source: str) -> Iterator[ReadItem]:
        try:
            fmt = self.format or detect_format(path)
        except (UnknownFormatError, OSError) as err:
            yield SkippedRecord(source=source, record=0, reason=f"unreadable file: {err}")
            return
        yield from _guarded(partial(READERS[fmt], path, source), source)


def _guarded(read: Callable[[], Iterable[ReadItem]], source: str) -> Iterator[ReadItem]:
    """The reader's items; an I/O or decoding failure, or a source's error document, ends
    that file with a SkippedRecord."""
    try:
        yield from read()
    except SourceErrorDocument as err:
        yield SkippedRecord(source=source, record=0, reason=str(err))
    except (OSError, UnicodeError, ValueError) as err:
        yield SkippedRecord(source=source, record=0, reason=f"unreadable file: {err}")


class CorpusChangedError(ValueError):
    """A corpus file changed between the two passes of a ``CorpusStream``."""


class CorpusStream:
    """A corpus read twice so that it is never held in memory: papers one by one.

    The first pass (here, at construction) reads every record and keeps only what decides
    which records are one paper (ids, external ids, titles: ``PaperMerger(keep=False)``),
    with the counts and skipped records of an ``IngestReport``. Iterating reads the files
    again and yields each paper as soon as its last record has been read, merged exactly as
    ``CorpusReader.run`` merges it (only records of papers read more than once wait, until
    their paper's last one). The papers are those of ``run``; records of one paper come
    out merged, singletons at once, so the order is first-seen except for merged papers.
    """

    def __init__(self, items: Callable[[], Iterator[ReadItem]]) -> None:
        self._items = items
        self._merger = PaperMerger(keep=False)
        skipped: list[SkippedRecord] = []
        paper_of: list[int] = []
        for item in items():
            if isinstance(item, SkippedRecord):
                skipped.append(item)
            else:
                paper_of.append(self._merger.add(item))
        self._paper_of = array("q", paper_of)  # record number -> paper number
        self.read = self._merger.read
        self.merged = self._merger.merged
        self.skipped = tuple(skipped)

    def __len__(self) -> int:
        """Papers after merging."""
        return len(self._merger)

    def __iter__(self) -> Iterator[Paper]:
        waiting: dict[int, tuple[Paper, int]] = {}  # paper number -> (merged so far, records)
        record = 0
        for item in self._items():
            if isinstance(item, SkippedRecord):
                continue
            if record >= len(self._paper_of):
                raise self._changed(record + 1)
            slot = self._paper_of[record]
            record += 1
            if slot in waiting:
                merged, seen = waiting.pop(slot)
                item, seen = merge_papers(merged, item), seen + 1
            else:
                seen = 1
            if seen < self._merger.records[slot]:
                waiting[slot] = (item, seen)
            else:
                yield self._merger.resolve(item)
        if record != len(self._paper_of) or waiting:
            raise self._changed(record)

    def _changed(self, records: int) -> CorpusChangedError:
        return CorpusChangedError(
            f"the corpus changed while it was read: {len(self._paper_of)} usable records the "
            f"first time, {records} or more the second; run the command again once its "
            "files are no longer being written"
        )


def corpus_files(directory: Path) -> list[Path]:
    """Corpus files under ``directory``, sorted, hidden files and other suffixes left out."""
    return sorted(
        file
        for file in directory.rglob("*")
        if file.is_file()
        and file.suffix.lower() in CORPUS_SUFFIXES
        and not any(part.startswith(".") for part in file.relative_to(directory).parts)
    )


def collect(items: Iterable[ReadItem]) -> IngestReport:
    """Merge papers and gather skipped records into an IngestReport."""
    merger = PaperMerger()
    skipped: list[SkippedRecord] = []
    for item in items:
        if isinstance(item, SkippedRecord):
            skipped.append(item)
        else:
            merger.add(item)
    return IngestReport(
        papers=merger.papers(), read=merger.read, merged=merger.merged, skipped=tuple(skipped)
    )


def read_corpus(paths: Sequence[Path | str], format: str | None = None) -> IngestReport:
    """Read corpus files/directories (format detected per file unless given)."""
    return CorpusReader(paths, format).run()


def read_citeseer(directory: Path | str) -> IngestReport:
    """Read a CiteSeer directory (``papers.jsonl`` + ``edges.tsv``)."""
    directory = Path(directory)
    if not is_citeseer_dir(directory):
        reason = "not a CiteSeer directory (no papers.jsonl of id/text/label records)"
        skip = SkippedRecord(source=str(directory), record=0, reason=reason)
        return IngestReport(papers=(), read=0, merged=0, skipped=(skip,))
    label = directory.resolve().name
    return collect(_guarded(partial(iter_citeseer, directory, label), str(directory)))
