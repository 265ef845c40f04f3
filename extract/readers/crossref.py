"""Crossref REST ``work`` objects: JSON lines, single-work and list responses.

A work becomes a Paper with its DOI as id (unless an arXiv id is known), ``title`` (a list:
the first one), the JATS ``abstract`` as plain text, ``author`` (``given family``, ORCID ids),
``published`` / ``issued`` date parts, ``container-title`` as the venue and ``reference[]`` as
references: by DOI when the reference has one, else by its title, with the title, first
author and year kept for the stub of a work outside the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from extract.ids import doi_id, name_id, title_id
from extract.readers.fields import RecordError, clean_text, make_paper
from extract.readers.sourcejson import read_source_json
from extract.records import Author, Paper, Reference, SkippedRecord, Venue

SERVICE = "Crossref"
_TAG = re.compile(r"<[^>]+>")
_JATS_TITLE = re.compile(r"<jats:title>.*?</jats:title>", re.DOTALL)  # "Abstract" headings
_DATE_FIELDS = ("published", "published-print", "published-online", "issued", "created")


def is_crossref_work(record: Mapping[str, Any]) -> bool:
    """Whether ``record`` is a Crossref work or a Crossref API response."""
    return "message-type" in record or {"DOI", "prefix", "member"} <= set(record)


def read_crossref(path: Path, source: str) -> Iterator[Paper | SkippedRecord]:
    """Yield one Paper per usable work of a Crossref file."""
    return read_source_json(path, source, crossref_work, SERVICE)


def crossref_work(record: object, source: str) -> Paper:
    """A Paper from one Crossref work (or a response holding one)."""
    if isinstance(record, Mapping) and isinstance(record.get("message"), Mapping):
        record = record["message"]
    if not isinstance(record, Mapping):
        raise RecordError(f"record is a {type(record).__name__}, expected an object")
    doi = record.get("DOI") if isinstance(record.get("DOI"), str) else None
    venue = _first(record.get("container-title"))
    return make_paper(
        title=_first(record.get("title")),
        abstract=_jats_text(record.get("abstract")),
        source=source,
        authorships=_authors(record.get("author")),
        published=_published(record),
        url=record.get("URL"),
        doi=doi,
        venue=Venue(id=name_id(venue), name=venue) if venue else None,
        references=[ref.ids[0] for ref in _references(record.get("reference"))],
        cited=_references(record.get("reference")),
        extra={key: record[key] for key in ("type", "publisher") if record.get(key)},
    )


def _jats_text(value: object) -> str:
    """A JATS abstract as plain text, its section headings left out."""
    if not isinstance(value, str):
        return ""
    return _TAG.sub(" ", _JATS_TITLE.sub(" ", value))


def _first(value: object) -> str:
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str) and item.strip()), "")
    return clean_text(value, "title") if isinstance(value, str) else ""


def _authors(value: object) -> list[Author]:
    authors = []
    for person in value if isinstance(value, list) else []:
        if not isinstance(person, Mapping):
            continue
        parts = [person.get("given"), person.get("family")]
        name = clean_text(" ".join(p for p in parts if isinstance(p, str)), "author")
        name = name or clean_text(person.get("name") or "", "author")
        orcid = person.get("ORCID")
        ids = (f"orcid:{orcid.rstrip('/').rsplit('/', 1)[-1]}",) if isinstance(orcid, str) else ()
        if name:
            authors.append(Author(name=name, ids=ids))
    return authors


def _published(record: Mapping[str, Any]) -> str | None:
    for key in _DATE_FIELDS:
        parts = (
            record.get(key, {}).get("date-parts") if isinstance(record.get(key), Mapping) else None
        )
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            numbers = [p for p in parts[0][:3] if isinstance(p, int)]
            if numbers and 1000 <= numbers[0] < 3000:
                return "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])])
    return None


def _references(value: object) -> list[Reference]:
    found = []
    for ref in value if isinstance(value, list) else []:
        if not isinstance(ref, Mapping):
            continue
        title = ref.get("article-title") if isinstance(ref.get("article-title"), str) else None
        key = doi_id(ref["DOI"]) if isinstance(ref.get("DOI"), str) else None
        key = key or (title_id(title) if title else None)
        if key is None:
            continue  # an unstructured citation string names no work we can match
        year = ref.get("year")
        year_number = int(year[:4]) if isinstance(year, str) and year[:4].isdigit() else None
        author = ref.get("author") if isinstance(ref.get("author"), str) else None
        found.append(
            Reference(
                ids=(key,), title=title, year=year_number, authors=(author,) if author else ()
            )
        )
    return found
