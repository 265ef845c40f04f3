"""Field checks shared by all readers: one place decides what a usable Paper is.

A reader gathers raw fields and calls ``make_paper``; a ``RecordError`` names the reason a
record cannot be used, and the reader turns it into a ``SkippedRecord``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from extract.ids import arxiv_id, doi_id, normalize_doi, paper_id
from extract.readers.dates import iso_date, year_only
from extract.readers.lines import has_bad_utf8
from extract.records import Author, Paper, Reference, Venue

MIN_ABSTRACT_CHARS = 20
MAX_ABSTRACT_CHARS = 100_000
MAX_TITLE_CHARS = 1_000
MAX_AUTHORS = 5_000


class RecordError(ValueError):
    """A record cannot become a Paper; the message is the reason shown to the user."""


def load_json(text: str) -> object:
    """Parse one JSON text; RecordError for bad syntax or absurd nesting."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise RecordError(f"invalid JSON: {err.msg}") from None
    except RecursionError:
        raise RecordError("invalid JSON: nested too deeply") from None


def clean_text(value: object, field: str) -> str:
    """``value`` as one-line text with whitespace collapsed; RecordError on wrong type/bytes."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f"field '{field}' must be a string, got {type(value).__name__}")
    if has_bad_utf8(value):
        raise RecordError(f"field '{field}' is not valid UTF-8")
    return " ".join(value.split())


def check_title(title: str) -> str:
    """The title itself, or RecordError when it is missing or absurdly long."""
    if not title:
        raise RecordError("no title")
    if len(title) > MAX_TITLE_CHARS:
        raise RecordError(f"title too long ({len(title):,} chars, max {MAX_TITLE_CHARS:,})")
    return title


def check_abstract(abstract: str) -> str:
    """The abstract itself, or RecordError when it is missing, too short or too long."""
    if not abstract:
        raise RecordError("no abstract")
    if len(abstract) < MIN_ABSTRACT_CHARS:
        raise RecordError(f"abstract too short ({len(abstract)} chars, min {MIN_ABSTRACT_CHARS})")
    if len(abstract) > MAX_ABSTRACT_CHARS:
        raise RecordError(
            f"abstract too long ({len(abstract):,} chars, max {MAX_ABSTRACT_CHARS:,})"
        )
    return abstract


def parse_authors(value: object) -> tuple[str, ...]:
    """Authors from a list of names, a list of ``{"name": …}``, or one string.

    A string is split on ``;`` when it has one, else on commas and `` and ``.
    """
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        parts = value.split(";") if ";" in value else re.split(r",|\band\b", value)
        names = [clean_text(part, "authors") for part in parts]
    elif isinstance(value, list | tuple):
        names = [clean_text(_author_name(item), "authors") for item in value]
    else:
        raise RecordError(f"field 'authors' must be a list or a string, got {type(value).__name__}")
    if len(names) > MAX_AUTHORS:
        raise RecordError(f"too many authors ({len(names):,})")
    return tuple(name for name in names if name)


def _author_name(item: object) -> object:
    if isinstance(item, Mapping):
        return item.get("name")
    return item


def parse_date(value: object) -> str | None:
    """An ISO date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) from common spellings, else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return year_only(value)
    if not isinstance(value, str):
        raise RecordError(f"field 'published' must be a string, got {type(value).__name__}")
    return iso_date(value)


def as_references(value: object) -> tuple[str, ...]:
    """A list of cited ids (strings or numbers) as strings; RecordError on other types."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [part for part in re.split(r"[;,\s]+", value) if part]
    if not isinstance(value, list | tuple):
        raise RecordError(f"field 'references' must be a list, got {type(value).__name__}")
    refs: list[str] = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, str | int):
            raise RecordError(f"field 'references' holds a {type(item).__name__}, expected ids")
        refs.append(str(item).strip())
    return tuple(dict.fromkeys(ref for ref in refs if ref))


def year_and_day(published: str | None) -> tuple[int | None, str | None]:
    """The year and, when the day is known, the ISO date of an ISO ``published`` value."""
    if not published:
        return None, None
    return int(published[:4]), published if len(published) == 10 else None


def make_paper(
    *,
    title: object,
    abstract: object,
    source: str,
    authors: Iterable[str] = (),
    authorships: Iterable[Author] = (),
    published: str | None = None,
    url: object = None,
    arxiv: str | None = None,
    doi: str | None = None,
    venue: Venue | None = None,
    external_ids: Iterable[str] = (),
    pid: str | None = None,
    references: Iterable[str] = (),
    cited: Iterable[Reference] = (),
    extra: dict[str, Any] | None = None,
) -> Paper:
    """A validated Paper; its id is ``pid`` if given, else derived by ``extract.ids``.

    ``year`` and ``date`` come from ``published``; ``external_ids`` gain the arXiv id and DOI;
    ``authors`` default to the names of ``authorships``.
    """
    clean_title = check_title(clean_text(title, "title"))
    clean_abstract = check_abstract(clean_text(abstract, "abstract"))
    clean_url = clean_text(url, "url") or None
    clean_doi = normalize_doi(doi) if doi else None
    known = [key for key in (arxiv_id(arxiv or ""), doi_id(clean_doi or "")) if key]
    people = tuple(authorships)
    year, day = year_and_day(published)
    return Paper(
        id=pid or paper_id(clean_title, arxiv, clean_doi),
        title=clean_title,
        abstract=clean_abstract,
        authors=tuple(authors) or tuple(person.name for person in people),
        authorships=people,
        published=published,
        year=year,
        date=day,
        doi=clean_doi,
        venue=venue,
        external_ids=tuple(dict.fromkeys([*known, *external_ids])),
        url=clean_url,
        source=source,
        references=tuple(references),
        cited=tuple(cited),
        extra=extra or {},
    )
