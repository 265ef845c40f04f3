"""CSV corpus files with a header row (``id,title,abstract,authors,published,url``…).

Authors in one cell are separated by ``;`` (commas and `` and `` are accepted when no
``;`` is present). Record numbers are the line where the row starts.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from extract.readers.fields import RecordError
from extract.readers.mapping import paper_from_mapping
from extract.records import Paper, SkippedRecord

if TYPE_CHECKING:
    from _csv import Reader


def read_csv(path: Path, source: str) -> Iterator[Paper | SkippedRecord]:
    """Yield one Paper per usable row; a malformed row is skipped, the rest read on."""
    with path.open(encoding="utf-8", errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = [cell.strip().lstrip("\ufeff").lower() for cell in next(reader)]
        except StopIteration:
            yield SkippedRecord(source=source, record=0, reason="empty CSV file; file skipped")
            return
        except csv.Error as err:
            yield SkippedRecord(
                source=source, record=1, reason=f"bad CSV header: {err}; file skipped"
            )
            return
        if "title" not in header:
            yield SkippedRecord(
                source=source, record=1, reason="CSV header has no 'title' column; file skipped"
            )
            return
        yield from _rows(reader, header, source)


def _rows(reader: Reader, header: list[str], source: str) -> Iterator[Paper | SkippedRecord]:
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield SkippedRecord(source=source, record=start, reason=f"malformed CSV row: {err}")
            start = reader.line_num + 1
            continue
        number, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        row: dict[object, object] = dict(zip(header, cells, strict=False))
        if len(cells) > len(header):
            row[None] = cells[len(header) :]
        try:
            yield paper_from_mapping(row, source)
        except RecordError as err:
            yield SkippedRecord(source=source, record=number, reason=str(err))
