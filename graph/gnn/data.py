"""Corpus graph → PyG ``HeteroData`` with the id mapping.

A :class:`CorpusGraph` is the in-memory form of what the graph holds: papers with their
sentence embeddings, entities by type, MENTIONS, SHARES_ENTITIES, SIMILAR_TO and CITES.
It is built either from records (``citeseer.py``) or from Neo4j (``export.py``); everything
after :func:`build_hetero` is shared.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import torch
from torch_geometric.data import HeteroData

from extract.records import ENTITY_TYPES, EntityType

PAPER_NODE = "paper"
CITES_EDGE = ("paper", "cites", "paper")
SIMILAR_EDGE = ("paper", "similar_to", "paper")
SHARED_EDGE = ("paper", "shares_entities", "paper")
RELATED_EDGE = ("paper", "related", "paper")  # target when the corpus has too few citations

Pair = tuple[str, str]
EdgeType = tuple[str, str, str]


def entity_node_type(entity_type: EntityType) -> str:
    """Node type of an entity type in the ``HeteroData`` (``"METHOD"`` → ``"method"``)."""
    return entity_type.lower()


@dataclass(frozen=True)
class CorpusGraph:
    """Papers, entities and their relationships, keyed by the graph's natural ids."""

    paper_ids: tuple[str, ...]
    paper_features: np.ndarray  # (papers, dim) float32, L2-normalised text embeddings
    paper_lexical: np.ndarray | None = None  # (papers, k) L2-normalised LSA vectors, if any
    entity_types: dict[str, EntityType] = field(default_factory=dict)  # entity id → type
    mentions: tuple[Pair, ...] = ()  # (paper id, entity id)
    shares_entities: tuple[Pair, ...] = ()
    similar_to: tuple[Pair, ...] = ()
    cites: tuple[Pair, ...] = ()  # (citing, cited)


@dataclass(frozen=True)
class IdMapping:
    """Row index ↔ natural id, per node type."""

    ids: dict[str, tuple[str, ...]]

    def index(self, node_type: str) -> dict[str, int]:
        return {node_id: i for i, node_id in enumerate(self.ids[node_type])}

    def to_dict(self) -> dict[str, list[str]]:
        return {node_type: list(ids) for node_type, ids in self.ids.items()}


def _paper_edge_index(pairs: Iterable[Pair], index: dict[str, int]) -> torch.Tensor:
    """Undirected edge index (both directions), deduplicated, without self-loops."""
    seen: set[tuple[int, int]] = set()
    for a, b in pairs:
        i, j = index.get(a), index.get(b)
        if i is None or j is None or i == j:
            continue
        seen.add((min(i, j), max(i, j)))
    if not seen:
        return torch.empty((2, 0), dtype=torch.long)
    half = torch.tensor(sorted(seen), dtype=torch.long).t()
    return torch.cat([half, half.flip(0)], dim=1)


def _mention_edges(
    corpus: CorpusGraph, paper_index: dict[str, int], entity_index: dict[str, dict[str, int]]
) -> dict[str, torch.Tensor]:
    rows: dict[str, set[tuple[int, int]]] = {t: set() for t in entity_index}
    for paper_id, entity_id in corpus.mentions:
        entity_type = corpus.entity_types.get(entity_id)
        if entity_type is None or paper_id not in paper_index:
            continue
        node_type = entity_node_type(entity_type)
        rows[node_type].add((paper_index[paper_id], entity_index[node_type][entity_id]))
    return {
        t: torch.tensor(sorted(r), dtype=torch.long).t()
        if r
        else torch.empty((2, 0), dtype=torch.long)
        for t, r in rows.items()
    }


def paper_lexical(data: HeteroData) -> torch.Tensor | None:
    """The papers' lexical (LSA) vectors, when the graph has them."""
    return getattr(data[PAPER_NODE], "lex", None)


