"""Paper recommendations from liked (positive) and disliked (negative) papers.

Each signal — the text embedding (``Paper.embedding``) and, once ``citegraph train`` has run,
the GNN embedding (``Paper.gnn_embedding``) — scores a candidate by its mean cosine to the
positive papers minus ``NEGATIVE_WEIGHT`` times its mean cosine to the negative ones. A
candidate's score is the mean of the signals it has. Candidates are the vector-index
neighbours of the positives under each signal plus the papers citing or cited by them.
Every result says why: the positive it is closest to under each signal, the citation ties
to positives, and the negative it resembles when that pulled it down.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from api.scholarly_responses import Reason, Recommendation

SIGNALS = ("text", "gnn")
NEGATIVE_WEIGHT = 0.5  # a disliked paper pushes away half as hard as a liked one pulls
UNLIKE_REASON_MIN = 0.5  # mention the closest negative when its cosine is at least this


@dataclass(frozen=True)
class Seeds:
    """Embeddings of the positive and negative papers, per signal (row per seed paper)."""

    positive_ids: dict[str, list[str]]
    positive: dict[str, np.ndarray]
    negative_ids: dict[str, list[str]]
    negative: dict[str, np.ndarray]


def _unit(vectors: Sequence[Sequence[float]]) -> np.ndarray:
    x = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(norms == 0, 1.0, norms)


def seeds_from_rows(
    rows: Sequence[dict[str, Any]], positive: Sequence[str], negative: Sequence[str]
) -> Seeds:
    """Group the seed rows (``id``, ``text``, ``gnn``) by role and signal, skipping missing
    embeddings."""
    by_id = {row["id"]: row for row in rows}

    def part(ids: Sequence[str], signal: str) -> tuple[list[str], np.ndarray | None]:
        have = [i for i in ids if i in by_id and by_id[i].get(signal)]
        return have, _unit([by_id[i][signal] for i in have]) if have else None

    pos_ids, pos, neg_ids, neg = {}, {}, {}, {}
    for signal in SIGNALS:
        ids, vectors = part(positive, signal)
        if vectors is not None:
            pos_ids[signal], pos[signal] = ids, vectors
        ids, vectors = part(negative, signal)
        if vectors is not None:
            neg_ids[signal], neg[signal] = ids, vectors
    return Seeds(pos_ids, pos, neg_ids, neg)


def _signal_score(
    seeds: Seeds, signal: str, vector: Sequence[float]
) -> tuple[float, Reason, Reason | None] | None:
    if signal not in seeds.positive or not vector:
        return None
    x = _unit([vector])[0]
    pos = seeds.positive[signal] @ x
    best = int(np.argmax(pos))
    score = float(pos.mean())
    liked = Reason(
        kind=signal,  # type: ignore[arg-type]
        paper=seeds.positive_ids[signal][best],
        score=float(pos[best]),
        text=f"{'text' if signal == 'text' else 'GNN'} embedding close to a paper you liked",
    )
    unlike = None
    if signal in seeds.negative:
        neg = seeds.negative[signal] @ x
        score -= NEGATIVE_WEIGHT * float(neg.mean())
        worst = int(np.argmax(neg))
        if neg[worst] >= UNLIKE_REASON_MIN:
            unlike = Reason(
                kind="unlike",
                paper=seeds.negative_ids[signal][worst],
                score=float(neg[worst]),
                text=f"ranked lower: {signal} embedding close to a paper you did not like",
            )
    return score, liked, unlike


def score_candidate(seeds: Seeds, row: dict[str, Any]) -> Recommendation | None:
    """A candidate row (``paper``, ``text``, ``gnn``, ``cites``, ``cited_by``) scored and
    explained; None when it shares no signal with the positives."""
    scores: dict[str, float] = {}
    reasons: list[Reason] = []
    unlikes: list[Reason] = []
    for signal in SIGNALS:
        found = _signal_score(seeds, signal, row.get(signal) or [])
        if found is None:
            continue
        scores[signal], liked, unlike = found
        reasons.append(liked)
        if unlike is not None:
            unlikes.append(unlike)
    if not scores:
        return None
    reasons += [
        Reason(kind="cites", paper=pid, text="cites a paper you liked") for pid in row["cites"]
    ]
    reasons += [
        Reason(kind="cited_by", paper=pid, text="cited by a paper you liked")
        for pid in row["cited_by"]
    ]
    return Recommendation(
        **row["paper"],
        score=sum(scores.values()) / len(scores),
        text_score=scores.get("text"),
        gnn_score=scores.get("gnn"),
        reasons=reasons + unlikes[:1],
    )


def rank(seeds: Seeds, rows: Sequence[dict[str, Any]], limit: int) -> list[Recommendation]:
    """The ``limit`` best-scored candidates, best first (ties by id)."""
    scored = [found for row in rows if (found := score_candidate(seeds, row)) is not None]
    scored.sort(key=lambda r: (-r.score, r.id))
    return scored[:limit]
