"""Corpus readers: seed page dumps, JSONL/JSON/CSV, arXiv Atom and OAI metadata, CiteSeer.

``read_corpus(paths, format=None)`` reads files and directories into one ``IngestReport``
(papers deduplicated by stable id, unusable records listed with file, record and reason);
``CorpusReader(paths).stream()`` gives the same papers one by one without holding the corpus;
``detect_format(path)`` tells a file's format from its content; ``read_citeseer(dir)``
reads the CiteSeer corpus with its citation edges; ``format_report`` summarises a report.
"""

from extract.readers.corpus import (
    CorpusChangedError,
    CorpusReader,
    CorpusStream,
    corpus_files,
    read_citeseer,
    read_corpus,
)
from extract.readers.detect import FORMATS, UnknownFormatError, detect_format
from extract.readers.fields import MAX_ABSTRACT_CHARS, MIN_ABSTRACT_CHARS
from extract.readers.report import format_report

__all__ = [
    "FORMATS",
    "MAX_ABSTRACT_CHARS",
    "MIN_ABSTRACT_CHARS",
    "CorpusChangedError",
    "CorpusReader",
    "CorpusStream",
    "UnknownFormatError",
    "corpus_files",
    "detect_format",
    "format_report",
    "read_citeseer",
    "read_corpus",
]