def build_hetero(corpus: CorpusGraph) -> tuple[HeteroData, IdMapping]:
    """The ``HeteroData`` of a corpus and its id mapping.

    Paper–paper relationships are stored undirected (both directions in one edge type).
    Entity features are the mean text embedding of the papers that mention them, so every
    node type has inputs without any learned lookup table.
    """
    paper_index = {pid: i for i, pid in enumerate(corpus.paper_ids)}
    if len(paper_index) != len(corpus.paper_ids):
        raise ValueError("paper ids are not unique")
    features = torch.as_tensor(np.asarray(corpus.paper_features, dtype=np.float32))
    if features.shape[0] != len(corpus.paper_ids):
        raise ValueError(f"{features.shape[0]} feature rows for {len(corpus.paper_ids)} papers")
    data = HeteroData()
    data[PAPER_NODE].x = features
    if corpus.paper_lexical is not None:
        lexical = torch.as_tensor(np.asarray(corpus.paper_lexical, dtype=np.float32))
        if lexical.shape[0] != len(corpus.paper_ids):
            raise ValueError(f"{lexical.shape[0]} lexical rows for {len(corpus.paper_ids)} papers")
        data[PAPER_NODE].lex = lexical
    ids: dict[str, tuple[str, ...]] = {PAPER_NODE: corpus.paper_ids}
    entity_index: dict[str, dict[str, int]] = {}
    for entity_type in ENTITY_TYPES:
        node_type = entity_node_type(entity_type)
        members = tuple(sorted(e for e, t in corpus.entity_types.items() if t == entity_type))
        if members:
            ids[node_type] = members
            entity_index[node_type] = {e: i for i, e in enumerate(members)}
    for node_type, edges in _mention_edges(corpus, paper_index, entity_index).items():
        x = torch.zeros((len(ids[node_type]), features.shape[1]))
        if edges.numel():
            x.index_add_(0, edges[1], features[edges[0]])
            counts = torch.bincount(edges[1], minlength=x.shape[0]).clamp(min=1)
            x = x / counts.unsqueeze(1)
        data[node_type].x = x
        data[PAPER_NODE, "mentions", node_type].edge_index = edges
        data[node_type, "rev_mentions", PAPER_NODE].edge_index = edges.flip(0)
    for edge_type, pairs in (
        (CITES_EDGE, corpus.cites),
        (SIMILAR_EDGE, corpus.similar_to),
        (SHARED_EDGE, corpus.shares_entities),
    ):
        edge_index = _paper_edge_index(pairs, paper_index)
        if edge_index.numel():
            data[edge_type].edge_index = edge_index
    return data, IdMapping(ids)


# Citations are the target when the graph has at least this many distinct citation links
# between its papers (stubs and self-citations left out): enough to hold out 10% for testing
# and 5% for validation and still train on 85. Below it the model learns relatedness.
MIN_CITATION_LINKS = 100


def citation_links(data: HeteroData) -> int:
    """Distinct (undirected) citation links between papers of the graph."""
    if CITES_EDGE not in data.edge_types:
        return 0
    return int(data[CITES_EDGE].edge_index.shape[1]) // 2


def target_edge_type(data: HeteroData, min_citations: int = MIN_CITATION_LINKS) -> EdgeType:
    """CITES when the graph has ``min_citations`` citation links, else paper relatedness
    (SHARES_ENTITIES ∪ SIMILAR_TO).

    For relatedness the two source edge types are folded into one ``related`` type and
    removed as inputs, so no label is ever also a message path (the few citations stay inputs).
    """
    if citation_links(data) >= max(1, min_citations):
        return CITES_EDGE
    parts = [data[t].edge_index for t in (SIMILAR_EDGE, SHARED_EDGE) if t in data.edge_types]
    if not parts:
        raise ValueError("the graph has no paper–paper edges to learn from")
    merged = torch.unique(torch.cat(parts, dim=1), dim=1)
    for t in (SIMILAR_EDGE, SHARED_EDGE):
        if t in data.edge_types:
            del data[t]
    data[RELATED_EDGE].edge_index = merged
    return RELATED_EDGE


def target_reason(target: EdgeType, citations: int, min_citations: int = MIN_CITATION_LINKS) -> str:
    """One line saying which target was chosen and why, for the CLI and the model record."""
    if target == CITES_EDGE:
        return f"target CITES: {citations} citation links (at least {min_citations} needed)"
    return (
        f"target relatedness (SHARES_ENTITIES ∪ SIMILAR_TO): only {citations} citation links, "
        f"{min_citations} needed to train on CITES"
    )
