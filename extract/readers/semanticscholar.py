"""Semantic Scholar: Academic Graph API paper objects and the bulk datasets' lines.

API objects (``paperId``, ``externalIds``, ``authors``, ``year``, ``publicationDate``,
``venue`` / ``publicationVenue``, ``abstract``, ``references``) and the entries of citation and
reference pages (``{"citingPaper": {...}}``) become Papers; their ids are ``s2:<paperId>``
and ``corpus:<corpusId>`` beside the DOI, arXiv id (``arxiv:``), PubMed id (``pmid:``) and MAG id.
Authors carry ``s2:<authorId>``; a venue is ``s2:<publication venue id>`` or its name.

The bulk ``papers`` dataset (lower-case keys) has no abstracts: they are taken from an
``abstracts`` dataset file in the same folder, and references from a ``citations`` file
there (``citingcorpusid`` -> ``citedcorpusid``). Those two files are read only that way.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract.ids import name_id, title_id
from extract.readers.fields import RecordError, clean_text, make_paper, parse_date
from extract.readers.lines import iter_lines
from extract.readers.sourcejson import read_source_json
from extract.records import Author, Paper, Reference, SkippedRecord, Venue

SERVICE = "Semantic Scholar"
# externalIds key -> our prefix (DOI and ArXiv go through make_paper's own normalisation)
_ID_PREFIXES = {"PubMed": "pmid", "MAG": "mag", "DBLP": "dblp", "ACL": "acl"}
_BULK_KEYS = {"corpusid", "externalids"}
_ABSTRACT_KEYS = {"corpusid", "abstract"}
_CITATION_KEYS = {"citingcorpusid", "citedcorpusid"}


def is_s2_record(record: Mapping[str, Any]) -> bool:
    """Whether ``record`` is a Semantic Scholar paper, page entry or bulk dataset line."""
    keys = set(record)
    return bool(
        keys & {"paperId", "citingPaper", "citedPaper"}
        or _BULK_KEYS <= keys
        or _ABSTRACT_KEYS <= keys
        or _CITATION_KEYS <= keys
    )


@dataclass
class Sidecars:
    """Abstracts and citations of the bulk datasets found beside a papers file."""

    abstracts: dict[str, str] = field(default_factory=dict)
    cites: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    papers_files: int = 0


def read_semanticscholar(path: Path, source: str) -> Iterator[Paper | SkippedRecord]:
    """Yield one Paper per usable record of a Semantic Scholar file."""
    kind = _bulk_kind(path)
    if kind in ("abstracts", "citations"):
        if not _sidecars(path.parent).papers_files:
            reason = (
                f"a Semantic Scholar {kind} dataset file is read with the papers dataset file "
                "beside it, and there is none in this folder"
            )
            yield SkippedRecord(source=source, record=0, reason=reason)
        return
    sidecars = _sidecars(path.parent) if kind == "papers" else Sidecars()

    def convert(record: object, src: str) -> Paper:
        return s2_paper(record, src, sidecars)

    yield from read_source_json(path, source, convert, SERVICE)


def _bulk_kind(path: Path) -> str | None:
    """``papers``, ``abstracts`` or ``citations`` for a bulk dataset file, else None."""
    try:
        first = next(
            (line.text for line in iter_lines(path) if line.text and line.text.strip()), None
        )
    except OSError:
        return None
    keys = set(_json(first))
    if _CITATION_KEYS <= keys:
        return "citations"
    if _ABSTRACT_KEYS <= keys and "title" not in keys:
        return "abstracts"
    if _BULK_KEYS <= keys:
        return "papers"
    return None


def _sidecars(folder: Path) -> Sidecars:
    found = Sidecars()
    for file in sorted(folder.glob("*.json*")):
        kind = _bulk_kind(file)
        if kind == "papers":
            found.papers_files += 1
        elif kind in ("abstracts", "citations"):
            for line in iter_lines(file):
                record = _json(line.text)
                if kind == "abstracts" and isinstance(record.get("abstract"), str):
                    found.abstracts[str(record.get("corpusid"))] = record["abstract"]
                elif kind == "citations" and record.get("citedcorpusid") is not None:
                    citing = str(record.get("citingcorpusid"))
                    found.cites[citing].append(f"corpus:{record['citedcorpusid']}")
    return found


def _json(text: str | None) -> dict[str, Any]:
    try:
        record = json.loads(text) if text else {}
    except ValueError:
        return {}
    return record if isinstance(record, dict) else {}


def s2_paper(record: object, source: str, sidecars: Sidecars | None = None) -> Paper:
    """A Paper from one Semantic Scholar record; RecordError says why it is unusable."""
    if not isinstance(record, Mapping):
        raise RecordError(f"record is a {type(record).__name__}, expected an object")
    nested = record.get("citingPaper") or record.get("citedPaper")
    if isinstance(nested, Mapping):
        record = nested  # an entry of a citations or references page
    bulk = "corpusid" in record
    get = _lower_getter(record) if bulk else record.get
    sidecars = sidecars or Sidecars()
    corpus = get("corpusId")
    listed = get("externalIds")
    ids: Mapping[str, Any] = listed if isinstance(listed, Mapping) else {}
    keys = [f"s2:{get('paperId')}" if get("paperId") else None]
    keys.append(f"corpus:{corpus}" if corpus is not None else None)
    keys += [f"{_ID_PREFIXES[k]}:{v}" for k, v in ids.items() if k in _ID_PREFIXES and v]
    abstract = get("abstract") or sidecars.abstracts.get(str(corpus))
    if not abstract and bulk:
        raise RecordError("no abstract (put the S2 abstracts dataset file beside the papers file)")
    references = [key for key in (_ref_key(ref) for ref in _list(get("references"))) if key]
    references += sidecars.cites.get(str(corpus), [])
    return make_paper(
        title=get("title"),
        abstract=abstract,
        source=source,
        authorships=_authors(get("authors")),
        published=parse_date(get("publicationDate")) or parse_date(get("year")),
        url=get("url"),
        arxiv=ids.get("ArXiv") or ids.get("arxiv"),
        doi=ids.get("DOI") or ids.get("doi"),
        venue=_venue(get("publicationVenue"), get("venue")),
        external_ids=[key for key in keys if key],
        references=references,
        cited=[ref for ref in (_ref_detail(r) for r in _list(get("references"))) if ref],
    )


def _lower_getter(record: Mapping[str, Any]) -> Any:
    """Bulk datasets spell the API's keys in lower case (``externalids``, ``corpusid``)."""
    return lambda key: record.get(key.lower())


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _authors(value: object) -> list[Author]:
    authors = []
    for item in _list(value):
        if not isinstance(item, Mapping):
            raise RecordError("field 'authors' must hold objects with a name")
        name = clean_text(item.get("name"), "authors")
        author_id = item.get("authorId") or item.get("authorid")
        if name:
            authors.append(Author(name=name, ids=(f"s2:{author_id}",) if author_id else ()))
    return authors


