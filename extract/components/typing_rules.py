"""Type cues shared by the components: head nouns of a phrase and words around a name.

"Spatial CNN (SCNN)"-style definitions and unseen names are typed from the words that
name what they are ("... network" -> MODEL, "... loss" -> METHOD, "... dataset" -> DATASET).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from extract.canonical import singular
from extract.records import EntityType

# Last word of a phrase -> the type it makes the phrase.
HEAD_TYPES: dict[str, EntityType] = {
    **dict.fromkeys(
        (
            "network",
            "net",
            "transformer",
            "encoder",
            "decoder",
            "autoencoder",
            "machine",
            "perceptron",
            "architecture",
            "backbone",
            "gan",
            "llm",
            "cnn",
            "rnn",
            "bert",
            "former",
            "lstm",
            "classifier",
            "regressor",
            "retriever",
            "reranker",
            "tagger",
            "parser",
            "agent",
            "policy",
            "estimator",
            "model",
        ),
        "MODEL",
    ),
    **dict.fromkeys(
        (
            "dataset",
            "corpus",
            "benchmark",
            "suite",
            "bank",
            "treebank",
            "collection",
            "testbed",
            "leaderboard",
            "challenge",
        ),
        "DATASET",
    ),
    **dict.fromkeys(
        (
            "learning",
            "loss",
            "attention",
            "training",
            "pretraining",
            "pre-training",
            "tuning",
            "fine-tuning",
            "finetuning",
            "distillation",
            "prompting",
            "optimization",
            "search",
            "sampling",
            "regularization",
            "normalization",
            "augmentation",
            "descent",
            "algorithm",
            "method",
            "framework",
            "modeling",
            "modelling",
            "pooling",
            "decoding",
            "objective",
            "alignment",
            "matching",
            "guidance",
            "quantization",
            "pruning",
            "adaptation",
            "technique",
            "approach",
            "strategy",
            "mechanism",
            "scheme",
            "procedure",
            "embedding",
            "encoding",
            "convolution",
            "propagation",
            "diffusion",
            "inference",
            "regression",
            "clustering",
            "analysis",
            "steering",
            "merging",
            "compression",
            "connection",
            "tokenization",
            "masking",
            "dropout",
            "maximization",
            "minimization",
            "ensemble",
            "initialization",
            "projection",
            "routing",
            "paradigm",
        ),
        "METHOD",
    ),
    **dict.fromkeys(
        (
            "detection",
            "recognition",
            "classification",
            "segmentation",
            "retrieval",
            "generation",
            "translation",
            "summarization",
            "answering",
            "estimation",
            "prediction",
            "extraction",
            "parsing",
            "labeling",
            "labelling",
            "tagging",
            "comprehension",
            "understanding",
            "captioning",
            "separation",
            "synthesis",
            "completion",
            "tracking",
            "forecasting",
            "localization",
            "inpainting",
            "verification",
            "identification",
            "disambiguation",
            "resolution",
            "transcription",
            "linking",
            "typing",
            "reasoning",
            "grounding",
            "editing",
            "navigation",
            "manipulation",
            "planning",
            "recommendation",
            "ranking",
            "reranking",
            "re-ranking",
            "enhancement",
            "restoration",
            "denoising",
            "deblurring",
            "dehazing",
            "task",
        ),
        "TASK",
    ),
    **dict.fromkeys(
        (
            "score",
            "rate",
            "accuracy",
            "error",
            "distance",
            "precision",
            "recall",
            "divergence",
            "ratio",
            "metric",
            "measure",
            "coefficient",
            "correlation",
            "perplexity",
            "f1",
            "auc",
            "retention",
        ),
        "METRIC",
    ),
}

# Words right after a name that say what it is: "the SQuAD dataset", "ResNet backbone".
CONTEXT_TYPES: dict[str, EntityType] = {
    word: entity_type
    for word, entity_type in HEAD_TYPES.items()
    if word
    not in {
        "learning",
        "training",
        "analysis",
        "inference",
        "regression",
        "embedding",
        "encoding",
        "search",
        "task",
        "agent",
        "policy",
        "ranking",
    }
}
CONTEXT_TYPES.update({"models": "MODEL", "llms": "MODEL", "variant": "MODEL", "family": "MODEL"})

# Endings of unseen names that say what they are: "MemoryFormer", "Glot500-m", "AxBench".
_NAME_SHAPES: tuple[tuple[re.Pattern[str], EntityType], ...] = (
    (re.compile(r"(Bench|Eval|QA|Set|Corpus|Bank|-\d{4}|Captions|Suite)$"), "DATASET"),
    (
        re.compile(
            r"(Net|Former|former|BERT|GPT|LM|LLM|LLaMA|Llama|CLIP|ViT|GAN|VAE|-\d+(\.\d+)?[BM]|T5)$"
        ),
        "MODEL",
    ),
)


# Verbs that introduce a paper's own named contribution: "we propose X", "X, called Y".
DEFINERS = frozenset(
    "propose proposes introduce introduces present presents called named dubbed termed "
    "coined release releases develop develops".split()
)
_OWNERS = frozenset({"our", "proposed", "novel"})
_APPOSITION_WINDOW = 8


def head_type(words: list[str]) -> EntityType | None:
    """Type named by the last word of a phrase, if it is a typed head noun."""
    if not words:
        return None
    last = words[-1].lower()
    return HEAD_TYPES.get(last) or HEAD_TYPES.get(singular(last))


def context_type(word: str) -> EntityType | None:
    """Type named by a word that follows a name ("dataset", "network", "loss")."""
    lower = word.lower()
    return CONTEXT_TYPES.get(lower) or CONTEXT_TYPES.get(singular(lower))


def shape_type(name: str) -> EntityType | None:
    """Type suggested by the ending of an unseen name."""
    for pattern, entity_type in _NAME_SHAPES:
        if pattern.search(name):
            return entity_type
    return None


def contribution_type(doc: Doc) -> EntityType:
    """MODEL or METHOD for the paper's own named contribution: what the abstract calls "our ..."
    or "the proposed ..." more often (GUIDELINES: model/network -> MODEL,
    method/framework -> METHOD)."""
    counts = {"MODEL": 0, "METHOD": 0}
    for token in doc:
        if token.lower_ in _OWNERS:
            for follower in doc[token.i + 1 : min(token.i + 4, len(doc))]:
                found = context_type(follower.text)
                if found in counts:
                    counts[found] += 1
                    break
    return "MODEL" if counts["MODEL"] > counts["METHOD"] else "METHOD"


def appositive_type(doc: Doc, index: int) -> EntityType | None:
    """Type named by an apposition starting at ``doc[index]``: ", a pre-training objective"."""
    if index >= len(doc) or doc[index].text not in {",", ":"}:
        return None
    sentence_end = doc[index].sent.end if doc.has_annotation("SENT_START") else len(doc)
    for token in doc[index + 1 : min(sentence_end, index + 1 + _APPOSITION_WINDOW)]:
        if token.text in {",", ";", "(", ")"}:
            return None
        if (found := context_type(token.text)) is not None:
            return found
    return None
