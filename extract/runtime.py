"""Where torch runs and how runs are made repeatable: the one device choice and the one seeding
used by the embedder, the transformer tagger and the link predictor."""

from __future__ import annotations

import torch


def resolve_device(device: str = "auto") -> torch.device:
    """``auto``: the GPU when there is one, else the CPU; ``cuda`` without a GPU is an error."""
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("--device cuda asked for, but no CUDA device is available")
    return torch.device(device)


def seed_everything(seed: int) -> None:
    """Seed Python's, NumPy's and torch's generators (PyG's ``seed_everything``)."""
    from torch_geometric import seed_everything as seed_all

    seed_all(seed)
