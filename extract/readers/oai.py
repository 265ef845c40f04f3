"""arXiv OAI metadata snapshot (the public Kaggle ``arxiv-metadata-oai-snapshot.json``).

One JSON object per line with ``id, submitter, authors, title, comments, journal-ref, doi,
abstract, categories, versions, update_date, authors_parsed``. Authors come from
``authors_parsed`` (``[last, first, suffix]``) when present; the date (and year) is the first
version's ``created`` date, else ``update_date``; the DOI is the paper's ``doi`` (the first
one when several are listed). ``categories`` and the rest go to ``Paper.extra``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from extract.ids import normalize_arxiv_id, normalize_doi
from extract.readers.fields import RecordError, clean_text, make_paper, parse_authors, parse_date
from extract.readers.jsonfiles import read_json_lines
from extract.records import Paper, SkippedRecord

_EXTRA_KEYS = (
    "submitter",
    "comments",
    "journal-ref",
    "doi",
    "categories",
    "license",
    "update_date",
)


def read_oai(path: Path, source: str) -> Iterator[Paper | SkippedRecord]:
    """Yield one Paper per usable line of an OAI metadata snapshot."""
    return read_json_lines(path, source, _oai_paper)


def _oai_paper(record: object, source: str) -> Paper:
    if not isinstance(record, dict):
        raise RecordError(f"record is a {type(record).__name__}, expected an object")
    raw_id = record.get("id")
    if not isinstance(raw_id, str) or not raw_id.strip():
        raise RecordError("no arXiv 'id'")
    arxiv = normalize_arxiv_id(raw_id)
    if arxiv is None:
        raise RecordError(f"'id' is not an arXiv id: {raw_id[:60]!r}")
    extra = {key: record[key] for key in _EXTRA_KEYS if record.get(key) not in (None, "")}
    return make_paper(
        title=record.get("title"),
        abstract=record.get("abstract"),
        source=source,
        authors=_authors(record),
        published=_first_version_date(record) or parse_date(record.get("update_date")),
        url=f"https://arxiv.org/abs/{arxiv}",
        arxiv=arxiv,
        doi=_first_doi(record.get("doi")),
        extra=extra,
    )


def _first_doi(value: object) -> str | None:
    """The first DOI of the ``doi`` field (some records list several, space-separated)."""
    if not isinstance(value, str) or not value.strip():
        return None
    first = value.split()[0]
    return normalize_doi(first) and first


def _authors(record: dict[str, object]) -> tuple[str, ...]:
    parsed = record.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        names = []
        for parts in parsed:
            if not isinstance(parts, list) or not all(isinstance(part, str) for part in parts):
                raise RecordError("field 'authors_parsed' must be a list of [last, first, suffix]")
            last, first, suffix = (list(parts) + ["", "", ""])[:3]
            names.append(
                clean_text(" ".join(p for p in (first, last, suffix) if p.strip()), "authors")
            )
        return tuple(name for name in names if name)
    return parse_authors(record.get("authors"))


def _first_version_date(record: dict[str, object]) -> str | None:
    versions = record.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[0], dict):
        created = versions[0].get("created")
        return parse_date(created) if isinstance(created, str) else None
    return None
