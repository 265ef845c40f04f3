"""JSON from scholarly APIs and dumps: JSON lines, list responses and error documents.

OpenAlex and Semantic Scholar hand out the same records three ways: one per line (snapshots,
bulk datasets, saved API pages), wrapped in a list response (``{"meta", "results"}``,
``{"data", "next"}``) on one line or pretty-printed, and, when a request failed, an error
document (``{"error": …, "message": …}``). ``read_source_json`` yields one converted record
per work and refuses a file that is an error document, loading nothing from it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from extract.readers.errors import SourceErrorDocument
from extract.readers.fields import RecordError
from extract.readers.jsonfiles import json_lines
from extract.records import Paper, SkippedRecord

ReadItem = Paper | SkippedRecord
Convert = Callable[[object, str], Paper | None]  # None: a record that holds no paper
# keys of an error document; a record with these and nothing a work has is one
_ERROR_KEYS = frozenset({"error", "message", "code", "status", "detail"})
_LIST_KEYS = ("results", "data")


def error_message(record: object) -> str | None:
    """The message of an API error document, or None when ``record`` is no such document."""
    if not isinstance(record, Mapping) or not record or not set(record) <= _ERROR_KEYS:
        return None
    if not {"error", "message"} & set(record):
        return None
    parts = [str(record[key]) for key in ("error", "message") if record.get(key)]
    return ": ".join(parts) or json.dumps(record)


def read_source_json(path: Path, source: str, convert: Convert, service: str) -> Iterator[ReadItem]:
    """Every work of a JSON-lines file or a JSON list response, converted by ``convert``.

    Record numbers are line numbers; works of a list response on one line are numbered by
    their place in its list. A file whose first record is an error document raises
    ``SourceErrorDocument`` before anything is yielded.
    """
    first = True
    for item in json_lines(path, source):
        if isinstance(item, SkippedRecord):
            yield item
            continue
        line_number, record = item
        if isinstance(record, RecordError):
            if first:  # a pretty-printed document: its first line is not JSON by itself
                yield from _document(path, source, convert, service)
                return
            yield SkippedRecord(source=source, record=line_number, reason=str(record))
            continue
        if first and (message := error_message(record)) is not None:
            raise SourceErrorDocument(service, message)
        first = False
        works = _listed(record)
        if works is None:
            yield from _converted(convert, record, source, line_number)
        else:
            for number, work in enumerate(works, start=1):
                yield from _converted(convert, work, source, number)


def _document(path: Path, source: str, convert: Convert, service: str) -> Iterator[ReadItem]:
    text = path.read_text(encoding="utf-8", errors="surrogateescape").removeprefix("\ufeff")
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as err:
        yield SkippedRecord(source=source, record=0, reason=f"invalid JSON: {err}; file skipped")
        return
    if (message := error_message(document)) is not None:
        raise SourceErrorDocument(service, message)
    works = _listed(document)
    if works is None:
        works = document if isinstance(document, list) else [document]
    for number, work in enumerate(works, start=1):
        yield from _converted(convert, work, source, number)


def _listed(record: object) -> list[object] | None:
    """The works of a list response, or None when ``record`` is one work."""
    if isinstance(record, Mapping):
        message = record.get("message")
        if isinstance(message, Mapping) and isinstance(message.get("items"), list):
            return list(message["items"])  # a Crossref list response
        for key in _LIST_KEYS:
            if isinstance(record.get(key), list) and "title" not in record:
                return list(record[key])
    return None


def _converted(convert: Convert, record: object, source: str, number: int) -> Iterator[ReadItem]:
    try:
        paper = convert(record, source)
    except RecordError as err:
        yield SkippedRecord(source=source, record=number, reason=str(err))
        return
    if paper is not None:
        yield paper
