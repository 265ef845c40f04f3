"""Paper text features for the GNN: the shared sentence embedder, cached on disk.

all-MiniLM-L6-v2 with the shared embedder's default of 256 tokens: the setting the graph
build stores embeddings with (so exported and freshly embedded papers match), and long
enough for a whole CiteSeer abstract (about 220 tokens; 128 cut half of it). Vectors are
L2-normalised float32, cached by content hash in ``<cache_dir>/embeddings.sqlite`` (per
setting), so a second run on the same corpus embeds nothing.

Beside them, each paper gets a lexical vector: TF-IDF over the corpus reduced by truncated
SVD (latent semantic analysis). Sentence embeddings blur rare terms together; citations
often hinge on exactly those (a named system, a niche problem), and on CiteSeer the
lexical cosine ranks cited papers as well as the sentence-embedding cosine does while
erring on other pairs, so the two together rank better than either alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from graph import embeddings

MAX_SEQ_LENGTH = embeddings.DEFAULT_MAX_SEQ_LENGTH
LEXICAL_DIM = 512


def embed_texts(
    texts: Sequence[str],
    cache_dir: Path,
    device: str = "cpu",
    batch_size: int = 16,
    backend: str = embeddings.DEFAULT_BACKEND,
) -> np.ndarray:
    """One L2-normalised row per text, read from / written to the cache in ``cache_dir``."""
    embedder = embeddings.Embedder(
        device=device,
        batch_size=batch_size,
        backend=backend,
        max_seq_length=MAX_SEQ_LENGTH,
        cache_path=Path(cache_dir) / "embeddings.sqlite",
    )
    try:
        return embedder.embed(list(texts))
    finally:
        embedder.close()


def lexical_features(texts: Sequence[str], dim: int = LEXICAL_DIM, seed: int = 0) -> np.ndarray:
    """L2-normalised LSA vectors of ``texts`` (papers × at most ``dim``), fitted on them.

    Sublinear TF-IDF over words of two or more papers (English stop words and words in
    more than half the papers dropped), then truncated SVD. Deterministic for a corpus
    and seed. A corpus too small or too uniform for a vocabulary gets zero vectors, which
    make every lexical cosine 0 (no signal, no error).
    """
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(texts)
    out = np.zeros((n, dim), dtype=np.float32)
    if n < 3:
        return out
    vectorizer = TfidfVectorizer(
        sublinear_tf=True, stop_words="english", min_df=2, max_df=0.5, dtype=np.float32
    )
    try:
        tfidf = vectorizer.fit_transform(texts)
    except ValueError:  # empty vocabulary after pruning
        return out
    k = min(dim, tfidf.shape[1] - 1, n - 1)
    if k < 1:
        return out
    reduced = TruncatedSVD(k, random_state=seed).fit_transform(tfidf).astype(np.float32)
    norms = np.linalg.norm(reduced, axis=1, keepdims=True)
    out[:, :k] = reduced / np.maximum(norms, 1e-12)
    return out


def text_neighbours(x: torch.Tensor, k: int, chunk: int = 4096) -> torch.Tensor:
    """Indices of each paper's ``k`` nearest papers by text cosine (itself excluded)."""
    x = torch.nn.functional.normalize(x.float(), dim=1)
    out = []
    for start in range(0, x.shape[0], chunk):
        sims = x[start : start + chunk] @ x.t()
        rows = torch.arange(start, min(start + chunk, x.shape[0]), device=x.device)
        sims[rows - start, rows] = -2.0
        out.append(sims.topk(min(k, x.shape[0] - 1), dim=1).indices)
    return torch.cat(out)
