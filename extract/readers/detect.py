"""Tell a corpus file's format from its content (the file name is only a tie-breaker)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from extract.readers.bibtex import looks_like_bibtex
from extract.readers.citeseer import is_citeseer_dir
from extract.readers.crossref import is_crossref_work
from extract.readers.lines import read_head
from extract.readers.openalex import is_openalex_work
from extract.readers.semanticscholar import is_s2_record
from extract.readers.sourcejson import error_message

FORMATS = (
    "seeds",
    "jsonl",
    "json",
    "csv",
    "atom",
    "oai",
    "citeseer",
    "openalex",
    "semanticscholar",
    "bibtex",
    "crossref",
)
# Keys only the arXiv OAI snapshot has
_OAI_KEYS = frozenset({"authors_parsed", "versions", "submitter", "update_date", "journal-ref"})


class UnknownFormatError(ValueError):
    """A file's format cannot be told from its content."""


def detect_format(path: Path | str) -> str:
    """One of ``FORMATS`` for ``path``; UnknownFormatError when the content fits none."""
    path = Path(path)
    if is_citeseer_dir(path):
        return "citeseer"
    if path.is_dir():
        raise UnknownFormatError(f"{path} is a directory, not a corpus file")
    head = read_head(path).lstrip()
    if not head:
        raise UnknownFormatError(f"{path} is empty")
    if head.startswith("<"):
        if "<feed" in head[:4096] and "http://www.w3.org/2005/Atom" in head[:4096]:
            return "atom"
        raise UnknownFormatError(f"{path} is XML but not an Atom feed")
    if head.startswith(("@", "%")) and looks_like_bibtex(head):
        return "bibtex"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        return _json_object_format(head)
    if _looks_like_csv(head):
        return "csv"
    return "seeds"


def _json_object_format(head: str) -> str:
    """``jsonl``/``oai``/``citeseer`` when the first line is a whole object, else ``json``."""
    first_line = head.split("\n", 1)[0]
    try:
        record = json.loads(first_line)
    except json.JSONDecodeError:
        if '"https://openalex.org/W' in head and '"authorships"' in head:
            return "openalex"  # a pretty-printed OpenAlex document
        if '"paperId"' in head:
            return "semanticscholar"
        if '"message-type"' in head:
            return "crossref"
        return "jsonl" if _later_line_is_object(head) else "json"
    if not isinstance(record, dict):
        return "jsonl"
    scholarly = _scholarly_format(record)
    if scholarly:
        return scholarly
    if len(_OAI_KEYS & record.keys()) >= 2:
        return "oai"
    if {"id", "text", "label"} <= record.keys() and "title" not in record:
        return "citeseer"
    return "jsonl"


def _scholarly_format(record: dict[str, object]) -> str | None:
    """``openalex`` / ``semanticscholar`` for their records, list responses and error documents
    (OpenAlex's say ``error`` and ``message``, Semantic Scholar's one of them), else None."""
    for key in ("results", "data"):
        listed = record.get(key)
        if isinstance(listed, list) and listed and isinstance(listed[0], dict):
            record = listed[0]
            break
    if is_openalex_work(record):
        return "openalex"
    if is_s2_record(record):
        return "semanticscholar"
    if is_crossref_work(record):
        return "crossref"
    if error_message(record) is not None:
        return "openalex" if {"error", "message"} <= record.keys() else "semanticscholar"
    return None


def _later_line_is_object(head: str) -> bool:
    """Whether a later unindented line of ``head`` is a whole JSON object: JSON lines whose
    first line is broken (pretty-printed JSON indents its nested objects)."""
    for line in head.split("\n")[1:-1]:  # the last one may be cut
        if line.startswith("{"):
            try:
                if isinstance(json.loads(line), dict):
                    return True
            except json.JSONDecodeError:
                continue
    return False


def _looks_like_csv(head: str) -> bool:
    first_line = head.split("\n", 1)[0]
    try:
        header = next(csv.reader([first_line]))
    except (csv.Error, StopIteration):
        return False
    names = {cell.strip().lower() for cell in header}
    return len(header) >= 2 and "title" in names
