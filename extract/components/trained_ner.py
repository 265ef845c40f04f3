"""The extractor's statistical NER: where the trained model lives and how to plug it in.

The model predicts METHOD, DATASET, TASK and METRIC (``corpora.NER_LABELS``); it was trained
by ``python -m extract.training.train`` on SciERC train and TDMSci train. Its tok2vec sits
inside the NER model, so the component can be sourced into any English pipeline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_MODEL_DIR = REPO_ROOT / "extract" / "models" / "sci_ner"


def model_path(directory: Path = DEFAULT_MODEL_DIR) -> Path | None:
    """The trained pipeline's directory, or None when it has not been built."""
    return directory if (directory / "meta.json").is_file() else None


def load_ner(directory: Path = DEFAULT_MODEL_DIR) -> Language:
    """Load the trained pipeline (tokenizer + ``ner``); raises FileNotFoundError if unbuilt."""
    path = model_path(directory)
    if path is None:
        raise FileNotFoundError(
            f"no trained NER at {directory}; build it with: python -m extract.training.train"
        )
    return spacy.load(path)


def add_trained_ner(
    nlp: Language, name: str = "sci_ner", directory: Path = DEFAULT_MODEL_DIR, **placement: Any
) -> Language:
    """Add the trained ``ner`` to ``nlp`` as component ``name`` (``placement``: before/after…).

    The component writes ``doc.ents`` and keeps entities that earlier components set there.
    """
    nlp.add_pipe("ner", name=name, source=load_ner(directory), **placement)
    return nlp
