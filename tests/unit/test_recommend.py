"""Recommendation scoring: liked papers pull, disliked ones push half as hard, both signals
count, and every result says which seed it is close to."""

from __future__ import annotations

import pytest

from api.recommend import NEGATIVE_WEIGHT, rank, seeds_from_rows


def candidate(pid: str, text: list[float] | None, gnn: list[float] | None = None) -> dict:
    paper = {"id": pid, "title": pid, "year": None, "venue": None, "authors": [], "stub": False}
    return {"paper": paper, "text": text, "gnn": gnn, "cites": [], "cited_by": ["liked"]}


def test_scores_pull_towards_positives_and_away_from_negatives() -> None:
    seeds = seeds_from_rows(
        [
            {"id": "liked", "text": [1, 0, 0], "gnn": None},
            {"id": "bad", "text": [0, 1, 0], "gnn": None},
        ],
        positive=["liked"],
        negative=["bad"],
    )
    ranked = rank(seeds, [candidate("near", [1, 0.1, 0]), candidate("mixed", [1, 1, 0])], limit=5)
    assert [r.id for r in ranked] == ["near", "mixed"]
    mixed = ranked[1]
    assert mixed.score == pytest.approx(2**-0.5 * (1 - NEGATIVE_WEIGHT))
    kinds = [(r.kind, r.paper) for r in mixed.reasons]
    assert kinds == [("text", "liked"), ("cited_by", "liked"), ("unlike", "bad")]


def test_both_signals_are_averaged_and_papers_without_any_are_left_out() -> None:
    seeds = seeds_from_rows(
        [{"id": "liked", "text": [1, 0], "gnn": [0, 1]}], positive=["liked"], negative=[]
    )
    rows = [candidate("both", [1, 0], [1, 0]), candidate("none", None, None)]
    (only,) = rank(seeds, rows, limit=5)
    assert (only.id, only.text_score, only.gnn_score) == ("both", 1.0, 0.0)
    assert only.score == pytest.approx(0.5)
    assert {r.kind for r in only.reasons} == {"text", "gnn", "cited_by"}
