"""Response and request bodies of the scholarly routes (authors, venues, citations, trends,
recommendations); they make the OpenAPI schema at ``/docs``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ScholarlyPaper(BaseModel):
    """A paper in a list: ``stub`` papers are known only as a reference (no text, no entities)."""

    id: str
    title: str | None = None
    year: int | None = None
    venue: str | None = None
    authors: list[str] = []
    stub: bool = False


class AuthorPaper(ScholarlyPaper):
    position: int | None = None  # 0-based place in the paper's author list


class AuthorSummary(BaseModel):
    id: str
    name: str | None = None
    ids: list[str] = []
    paper_count: int = 0


class AuthorPage(BaseModel):
    items: list[AuthorSummary]
    next_cursor: str | None = None


class CoAuthor(BaseModel):
    id: str
    name: str | None = None
    papers: int  # papers written together


class TopEntity(BaseModel):
    id: str
    name: str | None = None
    type: str | None = None
    papers: int  # papers (of the author or venue) mentioning it


class AuthorDetail(AuthorSummary):
    papers: list[AuthorPaper]  # newest first, at most ``limit``
    co_authors: list[CoAuthor]
    top_entities: list[TopEntity]


class VenueSummary(BaseModel):
    id: str
    name: str | None = None
    paper_count: int = 0


class VenuePage(BaseModel):
    items: list[VenueSummary]
    next_cursor: str | None = None


class YearCount(BaseModel):
    year: int
    papers: int


class VenueAuthor(BaseModel):
    id: str
    name: str | None = None
    papers: int


class VenueDetail(VenueSummary):
    papers: list[ScholarlyPaper]  # newest first, at most ``limit``
    per_year: list[YearCount]
    top_authors: list[VenueAuthor]
    top_entities: list[TopEntity]


class CitationPage(BaseModel):
    """Papers citing (``citations``) or cited by (``references``) one paper, newest first."""

    id: str
    total: int
    items: list[ScholarlyPaper]
    next_cursor: str | None = None


class TrendYear(BaseModel):
    year: int
    papers: int  # papers of that year mentioning the entity
    share: float  # ... as a fraction of all papers of that year


class EntityTrend(BaseModel):
    id: str
    name: str | None = None
    type: str | None = None
    years: list[TrendYear]  # every year from the first to the last, zeros included
    papers_without_year: int


class RisingEntity(BaseModel):
    id: str
    name: str | None = None
    type: str | None = None
    recent_papers: int  # in-scope papers from ``since`` on that mention it
    earlier_papers: int  # in-scope papers before ``since`` that mention it
    recent_share: float
    earlier_share: float
    growth: float  # recent_share − earlier_share


class TrendPage(BaseModel):
    since: int
    until: int | None = None
    task: str | None = None  # the task entity id the scope was narrowed to
    recent_total: int  # in-scope papers from ``since`` on
    earlier_total: int  # in-scope papers before ``since``
    items: list[RisingEntity]
    next_cursor: str | None = None


class RecommendationRequest(BaseModel):
    """Papers the reader liked and disliked (Semantic Scholar's ``positivePaperIds`` and
    ``negativePaperIds`` are accepted as well)."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    positive_paper_ids: list[str] = Field(alias="positivePaperIds", min_length=1, max_length=100)
    negative_paper_ids: list[str] = Field(default=[], alias="negativePaperIds", max_length=100)


class Reason(BaseModel):
    """Why a paper was recommended: a signal and the seed paper it ties the result to."""

    kind: Literal["text", "gnn", "cites", "cited_by", "unlike"]
    paper: str  # the positive (or, for ``unlike``, the negative) seed paper
    score: float | None = None  # cosine similarity for ``text``, ``gnn`` and ``unlike``
    text: str


class Recommendation(ScholarlyPaper):
    score: float
    text_score: float | None = None
    gnn_score: float | None = None
    reasons: list[Reason]


class RecommendationList(BaseModel):
    items: list[Recommendation]
    signals: list[str]  # the scores used: "text", and "gnn" once `citegraph train` has run
    note: str | None = None
