"""Training of the extractor's models: the statistical NER (``train``), the transformer
tagger (``transformer_ner``) and the learned tagger (``tagger``). Nothing here is imported when
the extractor runs; the runtime pieces live in ``extract/components/``."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
