"""SIGN-style encoder: graph propagation computed outside autograd, then a per-paper MLP.

Full-batch GraphSAGE keeps every layer's activations of every node for the backward pass,
which is what stops it at about 100k papers in 24 GiB. Here the graph is used only to
precompute ``[x, Â x, Â² x]`` for each paper–paper relationship (and ``x`` averaged over the
papers sharing an entity), with no gradient (Frasca et al., SIGN, 2020; Wu et al., SGC, 2019).
The trainable part sees one row per paper, so training runs in mini-batches of links and its
memory grows with the features, not with the layers of a message-passing graph.

The propagated inputs are stored in half precision: 1M papers × 384 dimensions × 7 inputs is
5 GiB in fp16 against 10 GiB in fp32.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import torch
import torch.nn.functional as F
from torch import nn
from torch_geometric.typing import Metadata

from graph.gnn.data import PAPER_NODE, EdgeType

STORE_DTYPE = torch.float16


def paper_edge_types(edge_types: list[EdgeType]) -> list[EdgeType]:
    """Paper–paper relationship types, in the graph's metadata order."""
    return [t for t in edge_types if t[0] == PAPER_NODE and t[2] == PAPER_NODE]


def mention_edge_types(edge_types: list[EdgeType]) -> list[EdgeType]:
    return [t for t in edge_types if t[0] == PAPER_NODE and t[2] != PAPER_NODE]


def num_inputs(metadata: Metadata, hops: int, metapaths: bool = False) -> int:
    """How many propagated inputs the encoder reads per view of the text: ``x``, ``hops`` per
    paper–paper type (or, with ``metapaths``, one per sequence of up to ``hops`` types), and one
    for the shared entities when the graph has mentions."""
    edge_types = [tuple(t) for t in metadata[1]]
    types = len(paper_edge_types(edge_types))
    paths = sum(types**k for k in range(1, hops + 1)) if metapaths else hops * types
    return 1 + paths + int(bool(mention_edge_types(edge_types)))


def normalised_adjacency(edge_index: torch.Tensor, n: int) -> sp.csr_matrix:
    """``D^-1/2 (A + I) D^-1/2`` of an undirected edge index (GCN's normalisation)."""
    rows = np.concatenate([edge_index[0].cpu().numpy(), np.arange(n)])
    cols = np.concatenate([edge_index[1].cpu().numpy(), np.arange(n)])
    adj = sp.csr_matrix((np.ones(rows.size, dtype=np.float32), (rows, cols)), shape=(n, n))
    adj.data[:] = 1.0  # duplicate edges count once
    scale = sp.diags((1.0 / np.sqrt(np.asarray(adj.sum(axis=1)).ravel())).astype(np.float32))
    return sp.csr_matrix(scale @ adj @ scale)


def row_normalised(matrix: sp.csr_matrix) -> sp.csr_matrix:
    degree = np.asarray(matrix.sum(axis=1)).ravel()
    return sp.csr_matrix(sp.diags((1.0 / np.maximum(degree, 1.0)).astype(np.float32)) @ matrix)


def _store(x: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)).to(STORE_DTYPE)


# a metapath being extended: its relationship types, their edge tensors, its float32 value
# (None where the stored value is to be read back instead)
_PathState = tuple[tuple[EdgeType, ...], tuple[torch.Tensor, ...], np.ndarray | None]


