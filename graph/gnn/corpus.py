"""Records → :class:`CorpusGraph` in memory: the same graph the linker writes to Neo4j.

Papers carry their text embeddings; MENTIONS come from the extractor's ``PaperMentions``;
SIMILAR_TO links each paper to its top-k text neighbours above a score; SHARES_ENTITIES
links papers to the top-k papers they share most entities with; CITES come from
``Paper.references``. Lets ``eval links`` run without a database.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np
import torch

from extract.records import Entity, Paper, PaperMentions
from graph.gnn.data import CorpusGraph, Pair
from graph.gnn.features import lexical_features, paper_text, text_neighbours


def similar_pairs(
    ids: Sequence[str], features: np.ndarray, top_k: int, min_score: float
) -> list[Pair]:
    """Each paper's top-k text neighbours with cosine ≥ ``min_score``."""
    if top_k <= 0 or len(ids) < 2:
        return []
    x = torch.nn.functional.normalize(torch.as_tensor(features).float(), dim=1)
    neighbours = text_neighbours(x, top_k)
    scores = (x.unsqueeze(1) * x[neighbours]).sum(-1) if len(ids) <= 20_000 else None
    pairs = []
    for i, row in enumerate(neighbours.tolist()):
        for rank, j in enumerate(row):
            score = float(scores[i, rank]) if scores is not None else float(x[i] @ x[j])
            if score >= min_score:
                pairs.append((ids[i], ids[j]))
    return pairs


def shared_entity_pairs(mentions: Sequence[PaperMentions], top_k: int) -> list[Pair]:
    """Each paper's top-k papers by number of shared entities (at least one)."""
    papers_of: dict[str, set[str]] = defaultdict(set)
    entities_of: dict[str, set[str]] = {}
    for pm in mentions:
        entities_of[pm.id] = {m.entity_id for m in pm.mentions}
        for entity_id in entities_of[pm.id]:
            papers_of[entity_id].add(pm.id)
    pairs = []
    for paper_id, entities in entities_of.items():
        shared = Counter(other for e in entities for other in papers_of[e] if other != paper_id)
        pairs.extend((paper_id, other) for other, _ in shared.most_common(top_k))
    return pairs


def corpus_from_records(
    papers: Sequence[Paper],
    features: np.ndarray,
    mentions: Sequence[PaperMentions] = (),
    entities: Sequence[Entity] = (),
    similar_top_k: int = 10,
    similar_min_score: float = 0.5,
    shared_top_k: int = 10,
) -> CorpusGraph:
    """The corpus graph of records; references to papers outside the corpus are dropped."""
    ids = tuple(p.id for p in papers)
    known = set(ids)
    entity_types = {e.id: e.type for e in entities}
    for pm in mentions:
        for m in pm.mentions:
            entity_types.setdefault(m.entity_id, m.type)
    return CorpusGraph(
        paper_ids=ids,
        paper_features=np.asarray(features, dtype=np.float32),
        paper_lexical=lexical_features([paper_text(p) for p in papers]),
        entity_types=entity_types,
        mentions=tuple(sorted({(pm.id, m.entity_id) for pm in mentions for m in pm.mentions})),
        shares_entities=tuple(shared_entity_pairs(mentions, shared_top_k)),
        similar_to=tuple(similar_pairs(ids, features, similar_top_k, similar_min_score)),
        cites=tuple(
            (p.id, ref) for p in papers for ref in p.references if ref in known and ref != p.id
        ),
    )
