"""Link math on plain data: Adamic–Adar weights, top-k with tie-breaks, incremental sets."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from graph.linking import (
    entity_aliases,
    entity_weight,
    shared_entity_links,
    similar_affected,
    similar_links,
)

# a: {x, y}  b: {x, y, z}  c: {y, z}  d: {z, w}  e: {w}     df: x=2 y=3 z=3 w=2
MINI = {"a": {"x", "y"}, "b": {"x", "y", "z"}, "c": {"y", "z"}, "d": {"z", "w"}, "e": {"w"}}
NAMES = {"x": "X-Net", "y": "Y-Set", "z": "Zeta", "w": "W-Task"}
RARE, COMMON = 1 / math.log(2), 1 / math.log(3)


def by_source(links):
    out: dict[str, list[tuple[str, float]]] = {}
    for link in links:
        out.setdefault(link.source, []).append((link.target, link.weight))
    return out


def test_entity_weight_favours_rare_entities() -> None:
    assert entity_weight(2) == pytest.approx(1 / math.log(2))
    assert entity_weight(2) > entity_weight(3) > entity_weight(1000) > 0
    assert entity_weight(1) == 0.0  # an entity only one paper mentions links nothing


def test_shared_links_weights_and_top_k_with_id_tie_break() -> None:
    links = by_source(shared_entity_links(MINI, NAMES, MINI, top_k=2))
    assert links["a"] == [("b", pytest.approx(RARE + COMMON)), ("c", pytest.approx(COMMON))]
    assert links["b"] == [("a", pytest.approx(RARE + COMMON)), ("c", pytest.approx(2 * COMMON))]
    # c ties a and d at 1/ln 3: the lower id wins the second place
    assert links["c"] == [("b", pytest.approx(2 * COMMON)), ("a", pytest.approx(COMMON))]
    assert links["d"] == [("e", pytest.approx(RARE)), ("b", pytest.approx(COMMON))]
    assert links["e"] == [("d", pytest.approx(RARE))]


def test_shared_links_list_shared_entities_rarest_first_and_respect_threshold() -> None:
    links = shared_entity_links(MINI, NAMES, ["a"], top_k=5, min_weight=1.0)
    assert [(link.target, link.shared, link.count) for link in links] == [
        ("b", ["X-Net", "Y-Set"], 2)
    ]


def test_shared_links_only_for_requested_sources() -> None:
    links = shared_entity_links(MINI, NAMES, ["e", "unknown"], top_k=3)
    assert {link.source for link in links} == {"e"}


def test_similar_links_rank_threshold_and_ties() -> None:
    ids = ["p1", "p2", "p3", "p4"]
    raw = np.array([[1.0, 0.0], [0.8, 0.6], [0.8, -0.6], [0.0, 1.0]])
    links = similar_links(ids, raw, ids, top_k=2, min_score=0.5)
    got = {(link.source, link.target): (link.score, link.rank) for link in links}
    # p1 is at cos 0.8 from both p2 and p3: p2 ranks first by id
    assert got[("p1", "p2")] == (pytest.approx(0.8), 1)
    assert got[("p1", "p3")] == (pytest.approx(0.8), 2)
    assert got[("p4", "p2")] == (pytest.approx(0.6), 1)
    assert ("p4", "p3") not in got and ("p4", "p1") not in got  # below the threshold
    assert ("p2", "p3") not in got  # cos 0.28


def test_similar_affected_finds_papers_a_new_vector_enters() -> None:
    ids = ["a", "b", "c", "new"]
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8], [0.99, 0.141]])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    current = {"a": [0.6], "b": [0.8], "c": [0.8]}
    affected = similar_affected(ids, vectors, ["new"], current, top_k=1, min_score=0.5)
    # new is nearer to a (0.99) than a's current best (0.6); b's 0.8 beats cos(b, new)
    assert affected == {"new", "a"}


def _random_corpus(seed: int, papers: int, entities: int) -> dict[str, set[str]]:
    rng = random.Random(seed)
    pool = [f"e{j:03d}" for j in range(entities)]
    weights = [1 / (j + 1) for j in range(entities)]  # a few common entities, many rare ones
    return {
        f"p{i:03d}": set(rng.choices(pool, weights, k=rng.randint(1, 6))) for i in range(papers)
    }


def test_updating_only_papers_touching_new_entities_equals_full_recompute() -> None:
    corpus = _random_corpus(7, 120, 60)
    base = {p: ents for p, ents in corpus.items() if p < "p090"}
    new = {p: ents for p, ents in corpus.items() if p >= "p090"}
    before = by_source(shared_entity_links(base, {}, base, top_k=4))
    touched = set().union(*new.values())
    affected = set(new) | {p for p, ents in corpus.items() if ents & touched}
    after = by_source(shared_entity_links(corpus, {}, affected, top_k=4))
    incremental = {p: links for p, links in before.items() if p not in affected} | after
    assert incremental == by_source(shared_entity_links(corpus, {}, corpus, top_k=4))


def test_similar_incremental_update_equals_full_recompute() -> None:
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(80, 8))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = [f"p{i:03d}" for i in range(80)]
    base_ids, new_ids = ids[:60], ids[60:]
    before = similar_links(base_ids, vectors[:60], base_ids, top_k=3, min_score=0.2)
    current: dict[str, list[float]] = {}
    for link in before:
        current.setdefault(link.source, []).append(link.score)
    affected = similar_affected(ids, vectors, new_ids, current, top_k=3, min_score=0.2)
    kept = [link for link in before if link.source not in affected]
    updated = kept + similar_links(ids, vectors, affected, top_k=3, min_score=0.2)
    full = similar_links(ids, vectors, ids, top_k=3, min_score=0.2)
    assert sorted(updated, key=lambda link: (link.source, link.rank)) == full
    assert len(affected) < len(ids)  # the update did not degenerate into a full recompute


def test_entity_aliases_are_distinct_forms_other_than_the_name() -> None:
    forms = ["BERT", "bert", "BERT-base", "Bert-Base", "BERT"]
    assert entity_aliases("BERT", forms) == ["BERT-base"]  # one spelling per case-folded form
    assert entity_aliases("BERT", forms) == entity_aliases("BERT", list(reversed(forms)))
