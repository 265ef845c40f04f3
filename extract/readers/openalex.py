"""OpenAlex works: snapshot JSON lines, saved API pages and list responses.

A work becomes a Paper with ``abstract_inverted_index`` rebuilt into text, ``authorships``
(author ids ``openalex:A…`` and ``orcid:…``, in list order), ``publication_date`` /
``publication_year``, the DOI, ``ids`` (``openalex:W…``, ``pmid:…``, ``mag:…``; an arXiv id
from an arXiv DOI or landing page), the venue from ``primary_location.source``
(``openalex:S…``, else its raw name) and ``referenced_works`` as references.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from extract.ids import name_id, normalize_arxiv_id
from extract.readers.fields import RecordError, clean_text, make_paper, parse_date
from extract.readers.sourcejson import read_source_json
from extract.records import Author, Paper, SkippedRecord, Venue

SERVICE = "OpenAlex"
_ENTITY = re.compile(r"^https?://openalex\.org/([WASIC]\d+)$", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
_EXTRA_KEYS = ("type", "language", "cited_by_count")


def read_openalex(path: Path, source: str) -> Iterator[Paper | SkippedRecord]:
    """Yield one Paper per usable work of an OpenAlex file."""
    return read_source_json(path, source, openalex_work, SERVICE)


def is_openalex_work(record: Mapping[str, Any]) -> bool:
    """Whether ``record`` looks like an OpenAlex work."""
    raw = record.get("id")
    return isinstance(raw, str) and raw.lower().startswith("https://openalex.org/w")


def openalex_key(raw: object) -> str | None:
    """``openalex:W123`` (or ``A…``, ``S…``) for an OpenAlex URL or bare id, else None."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    match = _ENTITY.match(text)
    bare = match.group(1) if match else text
    return f"openalex:{bare.upper()}" if re.fullmatch(r"[WASIC]\d+", bare, re.I) else None


def openalex_work(record: object, source: str) -> Paper:
    """A Paper from one OpenAlex work object; RecordError says why it is unusable."""
    if not isinstance(record, Mapping):
        raise RecordError(f"record is a {type(record).__name__}, expected an object")
    key = openalex_key(record.get("id"))
    if key is None:
        raise RecordError(f"'id' is not an OpenAlex work id: {str(record.get('id'))[:60]!r}")
    listed = record.get("ids")
    ids: Mapping[str, Any] = listed if isinstance(listed, Mapping) else {}
    doi = record.get("doi") or ids.get("doi")
    location = record.get("primary_location")
    location = location if isinstance(location, Mapping) else {}
    return make_paper(
        title=record.get("title") or record.get("display_name"),
        abstract=rebuild_abstract(record.get("abstract_inverted_index")),
        source=source,
        authorships=_authorships(record.get("authorships")),
        published=parse_date(record.get("publication_date"))
        or parse_date(record.get("publication_year")),
        url=doi if isinstance(doi, str) else location.get("landing_page_url"),
        arxiv=_arxiv(doi, record.get("locations")),
        doi=doi if isinstance(doi, str) else None,
        venue=_venue(location),
        external_ids=[key, *_other_ids(ids)],
        references=[ref for ref in map(openalex_key, _list(record, "referenced_works")) if ref],
        extra={name: record[name] for name in _EXTRA_KEYS if record.get(name) is not None},
    )


def rebuild_abstract(index: object) -> str:
    """The abstract text of an ``abstract_inverted_index`` (word -> positions)."""
    if index is None:
        return ""
    if not isinstance(index, Mapping):
        raise RecordError("field 'abstract_inverted_index' must be an object")
    placed: dict[int, str] = {}
    for word, positions in index.items():
        if not isinstance(positions, list):
            raise RecordError("field 'abstract_inverted_index' must map words to positions")
        for position in positions:
            if isinstance(position, int) and not isinstance(position, bool):
                placed[position] = word
    return " ".join(placed[position] for position in sorted(placed))


def _list(record: Mapping[str, Any], field: str) -> list[Any]:
    value = record.get(field)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(f"field '{field}' must be a list, got {type(value).__name__}")
    return value


def _authorships(value: object) -> list[Author]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError("field 'authorships' must be a list")
    authors = []
    for authorship in value:
        person = authorship.get("author") if isinstance(authorship, Mapping) else None
        person = person if isinstance(person, Mapping) else {}
        raw_name = person.get("display_name") or (
            authorship.get("raw_author_name") if isinstance(authorship, Mapping) else None
        )
        name = clean_text(raw_name, "authorships")
        if not name:
            continue
        ids = [openalex_key(person.get("id")), _orcid(person.get("orcid"))]
        authors.append(Author(name=name, ids=tuple(i for i in ids if i)))
    return authors


def _orcid(raw: object) -> str | None:
    if not isinstance(raw, str) or not raw.strip():
        return None
    return "orcid:" + raw.strip().rsplit("/", 1)[-1]


def _venue(location: Mapping[str, Any]) -> Venue | None:
    found = location.get("source")
    if isinstance(found, Mapping):
        name = clean_text(found.get("display_name"), "primary_location.source")
        key = openalex_key(found.get("id"))
        if name:
            return Venue(id=key or name_id(name), name=name)
    raw = location.get("raw_source_name")
    name = clean_text(raw, "primary_location") if isinstance(raw, str) else ""
    return Venue(id=name_id(name), name=name) if name else None


def _other_ids(ids: Mapping[str, Any]) -> list[str]:
    found = []
    pmid = ids.get("pmid")
    if isinstance(pmid, str) and pmid.strip():
        found.append("pmid:" + pmid.strip().rstrip("/").rsplit("/", 1)[-1])
    mag = ids.get("mag")
    if isinstance(mag, str | int) and not isinstance(mag, bool) and str(mag).strip():
        found.append(f"mag:{mag}")
    return found


def _arxiv(doi: object, locations: object) -> str | None:
    """An arXiv id from an arXiv DOI (10.48550/arXiv.…) or an arxiv.org landing page."""
    if isinstance(doi, str):
        match = _ARXIV_DOI.match(doi.strip().lower().rsplit("doi.org/", 1)[-1])
        if match and normalize_arxiv_id(match.group(1)):
            return match.group(1)
    for location in locations if isinstance(locations, list) else []:
        page = location.get("landing_page_url") if isinstance(location, Mapping) else None
        if isinstance(page, str) and "arxiv.org/abs/" in page and normalize_arxiv_id(page):
            return page
    return None
