"""Pairwise structural scores on a sparse graph: common neighbours and Adamic–Adar.

Computed with SciPy CSR row products, so scoring a million candidate pairs needs no dense
adjacency. Used as baselines and as inputs of the link decoder.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import torch


def adjacency(edge_index: torch.Tensor, num_nodes: int) -> sp.csr_matrix:
    """Binary symmetric CSR adjacency of an (undirected, both-direction) edge index."""
    rows = edge_index[0].cpu().numpy()
    cols = edge_index[1].cpu().numpy()
    matrix = sp.coo_matrix(
        (np.ones(rows.size, dtype=np.float32), (rows, cols)), shape=(num_nodes, num_nodes)
    )
    matrix = ((matrix + matrix.T) > 0).astype(np.float32)
    return sp.csr_matrix(matrix)


def _pair_products(
    adj: sp.csr_matrix, pairs: torch.Tensor, weights: np.ndarray | None, chunk: int
) -> np.ndarray:
    src = pairs[0].cpu().numpy()
    dst = pairs[1].cpu().numpy()
    out = np.empty(src.size, dtype=np.float32)
    for start in range(0, src.size, chunk):
        a = adj[src[start : start + chunk]]
        b = adj[dst[start : start + chunk]]
        if weights is not None:
            a = a @ sp.diags(weights)
        out[start : start + chunk] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out


def cross_neighbours(
    links: sp.csr_matrix, context: sp.csr_matrix, pairs: torch.Tensor, chunk: int = 200_000
) -> np.ndarray:
    """``log1p`` of how many context neighbours of one end (papers similar to it) are linked
    to the other end, both ways: "papers like u cite v" — the only structural signal for a
    paper that has no links of its own yet."""
    src = pairs[0].cpu().numpy()
    dst = pairs[1].cpu().numpy()
    out = np.empty(src.size, dtype=np.float32)
    for start in range(0, src.size, chunk):
        u, v = src[start : start + chunk], dst[start : start + chunk]
        forward = np.asarray(context[u].multiply(links[v]).sum(axis=1)).ravel()
        backward = np.asarray(links[u].multiply(context[v]).sum(axis=1)).ravel()
        out[start : start + chunk] = np.log1p(forward + backward)
    return out


def common_neighbours(adj: sp.csr_matrix, pairs: torch.Tensor, chunk: int = 200_000) -> np.ndarray:
    """Number of shared neighbours of each (u, v) column of ``pairs``."""
    return _pair_products(adj, pairs, None, chunk)


def adamic_adar(adj: sp.csr_matrix, pairs: torch.Tensor, chunk: int = 200_000) -> np.ndarray:
    """Σ 1/log(deg w) over shared neighbours w of each pair."""
    degree = np.asarray(adj.sum(axis=1)).ravel()
    weights = np.where(degree > 1, 1.0 / np.log(np.maximum(degree, 2)), 0.0).astype(np.float32)
    return _pair_products(adj, pairs, weights, chunk)


def degree_features(adj: sp.csr_matrix, pairs: torch.Tensor) -> list[np.ndarray]:
    """``[d u + d v, |d u − d v|]`` with ``d`` = log1p degree over its graph-wide mean:
    symmetric degree signals (the first is log preferential attachment: papers with many
    links gain more). Dividing by the mean keeps the scale the same when training hides
    part of the links, so what is learned on a masked graph holds on the full one."""
    degree = np.log1p(np.asarray(adj.sum(axis=1)).ravel()).astype(np.float32)
    degree /= max(float(degree.mean()), 1e-6)
    du, dv = degree[pairs[0].cpu().numpy()], degree[pairs[1].cpu().numpy()]
    return [du + dv, np.abs(du - dv)]


def pair_features(
    adjs: list[sp.csr_matrix], pairs: torch.Tensor, degrees: bool = False, cross: bool = False
) -> torch.Tensor:
    """``[log1p CN, AA]`` per adjacency, then (when asked) the degree features of the first
    one (the target links) and the cross count between the first two (pairs × 2·len(adjs)
    [+ 2] [+ 1])."""
    columns = []
    for adj in adjs:
        columns.append(np.log1p(common_neighbours(adj, pairs)))
        columns.append(adamic_adar(adj, pairs))
    if degrees and adjs:
        columns.extend(degree_features(adjs[0], pairs))
    if cross and len(adjs) >= 2:
        columns.append(cross_neighbours(adjs[0], adjs[1], pairs))
    if not columns:
        return torch.empty((pairs.shape[1], 0))
    return torch.from_numpy(np.stack(columns, axis=1)).float()


def propagate(adj: sp.csr_matrix, x: torch.Tensor) -> torch.Tensor:
    """``normalize(x + mean of neighbours' x)``: text smoothed over one hop (isolated: ``x``)."""
    degree = np.asarray(adj.sum(axis=1)).ravel()
    mean = sp.diags(1.0 / np.maximum(degree, 1.0)).astype(np.float32) @ adj
    smoothed = x + torch.from_numpy(np.asarray(mean @ x.cpu().numpy(), dtype=np.float32)).to(
        x.device
    )
    return torch.nn.functional.normalize(smoothed, dim=1)


def _row_dot(a: torch.Tensor, b: torch.Tensor, pairs: torch.Tensor) -> torch.Tensor:
    out = torch.empty(pairs.shape[1], device=a.device)
    for start in range(0, pairs.shape[1], 16_384):  # small chunks stay in cache
        part = pairs[:, start : start + 16_384]
        out[start : start + part.shape[1]] = (a[part[0]] * b[part[1]]).sum(1)
    return out


class PairFeaturizer:
    """Decoder pair features. For each text view (sentence embeddings, then the lexical LSA
    vectors when given): the cosine, and with ``smoothed`` the cosines of the view smoothed
    over the first graph (both ends, and one end smoothed, symmetrised); then CN/AA on each
    structural graph (and degree features on the first)."""

    def __init__(
        self,
        text: torch.Tensor,
        adjs: list[sp.csr_matrix],
        text_cosine: bool = True,
        smoothed: bool = False,
        lexical: torch.Tensor | None = None,
        degrees: bool = False,
        cross: bool = False,
    ) -> None:
        views = [text] + ([lexical] if lexical is not None else [])
        self.views = [torch.nn.functional.normalize(v.float(), dim=1) for v in views]
        self.device = text.device
        self.adjs = adjs
        self.text_cosine = text_cosine
        self.degrees = degrees
        self.cross = cross
        self.smooth = [propagate(adjs[0], v) for v in self.views] if smoothed and adjs else []

    def __call__(self, pairs: torch.Tensor) -> torch.Tensor:
        columns = []
        pairs = pairs.to(self.device)
        for i, view in enumerate(self.views):
            if self.text_cosine:
                columns.append(_row_dot(view, view, pairs).unsqueeze(1))
            if self.smooth:
                smooth = self.smooth[i]
                columns.append(_row_dot(smooth, smooth, pairs).unsqueeze(1))
                cross = _row_dot(smooth, view, pairs) + _row_dot(view, smooth, pairs)
                columns.append(cross.unsqueeze(1) / 2)
        if self.adjs:
            features = pair_features(self.adjs, pairs.cpu(), self.degrees, self.cross)
            columns.append(features.to(self.device))
        if not columns:
            return torch.empty((pairs.shape[1], 0), device=self.device)
        return torch.cat(columns, dim=1)
