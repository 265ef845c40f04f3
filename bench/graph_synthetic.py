"""A synthetic corpus for the graph benchmark: papers whose abstracts are built from entity
names (so mention offsets are exact), a matching extractor, and a clustered vector embedder."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from extract.records import ENTITY_TYPES, Mention, Paper, PaperMentions


def _entities(count: int) -> list[tuple[str, str]]:
    return [(f"entity{j:05d}", ENTITY_TYPES[j % len(ENTITY_TYPES)]) for j in range(count)]


class SyntheticExtractor:
    """Finds the mentions the generator planted (exact offsets, one sentence per mention)."""

    def __init__(self, planted: dict[str, list[tuple[int, int, str, str]]]) -> None:
        self.planted = planted

    def run(self, papers: Sequence[Paper]) -> list[PaperMentions]:
        found = []
        for paper in papers:
            spans = self.planted.get(paper.id, [])
            mentions = tuple(
                Mention(
                    start=s,
                    end=e,
                    text=name,
                    type=kind,
                    canonical=name,  # type: ignore[arg-type]
                    entity_id=f"{kind.lower()}:{name}",
                    sentence=i,
                )
                for i, (s, e, name, kind) in enumerate(spans)
            )
            sentences = tuple((s, e + 1) for s, e, _, _ in spans)
            found.append(PaperMentions(id=paper.id, mentions=mentions, sentences=sentences))
        return found


def synthetic_corpus(
    n: int, entities: int = 5_000, seed: int = 0
) -> tuple[list[Paper], SyntheticExtractor]:
    """``n`` papers mentioning 3-12 entities each, entity popularity Zipf-like."""
    rng = np.random.default_rng(seed)
    pool = _entities(entities)
    weights = 1 / np.arange(1, entities + 1)
    weights /= weights.sum()
    papers, planted = [], {}
    for i in range(n):
        chosen = sorted(
            set(rng.choice(entities, size=int(rng.integers(3, 13)), p=weights).tolist())
        )
        text, spans = "", []
        for j in chosen:
            name, kind = pool[j]
            spans.append((len(text), len(text) + len(name), name, kind))
            text += name + ". "
        pid = f"syn:{i:06d}"
        papers.append(
            Paper(id=pid, title=f"Synthetic paper {i}", abstract=text.strip(), source="synthetic")
        )
        planted[pid] = spans
    return papers, SyntheticExtractor(planted)


class SyntheticEmbedder:
    """Deterministic 384-d unit vectors around 200 cluster centres (cosine ~0.8 within one)."""

    def __init__(self, clusters: int = 200, dim: int = 384, noise: float = 0.5) -> None:
        rng = np.random.default_rng(1)
        self.centres = rng.normal(size=(clusters, dim))
        self.centres /= np.linalg.norm(self.centres, axis=1, keepdims=True)
        self.noise = noise / np.sqrt(dim)
        self.model_id = f"synthetic/{clusters}x{dim}/{noise:g}"
        self.dimension = dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            rng = np.random.default_rng(seed)
            vector = self.centres[seed % len(self.centres)] + rng.normal(
                scale=self.noise, size=self.centres.shape[1]
            )
            rows.append(vector / np.linalg.norm(vector))
        return np.asarray(rows, dtype=np.float32)
