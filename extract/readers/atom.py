"""arXiv API responses (Atom XML): one Paper per ``<entry>``, parsed incrementally.

The id comes from ``<id>http://arxiv.org/abs/2301.00001v2</id>`` (version dropped), the
url is the version-less abstract page, the date comes from ``<published>``; categories,
DOI, comment and journal reference go to ``Paper.extra``. A broken document keeps the entries before
the break and reports it. The API's error response (an entry titled "Error" whose id is an
``…/api/errors#…`` address) raises ``SourceErrorDocument`` with the API's message.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from extract.ids import normalize_arxiv_id
from extract.readers.errors import SourceErrorDocument
from extract.readers.fields import RecordError, make_paper, parse_date
from extract.records import Paper, SkippedRecord

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
ERROR_ID_PART = "arxiv.org/api/errors"


def read_atom(path: Path, source: str) -> Iterator[Paper | SkippedRecord]:
    """Yield one Paper per usable Atom entry; a parse error ends the file with a report."""
    number = 0
    try:
        for _, element in ET.iterparse(path, events=("end",)):
            if element.tag != f"{ATOM}entry":
                continue
            number += 1
            _refuse_error_entry(element)
            try:
                yield _entry_paper(element, source)
            except RecordError as err:
                yield SkippedRecord(source=source, record=number, reason=str(err))
            element.clear()
    except ET.ParseError as err:
        line, column = err.position
        reason = (
            f"invalid XML at line {line} column {column} after {number} entries: {err}; "
            "rest of file skipped"
        )
        yield SkippedRecord(source=source, record=number + 1, reason=reason)


def _refuse_error_entry(entry: ET.Element) -> None:
    """Raise ``SourceErrorDocument`` when ``entry`` is the arXiv API's report of a failure."""
    entry_id = (entry.findtext(f"{ATOM}id") or "").strip()
    if ERROR_ID_PART in entry_id.lower():
        message = " ".join((entry.findtext(f"{ATOM}summary") or "").split())
        raise SourceErrorDocument("arXiv API", message or entry_id)


def _entry_paper(entry: ET.Element, source: str) -> Paper:
    raw_id = entry.findtext(f"{ATOM}id") or ""
    arxiv = normalize_arxiv_id(raw_id)
    extra: dict[str, object] = {}
    if raw_id and not arxiv:
        extra["source_id"] = raw_id.strip()
    categories = [cat.get("term", "") for cat in entry.findall(f"{ATOM}category")]
    if categories:
        extra["categories"] = [cat for cat in categories if cat]
    primary = entry.find(f"{ARXIV}primary_category")
    if primary is not None and primary.get("term"):
        extra["primary_category"] = primary.get("term")
    for tag, key in (("doi", "doi"), ("comment", "comments"), ("journal_ref", "journal_ref")):
        value = entry.findtext(f"{ARXIV}{tag}")
        if value and value.strip():
            extra[key] = " ".join(value.split())
    return make_paper(
        title=entry.findtext(f"{ATOM}title"),
        abstract=entry.findtext(f"{ATOM}summary"),
        source=source,
        authors=_authors(entry),
        published=parse_date(entry.findtext(f"{ATOM}published")),
        url=f"https://arxiv.org/abs/{arxiv}" if arxiv else _abs_link(entry),
        arxiv=arxiv,
        doi=doi if isinstance(doi := extra.get("doi"), str) else None,
        extra=extra,
    )


def _authors(entry: ET.Element) -> tuple[str, ...]:
    names = (author.findtext(f"{ATOM}name") or "" for author in entry.findall(f"{ATOM}author"))
    return tuple(" ".join(name.split()) for name in names if name.strip())


def _abs_link(entry: ET.Element) -> str | None:
    for link in entry.findall(f"{ATOM}link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return None
