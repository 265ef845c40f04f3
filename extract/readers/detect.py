"""Tell a corpus file's format from its content (the file name is only a tie-breaker)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from extract.readers.citeseer import is_citeseer_dir
from extract.readers.lines import read_head

FORMATS = ("seeds", "jsonl", "json", "csv", "atom", "oai", "citeseer")
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
        return "jsonl" if _later_line_is_object(head) else "json"
    if not isinstance(record, dict):
        return "jsonl"
    if len(_OAI_KEYS & record.keys()) >= 2:
        return "oai"
    if {"id", "text", "label"} <= record.keys() and "title" not in record:
        return "citeseer"
    return "jsonl"


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
