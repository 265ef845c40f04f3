"""Small builders for extractor tests: a tiny lexicon directory and blank pipelines over it."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

import extract.components  # noqa: F401  (registers the factories)
from extract.records import Paper

TINY_LEXICON = {
    "models.txt": "BERT\nT5\nUL2\nconvolutional neural network | CNN\nTransformer | transformer\n",
    "datasets.txt": "ImageNet | ImageNet-1k\nSQuAD 1.1\nCOCO\n",
    "methods.txt": (
        "contrastive learning\npre-training | pretraining\nlow-rank adaptation | LoRA\n"
        "flow matching\n"
    ),
    "tasks.txt": "question answering | QA\nclassification\nimage classification\n",
    "metrics.txt": "accuracy\nF1\n",
    "generic.txt": "large language model\nlanguage model\n",
    "stop_names.txt": "GPU\nNLP\n",
}


def tiny_lexicon(directory: Path) -> Path:
    """Write the tiny lexicon into ``directory`` and return it."""
    for name, text in TINY_LEXICON.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def blank_pipeline(lexicon_dir: Path, components: tuple[str, ...]) -> Language:
    """``spacy.blank("en")`` + sentencizer + the named citegraph components, over a lexicon dir."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for name in components:
        nlp.add_pipe(name, config={"lexicon_dir": str(lexicon_dir)})
    return nlp


def paper(paper_id: str, abstract: str, title: str = "A paper") -> Paper:
    """A Paper with just what the extractor reads."""
    return Paper(id=paper_id, title=title, abstract=abstract)
