"""Link prediction model: heterogeneous GraphSAGE encoder and a pairwise MLP decoder.

Encoder: a per-node-type input projection, then GraphSAGE made heterogeneous with
``to_hetero`` (one SAGEConv per relationship type, summed), with the projected text
features added back as a residual so papers with few links keep their text signal.
With ``encoder="sign"`` the graph is propagated once outside autograd instead
(``graph/gnn/sign.py``), so training runs in mini-batches of links on graphs that do not fit
full-batch.
Decoder: an MLP over ``z_u ⊙ z_v`` plus explicit pair features — text cosines (sentence
embeddings and lexical LSA vectors), common-neighbour / Adamic–Adar counts and log degrees on
the message-passing graph, and how many papers similar to one end link to the other — in the
spirit of common-neighbour link models (NCN, SEAL-lite) without their subgraph cost.
"""

from __future__ import annotations

from typing import Literal

import torch
import torch.nn.functional as F
from pydantic import BaseModel, ConfigDict
from torch import nn
from torch_geometric.nn import SAGEConv, to_hetero
from torch_geometric.typing import Metadata

from graph.gnn.data import PAPER_NODE
from graph.gnn.features import LEXICAL_DIM
from graph.gnn.sign import Propagation, SignEncoder, num_inputs


class ModelConfig(BaseModel):
    """Architecture hyper-parameters, saved with the checkpoint."""

    model_config = ConfigDict(frozen=True)

    # "mlp": no message passing (baseline); "sign": precomputed propagation, mini-batches
    encoder: Literal["sage", "mlp", "sign"] = "sage"
    # hidden/layers/dropout (and TrainConfig's negatives, mask_ratio, loss) were chosen on
    # CiteSeer validation links in a 34-setting × 5-split sweep (BENCHMARKS.md)
    hidden: int = 256
    layers: int = 3
    dropout: float = 0.3
    residual: bool = True  # add projected text features to the GNN output
    text_cosine: bool = True  # cosine of the text embeddings as a decoder input
    structural: int = 2  # graphs whose CN/AA feed the decoder (0 = none)
    smoothed: bool = True  # cosines of text averaged over visible target links (needs structural)
    lexical: bool = True  # the same text features from the papers' lexical (LSA) vectors
    degrees: bool = True  # log-degree sum and difference of the pair on the target links
    cross: bool = True  # papers similar to one end linked to the other (needs structural 2)
    hops: int = 2  # sign: propagation steps per paper–paper relationship
    # sign: propagate the lexical vectors too, as more inputs (lower validation MRR on CiteSeer)
    sign_lexical: bool = False
    # sign: one input per sequence of relationship types (validation MRR 0.404 against 0.409)
    sign_metapaths: bool = False
    # sign: layers after the branches' concatenation (validation MRR 0.413 against 0.409 for 1)
    sign_depth: int = 2

    @property
    def num_pair_features(self) -> int:
        smoothed = 2 if self.smoothed and self.structural else 0
        views = 2 if self.lexical else 1
        degrees = 2 if self.degrees and self.structural else 0
        cross = 1 if self.cross and self.structural >= 2 else 0
        return views * (int(self.text_cosine) + smoothed) + 2 * self.structural + degrees + cross


class SageStack(nn.Module):
    """Homogeneous GraphSAGE layers; ``to_hetero`` turns it into one conv per edge type."""

    def __init__(self, hidden: int, layers: int, dropout: float) -> None:
        super().__init__()
        self.convs = nn.ModuleList([SAGEConv(hidden, hidden) for _ in range(layers)])
        # a module, not F.dropout: FX tracing in to_hetero would freeze the training flag
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, edge_index: torch.Tensor) -> torch.Tensor:
        for i, conv in enumerate(self.convs):
            x = conv(x, edge_index)
            if i < len(self.convs) - 1:
                x = self.dropout(F.relu(x))
        return x


