"""Records passed between pipeline stages: papers, mentions, entities and stage results.

Every stage takes and returns these frozen models; the graph layer writes them to Neo4j
from ``model_dump()``. Nothing here knows about Neo4j.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

EntityType = Literal["MODEL", "DATASET", "METHOD", "TASK", "METRIC"]
TITLE_SENTENCE = -1  # the sentence index of a mention in the title
ENTITY_TYPES: tuple[EntityType, ...] = ("MODEL", "DATASET", "METHOD", "TASK", "METRIC")


class Record(BaseModel):
    """Base for all records: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Author(Record):
    """One author of a paper as the source names them, with the source's ids when it has any."""

    name: str
    ids: tuple[str, ...] = ()  # prefixed: "openalex:A123", "s2:12345", "orcid:0000-..."


class Venue(Record):
    """Where a paper was published: the source's id (``openalex:S…``) or ``name:`` + name."""

    id: str
    name: str


class Reference(Record):
    """A cited work as the citing record describes it (what a stub is made from)."""

    ids: tuple[str, ...]  # prefixed keys, best first: "doi:…", "arxiv:…", "openalex:W…", …
    title: str | None = None
    year: int | None = None
    authors: tuple[str, ...] = ()


class Paper(Record):
    """One paper as read from a corpus file, deduplicated by ``id``.

    ``authors`` are the names (kept for compatibility); ``authorships`` the same authors with
    their source ids, in author-list order, when the reader knows them. ``references`` are the
    keys of cited works (paper ids or prefixed external ids); ``cited`` holds what the source
    says about some of them (title, year), used for stubs of works outside the corpus.
    """

    id: str
    title: str
    abstract: str
    authors: tuple[str, ...] = ()
    authorships: tuple[Author, ...] = ()
    published: str | None = None  # ISO date (YYYY-MM-DD) or year when known
    year: int | None = None
    date: str | None = None  # ISO YYYY-MM-DD when the day is known
    doi: str | None = None  # lower case, no resolver prefix
    venue: Venue | None = None
    external_ids: tuple[str, ...] = ()  # prefixed: doi:, arxiv:, pmid:, openalex:W, s2:, corpus:
    url: str | None = None
    source: str = ""  # file the paper was read from (first one, when merged)
    references: tuple[str, ...] = ()  # keys of cited papers (become CITES edges)
    cited: tuple[Reference, ...] = ()
    extra: dict[str, Any] = Field(default_factory=dict)  # fields the reader kept verbatim


class SkippedRecord(Record):
    """A record a reader could not use, with where it was and why."""

    source: str  # file path
    record: int  # 1-based line number (line formats) or record number (others)
    reason: str


class IngestReport(Record):
    """What reading a set of files produced."""

    papers: tuple[Paper, ...]
    read: int  # usable records read, before merging duplicates
    merged: int  # records folded into an earlier paper with the same id
    skipped: tuple[SkippedRecord, ...] = ()


class Mention(Record):
    """One entity mention: ``abstract[start:end] == text``, or ``title[start:end] == text``
    for a mention in the title (``field="title"``, ``sentence == -1``)."""

    start: int
    end: int  # exclusive
    text: str
    type: EntityType
    canonical: str  # the entity's normal name
    entity_id: str  # stable id of the canonical entity, e.g. "method:masked image modeling"
    sentence: int  # index of the abstract's sentence (0-based) it sits in; -1: the title
    field: Literal["abstract", "title"] = "abstract"


class CorpusEvidence(Record):
    """What one paper tells the corpus-level pass (``extract.corpus``) and what it needs from it.

    ``definitions``: (short form, type, canonical) of each acronym the paper defines;
    ``bare``: (start, end, text, sentence) of acronyms it uses without defining them;
    ``names``: (type, key) of each entity it names, before corpus-level decisions.
    """

    definitions: tuple[tuple[str, str, str], ...] = ()
    bare: tuple[tuple[int, int, str, int], ...] = ()
    names: tuple[tuple[str, str], ...] = ()


class PaperMentions(Record):
    """All mentions found in one paper's abstract and title (abstract's first, in text order),
    with the abstract's sentence boundaries as evidence."""

    id: str
    mentions: tuple[Mention, ...] = ()
    sentences: tuple[tuple[int, int], ...] = ()  # (start, end) char offsets of each sentence
    corpus: CorpusEvidence | None = None  # set by the extractor; kept by the graph


class Entity(Record):
    """A canonical entity aggregated over the corpus."""

    id: str
    type: EntityType
    name: str
    aliases: tuple[str, ...] = ()