class Propagation:
    """The encoder's precomputed inputs on one graph, recomputed only for relationship types
    whose edges changed (training re-masks the target links every epoch; the others stay)."""

    def __init__(
        self, hops: int, widths: list[int] | None = None, metapaths: bool = False
    ) -> None:
        self.hops = hops
        self.widths = widths  # per view: zero columns pad a narrower one (small corpora's LSA)
        self.metapaths = metapaths
        self._cache: dict[tuple[int, EdgeType], tuple[torch.Tensor, list[torch.Tensor]]] = {}
        self._paths: dict[tuple, tuple[tuple[torch.Tensor, ...], torch.Tensor]] = {}
        self._adjacency: dict[EdgeType, tuple[torch.Tensor, sp.csr_matrix]] = {}
        self._views: list[torch.Tensor] = []

    def _paper_hops(self, edge_index: torch.Tensor, x: np.ndarray) -> list[torch.Tensor]:
        adj = normalised_adjacency(edge_index, x.shape[0])
        out, current = [], x
        for _ in range(self.hops):
            current = adj @ current
            out.append(_store(current))
        return out

    def _entity_mean(self, mentions: list[torch.Tensor], x: np.ndarray) -> list[torch.Tensor]:
        """Per paper, the mean over its entities of the mean text of the papers mentioning them."""
        n = x.shape[0]
        blocks, offset = [], 0
        for edges in mentions:
            size = int(edges[1].max()) + 1 if edges.numel() else 0
            rows, cols = edges[0].cpu().numpy(), edges[1].cpu().numpy() + offset
            blocks.append((rows, cols))
            offset += size
        rows = np.concatenate([b[0] for b in blocks])
        cols = np.concatenate([b[1] for b in blocks])
        m = sp.csr_matrix((np.ones(rows.size, dtype=np.float32), (rows, cols)), shape=(n, offset))
        entity_text = row_normalised(sp.csr_matrix(m.T)) @ x
        return [_store(row_normalised(m) @ entity_text)]

    def inputs(
        self, views: list[torch.Tensor], edge_index_dict: dict[EdgeType, torch.Tensor]
    ) -> list[torch.Tensor]:
        """Per view of the text (sentence embeddings, then lexical vectors when given):
        ``[x, Â₁x, Â₁²x, …, entity mean]`` (papers × dim each, fp16, on the CPU)."""
        same = len(views) == len(self._views) and all(
            a is b for a, b in zip(views, self._views, strict=True)
        )
        if not same:
            self._cache.clear()
            self._paths.clear()
            self._views = list(views)
        out: list[torch.Tensor] = []
        for i, view in enumerate(views):
            out.extend(self._view_inputs(i, view, edge_index_dict))
        return out

    def _view_inputs(
        self, i: int, view: torch.Tensor, edge_index_dict: dict[EdgeType, torch.Tensor]
    ) -> list[torch.Tensor]:
        dense = view.detach().float().cpu().numpy()
        if self.widths and dense.shape[1] < self.widths[i]:
            dense = np.pad(dense, ((0, 0), (0, self.widths[i] - dense.shape[1])))
        out = [_store(dense)]
        mentions = []
        papers: list[tuple[EdgeType, torch.Tensor]] = []
        for (source, relation, destination), edge_index in edge_index_dict.items():
            if source != PAPER_NODE:
                continue
            if destination != PAPER_NODE:
                mentions.append(edge_index)
                continue
            if self.metapaths:
                papers.append(((source, relation, destination), edge_index))
                continue
            key = (i, (source, relation, destination))
            cached = self._cache.get(key)
            if cached is None or cached[0] is not edge_index:
                cached = (edge_index, self._paper_hops(edge_index, dense))
                self._cache[key] = cached
            out.extend(cached[1])
        if papers:
            out.extend(self._metapath_inputs(i, dense, papers))
        if mentions:
            key = (i, ("paper", "mentions", "*"))
            cached = self._cache.get(key)
            if cached is None or cached[0] is not mentions[0]:
                cached = (mentions[0], self._entity_mean(mentions, dense))
                self._cache[key] = cached
            out.extend(cached[1])
        return out

    def _adjacency_of(
        self, edge_type: EdgeType, edge_index: torch.Tensor, n: int
    ) -> sp.csr_matrix:
        cached = self._adjacency.get(edge_type)
        if cached is None or cached[0] is not edge_index:
            cached = (edge_index, normalised_adjacency(edge_index, n))
            self._adjacency[edge_type] = cached
        return cached[1]

    def _metapath_inputs(
        self, i: int, dense: np.ndarray, papers: list[tuple[EdgeType, torch.Tensor]]
    ) -> list[torch.Tensor]:
        """``Â_tk … Â_t1 x`` for every sequence ``t1 … tk`` of paper–paper types, k ≤ hops
        (shorter sequences first, types in the graph's order): a path through a similar paper
        to its citations is an input of its own, as a stacked message-passing layer sees it.
        A path is propagated again only when one of its relationships changed."""
        n = dense.shape[0]
        out: list[torch.Tensor] = []
        level: list[_PathState] = [((), (), dense)]
        for step in range(self.hops):
            last = step == self.hops - 1  # no longer path follows: keep no float32 copy
            following: list[_PathState] = []
            for path, edges, current in level:
                for edge_type, edge_index in papers:
                    key = (i, *path, edge_type)
                    with_edge = (*edges, edge_index)
                    cached = self._paths.get(key)
                    if cached is not None and all(
                        a is b for a, b in zip(cached[0], with_edge, strict=True)
                    ):
                        out.append(cached[1])
                        following.append(((*path, edge_type), with_edge, None))
                        continue
                    if current is None:  # the parent was cached: its stored value
                        current = self._paths[(i, *path)][1].float().numpy()
                    value = self._adjacency_of(edge_type, edge_index, n) @ current
                    stored = _store(value)
                    self._paths[key] = (with_edge, stored)
                    out.append(stored)
                    following.append(((*path, edge_type), with_edge, None if last else value))
            level = following
        return out


class SignEncoder(nn.Module):
    """One linear branch per propagated input, concatenated, then a linear layer to ``hidden``
    and ``depth - 1`` more hidden layers (ReLU and dropout between them).

    Branch 0 reads the paper's own text: it is the residual added to the output, as in the
    GraphSAGE encoder, so a paper without links keeps its text signal.
    """

    def __init__(self, in_dims: list[int], hidden: int, dropout: float, depth: int = 1) -> None:
        super().__init__()
        self.branches = nn.ModuleList([nn.Linear(d, hidden) for d in in_dims])
        self.combine = nn.Linear(len(in_dims) * hidden, hidden)
        self.head = nn.ModuleList([nn.Linear(hidden, hidden) for _ in range(depth - 1)])
        self.dropout = dropout

    def forward(self, inputs: list[torch.Tensor], rows: torch.Tensor) -> torch.Tensor:
        device = self.combine.weight.device
        cpu_rows = rows.cpu()
        branches = []
        for branch, x in zip(self.branches, inputs, strict=True):
            part = x[cpu_rows].to(device).float()
            branches.append(branch(F.dropout(part, p=self.dropout, training=self.training)))
        h = torch.cat(branches, dim=1)
        z = self.combine(F.dropout(F.relu(h), p=self.dropout, training=self.training))
        for layer in self.head:
            z = layer(F.dropout(F.relu(z), p=self.dropout, training=self.training))
        return z + branches[0]

    @torch.no_grad()
    def all_rows(self, inputs: list[torch.Tensor], chunk: int = 65_536) -> torch.Tensor:
        """Embeddings of every paper, in chunks (inference)."""
        n = inputs[0].shape[0]
        parts = [self(inputs, torch.arange(s, min(s + chunk, n))) for s in range(0, n, chunk)]
        return torch.cat(parts) if parts else torch.empty((0, self.combine.out_features))
