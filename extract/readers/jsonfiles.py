"""JSON Lines (one object per line) and JSON (an array of objects) corpus files."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from extract.readers.fields import RecordError, load_json
from extract.readers.lines import MAX_LINE_BYTES, iter_lines
from extract.readers.mapping import paper_from_mapping
from extract.records import Paper, SkippedRecord

ReadItem = Paper | SkippedRecord
# Keys under which a JSON document may hold its list of records
_LIST_KEYS = ("papers", "records", "data", "items")


def json_lines(path: Path, source: str) -> Iterator[tuple[int, object] | SkippedRecord]:
    """``(line number, value)`` per non-blank line of ``path`` (the value a ``RecordError``
    when the line is not JSON); an overlong line as a SkippedRecord."""
    for line in iter_lines(path):
        if line.text is None:
            reason = f"line longer than {MAX_LINE_BYTES:,} bytes"
            yield SkippedRecord(source=source, record=line.number, reason=reason)
        elif line.text.strip():
            try:
                yield line.number, load_json(line.text)
            except RecordError as err:
                yield line.number, err


def read_json_lines(
    path: Path, source: str, convert: Callable[[object, str], Paper]
) -> Iterator[ReadItem]:
    """Yield ``convert(object, source)`` per JSON line; blank lines ignored, bad ones skipped."""
    for item in json_lines(path, source):
        if isinstance(item, SkippedRecord):
            yield item
            continue
        number, value = item
        try:
            if isinstance(value, RecordError):
                raise value
            yield convert(value, source)
        except RecordError as err:
            yield SkippedRecord(source=source, record=number, reason=str(err))


def read_jsonl(path: Path, source: str) -> Iterator[ReadItem]:
    """Yield one Paper per usable line of a JSON Lines file."""
    return read_json_lines(path, source, paper_from_mapping)


def read_json(path: Path, source: str) -> Iterator[ReadItem]:
    """Yield the papers of a JSON array (or of an object holding one under ``papers``)."""
    text = path.read_text(encoding="utf-8", errors="surrogateescape").removeprefix("\ufeff")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        reason = f"invalid JSON at line {err.lineno} column {err.colno}: {err.msg}; file skipped"
        yield SkippedRecord(source=source, record=0, reason=reason)
        return
    except RecursionError:
        reason = "invalid JSON: nested too deeply; file skipped"
        yield SkippedRecord(source=source, record=0, reason=reason)
        return
    records = _record_list(document)
    if records is None:
        reason = (
            f"JSON document is a {type(document).__name__} without a list of papers; file skipped"
        )
        yield SkippedRecord(source=source, record=0, reason=reason)
        return
    for number, record in enumerate(records, start=1):
        yield _paper_or_skip(record, source, number)


def _record_list(document: object) -> list[object] | None:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in _LIST_KEYS:
            if isinstance(document.get(key), list):
                return list(document[key])
        if "title" in document:
            return [document]
    return None


def _paper_or_skip(record: object, source: str, number: int) -> ReadItem:
    try:
        return paper_from_mapping(record, source)
    except RecordError as err:
        return SkippedRecord(source=source, record=number, reason=str(err))
