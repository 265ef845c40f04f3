"""``POST /recommendations``: papers to read next, from papers liked and disliked.

As Semantic Scholar's recommendations API: positive and negative paper ids in, papers out,
each with a score and the reasons for it (see :mod:`api.recommend`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from neo4j.exceptions import ClientError

from api import scholarly_queries as queries
from api.deps import Reader
from api.errors import ApiError
from api.pagination import read_router
from api.recommend import SIGNALS, Seeds, rank, seeds_from_rows
from api.scholarly_responses import RecommendationList, RecommendationRequest
from graph.schema import PAPER_GNN_VECTOR, PAPER_VECTOR
from graph.store import GraphStore

router = read_router("recommendations")
INDEXES = {"text": PAPER_VECTOR, "gnn": PAPER_GNN_VECTOR}
NEIGHBOURS_PER_SIGNAL = 100  # index neighbours fetched per signal, shared by all positives


def _seeds(reader: GraphStore, body: RecommendationRequest) -> Seeds:
    positive = list(dict.fromkeys(body.positive_paper_ids))
    negative = [i for i in dict.fromkeys(body.negative_paper_ids) if i not in positive]
    rows = reader.rows(queries.RECOMMEND_SEEDS, ids=positive + negative)
    unknown = sorted(set(positive + negative) - {row["id"] for row in rows})
    if unknown:
        raise ApiError(
            404, f"no paper with id {unknown[0]!r}", detail={"kind": "paper", "ids": unknown}
        )
    return seeds_from_rows(rows, positive, negative)


def _candidates(reader: GraphStore, seeds: Seeds, positive: list[str], k: int) -> list[str]:
    found: set[str] = set()
    for signal in seeds.positive:
        vectors = [[float(v) for v in row] for row in seeds.positive[signal]]
        try:
            row = reader.one(queries.RECOMMEND_NEAREST, index=INDEXES[signal], k=k, vectors=vectors)
        except ClientError:  # that index does not exist (yet): the other signal still works
            continue
        found.update((row or {}).get("ids") or [])
    found.update((reader.one(queries.RECOMMEND_CITED, ids=positive) or {}).get("ids") or [])
    return sorted(found)


@router.post(
    "/recommendations",
    response_model=RecommendationList,
    summary="Papers to read next, from positive and negative example papers",
)
def recommend(
    body: RecommendationRequest,
    reader: Reader,
    limit: Annotated[int, Query(ge=1, le=100, description="How many papers")] = 10,
) -> RecommendationList:
    seeds = _seeds(reader, body)
    signals = [s for s in SIGNALS if s in seeds.positive]
    if not signals:
        return RecommendationList(
            items=[],
            signals=[],
            note="none of the positive papers has an embedding yet: run `citegraph build`",
        )
    positive = list(dict.fromkeys(body.positive_paper_ids))
    exclude = positive + list(body.negative_paper_ids)
    ids = _candidates(reader, seeds, positive, max(NEIGHBOURS_PER_SIGNAL, limit + len(exclude)))
    rows = reader.rows(queries.RECOMMEND_CANDIDATES, ids=ids, exclude=exclude, positive=positive)
    items = rank(seeds, rows, limit)
    note = None if items else "no other paper shares an embedding signal with these papers"
    return RecommendationList(items=items, signals=signals, note=note)
