"""Seed page dumps: paper lists copied from a trending-papers web page.

Two layouts occur, both read by the same pass:

- one title line followed by one abstract line, no blank lines;
- blocks separated by blank lines: title, abstract and optionally ``• N authors``,
  ``·`` and a date line (``Mar 26, 2023``), which become ``extra["author_count"]`` and
  ``published`` of the paper above them.

Page chrome ("Get trending papers…", "Subscribe" — also when glued to the first title —,
"Daily Papers", "byAK and the research community", "new", a year-less date such as
"Dec 10") is dropped. A title whose next line is another title (short, then a long line
follows) has no abstract: it is skipped instead of shifting every later pair.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from extract.readers.fields import RecordError, make_paper, parse_date
from extract.readers.lines import MAX_LINE_BYTES, iter_lines
from extract.records import Paper, SkippedRecord

_CHROME = frozenset(
    {
        "new",
        "subscribe",
        "daily papers",
        "get trending papers in your email inbox!",
        "get trending papers in your email inbox once a day!",
        "byak and the research community",
    }
)
_GLUED_SUBSCRIBE = re.compile(r"^Subscribe(?=\S)")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_PAGE_DATE = re.compile(rf"{_MONTH} \d{{1,2}}")
_PAPER_DATE = re.compile(rf"({_MONTH} \d{{1,2}}, \d{{4}})(?: \d+)?")  # trailing count: page votes
_AUTHOR_COUNT = re.compile(r"[•·*-]?\s*(\d+) authors?")
_SEPARATORS = frozenset({"·", "•", "-"})
_TITLE_MAX = 300  # a line at most this long without a final period can be a title


@dataclass
class _Entry:
    line: int
    title: str
    abstract: str | None = None
    published: str | None = None
    author_count: int | None = None


def read_seeds(path: Path, source: str) -> Iterator[Paper | SkippedRecord]:
    """Yield one Paper per title/abstract pair of a seed page dump."""
    items: list[tuple[int, str]] = []
    for line in iter_lines(path):
        if line.text is None:
            reason = f"line longer than {MAX_LINE_BYTES:,} bytes"
            yield SkippedRecord(source=source, record=line.number, reason=reason)
            continue
        text = _GLUED_SUBSCRIBE.sub("", line.text.strip())
        if text and text.casefold() not in _CHROME and not _PAGE_DATE.fullmatch(text):
            items.append((line.number, text))
    for entry in _pair(items):
        yield _entry_paper(entry, source)


def _pair(items: list[tuple[int, str]]) -> Iterator[_Entry]:
    """Group content lines into entries: title, abstract, then optional metadata lines."""
    current: _Entry | None = None
    texts = [i for i, (_, text) in enumerate(items) if not _is_meta(text)]
    next_text = {a: b for a, b in zip(texts, texts[1:], strict=False)}
    for index, (number, text) in enumerate(items):
        if _is_meta(text):
            if current is not None:
                _attach_meta(current, text)
            continue
        if current is not None and current.abstract is None:
            following = next_text.get(index)
            if not (
                _looks_like_title(text)
                and following is not None
                and len(items[following][1]) > _TITLE_MAX
            ):
                current.abstract = text
                continue
        if current is not None:
            yield current
        current = _Entry(line=number, title=text)
    if current is not None:
        yield current


def _is_meta(text: str) -> bool:
    return text in _SEPARATORS or bool(_AUTHOR_COUNT.fullmatch(text) or _PAPER_DATE.fullmatch(text))


def _attach_meta(entry: _Entry, text: str) -> None:
    count = _AUTHOR_COUNT.fullmatch(text)
    if count:
        entry.author_count = int(count.group(1))
    else:
        date = _PAPER_DATE.fullmatch(text)
        if date:
            entry.published = parse_date(date.group(1))


def _looks_like_title(text: str) -> bool:
    return len(text) <= _TITLE_MAX and not text.rstrip().endswith(".")


def _entry_paper(entry: _Entry, source: str) -> Paper | SkippedRecord:
    try:
        return make_paper(
            title=entry.title,
            abstract=entry.abstract,
            source=source,
            published=entry.published,
            extra={"author_count": entry.author_count} if entry.author_count else {},
        )
    except RecordError as err:
        return SkippedRecord(source=source, record=entry.line, reason=str(err))
