"""Records → :class:`CorpusGraph` in memory: the graph ``citegraph build`` writes to Neo4j.

Papers carry their text embeddings; MENTIONS come from the extractor's ``PaperMentions``;
SIMILAR_TO and SHARES_ENTITIES are computed by the build's own link functions
(``graph/linking.py``: each paper's top-k by cosine above a score, and its top-k by
Adamic–Adar weight over shared entities); CITES come from ``Paper.references``. Lets
``eval links`` run without a database and still score the product's graph.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from extract.records import Entity, Paper, PaperMentions
from graph.embeddings import paper_text
from graph.gnn.data import CorpusGraph, Pair
from graph.gnn.features import lexical_features
from graph.linker import LinkOptions
from graph.linking import shared_entity_links, similar_links


def similar_pairs(
    ids: Sequence[str], features: np.ndarray, top_k: int, min_score: float
) -> list[Pair]:
    """Each paper's SIMILAR_TO links as the build makes them (``linking.similar_links``)."""
    if top_k <= 0 or len(ids) < 2:
        return []
    order = sorted(range(len(ids)), key=lambda i: ids[i])
    vectors = np.asarray(features, dtype=np.float64)[order]  # as the linker reads them
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.maximum(norms, 1e-12)
    sorted_ids = [ids[i] for i in order]
    links = similar_links(sorted_ids, vectors, sorted_ids, top_k, min_score)
    return [(link.source, link.target) for link in links]


def shared_entity_pairs(
    mentions: Sequence[PaperMentions], top_k: int, min_weight: float = 0.0
) -> list[Pair]:
    """Each paper's SHARES_ENTITIES links as the build makes them (Adamic–Adar weight,
    ``linking.shared_entity_links``)."""
    paper_entities = {pm.id: {m.entity_id for m in pm.mentions} for pm in mentions}
    if top_k <= 0 or not paper_entities:
        return []
    links = shared_entity_links(paper_entities, {}, paper_entities, top_k, min_weight)
    return [(link.source, link.target) for link in links]


def corpus_from_records(
    papers: Sequence[Paper],
    features: np.ndarray,
    mentions: Sequence[PaperMentions] = (),
    entities: Sequence[Entity] = (),
    links: LinkOptions | None = None,
) -> CorpusGraph:
    """The corpus graph of records, linked with ``links`` (the build's defaults unless given);
    references to papers outside the corpus are dropped."""
    links = links or LinkOptions()
    ids = tuple(p.id for p in papers)
    known = set(ids)
    entity_types = {e.id: e.type for e in entities}
    for pm in mentions:
        for m in pm.mentions:
            entity_types.setdefault(m.entity_id, m.type)
    return CorpusGraph(
        paper_ids=ids,
        paper_features=np.asarray(features, dtype=np.float32),
        paper_lexical=lexical_features([paper_text(p.title, p.abstract) for p in papers]),
        entity_types=entity_types,
        mentions=tuple(sorted({(pm.id, m.entity_id) for pm in mentions for m in pm.mentions})),
        shares_entities=tuple(
            shared_entity_pairs(mentions, links.shared_top_k, links.shared_min_weight)
        ),
        similar_to=tuple(
            similar_pairs(ids, features, links.similar_top_k, links.similar_min_score)
        ),
        cites=tuple(
            (p.id, ref) for p in papers for ref in p.references if ref in known and ref != p.id
        ),
    )
