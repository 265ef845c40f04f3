"""One key/value record (a JSON object or a CSV row) to a Paper.

Known keys: ``id`` (or ``arxiv_id``), ``title``, ``abstract`` (or ``summary``), ``authors``
(or ``author``; one string ``"A; B"`` or a list), ``published`` (or ``date``, ``year``, which
also give ``Paper.year``), ``doi``, ``venue`` (or ``journal``), ``url``, ``references`` (or
``cites``) and ``source``;
a record's own ``source`` (where it was first read, as in ``data/seeds.jsonl``) wins over
the name of the file it is read from.
Every other key is kept verbatim in ``Paper.extra``. An ``id`` that is not an arXiv id is
kept as ``extra["source_id"]`` so that references to it can be resolved after merging;
references that look like arXiv ids are normalised (``2301.00001v2`` -> ``arxiv:2301.00001``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from extract.ids import arxiv_id, name_id
from extract.readers.fields import (
    RecordError,
    as_references,
    clean_text,
    make_paper,
    parse_authors,
    parse_date,
)
from extract.records import Paper, Venue

_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "arxiv_id"),
    "title": ("title",),
    "abstract": ("abstract", "summary"),
    "authors": ("authors", "author"),
    "doi": ("doi",),
    "venue": ("venue", "journal"),
    "published": ("published", "date", "year"),
    "url": ("url",),
    "references": ("references", "cites"),
    "source": ("source",),
}
_KNOWN = frozenset(key for keys in _ALIASES.values() for key in keys)


def _pick(record: Mapping[str, Any], field: str) -> Any:
    for key in _ALIASES[field]:
        value = record.get(key)
        if value is not None and value != "":
            return value
    return None


def paper_from_mapping(record: object, source: str) -> Paper:
    """A Paper from one JSON object / CSV row; RecordError says why it is unusable."""
    if not isinstance(record, Mapping):
        raise RecordError(f"record is a {type(record).__name__}, expected an object")
    if None in record:  # csv.DictReader puts surplus cells under the key None
        raise RecordError("row has more cells than the header")
    raw_id = _pick(record, "id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int)):
        raise RecordError(f"field 'id' must be a string, got {type(raw_id).__name__}")
    raw_id = clean_text(str(raw_id), "id") if raw_id is not None else None
    published_raw = _pick(record, "published")
    published = parse_date(published_raw)
    extra = {key: value for key, value in record.items() if key not in _KNOWN}
    if published_raw is not None and published is None:
        extra["published_raw"] = published_raw
    own_source = clean_text(_pick(record, "source"), "source")
    venue = clean_text(_pick(record, "venue"), "venue")
    doi = clean_text(_pick(record, "doi"), "doi")
    paper = make_paper(
        title=_pick(record, "title"),
        abstract=_pick(record, "abstract"),
        source=own_source or source,
        authors=parse_authors(_pick(record, "authors")),
        published=published,
        url=_pick(record, "url"),
        arxiv=raw_id,
        doi=doi or None,
        venue=Venue(id=name_id(venue), name=venue) if venue else None,
        references=[arxiv_id(ref) or ref for ref in as_references(_pick(record, "references"))],
        extra=extra,
    )
    if raw_id and arxiv_id(raw_id) is None and raw_id != paper.id:
        paper = paper.model_copy(update={"extra": {**paper.extra, "source_id": raw_id}})
    return paper