class LinkPredictor(nn.Module):
    """``encode`` papers over a hetero graph, ``decode`` logits for (u, v) pairs."""

    def __init__(self, metadata: Metadata, in_dim: int, config: ModelConfig) -> None:
        super().__init__()
        self.config = config
        node_types = {"sage": metadata[0], "mlp": [PAPER_NODE], "sign": []}[config.encoder]
        self.project = nn.ModuleDict({t: nn.Linear(in_dim, config.hidden) for t in node_types})
        self.gnn: nn.Module | None = None
        self.sign: SignEncoder | None = None
        if config.encoder == "sign":
            dims = [in_dim] + ([LEXICAL_DIM] if config.sign_lexical else [])
            per_view = num_inputs(metadata, config.hops, config.sign_metapaths)
            self.sign = SignEncoder(
                [d for d in dims for _ in range(per_view)],
                config.hidden,
                config.dropout,
                config.sign_depth,
            )
            self.propagation = Propagation(config.hops, dims, config.sign_metapaths)
        elif config.encoder == "sage" and config.layers > 0:
            self.gnn = to_hetero(
                SageStack(config.hidden, config.layers, config.dropout), metadata, aggr="sum"
            )
        else:
            self.mlp = nn.Sequential(
                nn.ReLU(), nn.Dropout(config.dropout), nn.Linear(config.hidden, config.hidden)
            )
        pair_dim = config.num_pair_features
        self.decoder = nn.Sequential(
            nn.Linear(config.hidden + pair_dim, config.hidden),
            nn.ReLU(),
            nn.Dropout(config.dropout),
            nn.Linear(config.hidden, 1),
        )
        # pair features also get a direct linear path, so a strong one is easy to keep
        self.pair_skip = nn.Linear(pair_dim, 1) if pair_dim else None

    def encode(
        self,
        x_dict: dict[str, torch.Tensor],
        edge_index_dict: dict,
        lexical: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """Paper embeddings (papers × hidden); ``lexical``: the papers' LSA vectors (read by
        the sign encoder)."""
        if self.sign is not None:
            inputs = self.sign_inputs(x_dict, edge_index_dict, lexical)
            if self.training:
                return self.sign(inputs, torch.arange(inputs[0].shape[0]))
            return self.sign.all_rows(inputs)
        h = {t: self.project[t](x) for t, x in x_dict.items() if t in self.project}
        if self.gnn is None:
            z = self.mlp(h[PAPER_NODE])
        else:
            h_in = {
                t: F.dropout(v, p=self.config.dropout, training=self.training) for t, v in h.items()
            }
            z = self.gnn(h_in, edge_index_dict)[PAPER_NODE]
        return z + h[PAPER_NODE] if self.config.residual else z

    def sign_inputs(
        self,
        x_dict: dict[str, torch.Tensor],
        edge_index_dict: dict,
        lexical: torch.Tensor | None = None,
    ) -> list[torch.Tensor]:
        """The SIGN encoder's propagated inputs on this graph (cached per relationship type)."""
        assert self.sign is not None, "only the sign encoder has propagated inputs"
        views = [x_dict[PAPER_NODE]]
        if self.config.sign_lexical:
            if lexical is None:
                raise ValueError("sign_lexical needs lexical paper features; the graph has none")
            views.append(lexical)
        return self.propagation.inputs(views, edge_index_dict)

    def decode(
        self, z: torch.Tensor, pairs: torch.Tensor, pair_features: torch.Tensor | None = None
    ) -> torch.Tensor:
        """Logit per (u, v) column of ``pairs``; symmetric in u and v."""
        inputs = [z[pairs[0]] * z[pairs[1]]]
        if pair_features is not None and pair_features.shape[1]:
            inputs.append(pair_features)
        logits = self.decoder(torch.cat(inputs, dim=1)).squeeze(-1)
        if self.pair_skip is not None and pair_features is not None:
            logits = logits + self.pair_skip(pair_features).squeeze(-1)
        return logits