def _venue(publication: object, name: object) -> Venue | None:
    if isinstance(publication, Mapping) and publication.get("name"):
        venue_name = clean_text(publication["name"], "publicationVenue")
        key = publication.get("id")
        return Venue(id=f"s2:{key}" if key else name_id(venue_name), name=venue_name)
    text = clean_text(name, "venue") if isinstance(name, str) else ""
    return Venue(id=name_id(text), name=text) if text else None


def _ref_key(ref: object) -> str | None:
    if not isinstance(ref, Mapping):
        return None
    if ref.get("paperId"):
        return f"s2:{ref['paperId']}"
    detail = _ref_detail(ref)
    return detail.ids[0] if detail else None


def _ref_detail(ref: object) -> Reference | None:
    """What a reference entry says of the cited work (ids, title, year), for its stub."""
    if not isinstance(ref, Mapping):
        return None
    ids = [f"s2:{ref['paperId']}"] if ref.get("paperId") else []
    listed = ref.get("externalIds")
    external: Mapping[str, Any] = listed if isinstance(listed, Mapping) else {}
    if external.get("DOI"):
        ids.append(f"doi:{str(external['DOI']).lower()}")
    if external.get("CorpusId") is not None:
        ids.append(f"corpus:{external['CorpusId']}")
    title = ref.get("title") if isinstance(ref.get("title"), str) else None
    if not ids and title:
        ids.append(title_id(title))
    year = ref.get("year") if isinstance(ref.get("year"), int) else None
    return Reference(ids=tuple(ids), title=title, year=year) if ids else None
