"""``citegraph_terms``: unseen method and task phrases, found by their head noun.

"score-informed source separation" and "self-aware hard negative sampling" are not in any
lexicon, but their last word says what they are. A head noun with at least one narrowing
modifier before it ("music instrument recognition") becomes a candidate; a bare head
("recognition") does not. Measures at a cut-off ("Hits@20", "nDCG@10") are metrics.
Lexicon, acronym and name candidates keep precedence.
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.canonical import tidy_name
from extract.components.candidates import add_candidates, covered_tokens
from extract.components.modifiers import extend_modifiers, load_modifier_words
from extract.components.typing_rules import HEAD_TYPES
from extract.lexicon import LEXICON_DIR
from extract.records import EntityType

# Heads specific enough to make a modified phrase an entity; their types are the ones the
# typing rules give them (plurals that the typing rules do not list are added here).
_TERM_HEAD_WORDS = (
    "detection recognition classification segmentation retrieval generation translation "
    "summarization answering estimation prediction extraction parsing labeling labelling tagging "
    "comprehension captioning separation synthesis completion tracking forecasting localization "
    "verification identification disambiguation transcription linking grounding navigation "
    "learning distillation attention pre-training pretraining fine-tuning finetuning tuning "
    "prompting loss sampling regularization augmentation quantization pruning decoding pooling "
    "normalization guidance clustering convolution enhancement restoration denoising deblurring "
    "dehazing inpainting editing propagation optimization reasoning manipulation matching "
    "compression planning"
).split()
TERM_HEADS: dict[str, EntityType] = {
    **{head: HEAD_TYPES[head] for head in _TERM_HEAD_WORDS},
    "losses": "METHOD",
    "convolutions": "METHOD",
    # heads of research problems and techniques outside the typing rules, whose words after a
    # name ("ShapeNet reconstruction") do not say what the name is: "sparse recovery",
    # "point cloud registration", "energy minimization", "matrix factorization"
    **dict.fromkeys(("reconstruction", "recovery", "registration", "removal"), "TASK"),
    **dict.fromkeys(("minimization", "factorization", "programming"), "METHOD"),
}


# A singular head word after a phrase that makes it one method, whatever its own head says
# ("a sparse prediction approach"); the plural names approaches to a task ("previous
# score-informed separation approaches").
_METHOD_HEADS = frozenset("approach method algorithm technique strategy scheme procedure".split())


# "Hits@20", "Recall@100", "F1-Score@N", "nDCG@10": a measure at a cut-off is a metric.
METRIC_AT = re.compile(
    r"^(hits|recall|r|p|precision|ndcg|mrr|map|hr|acc|accuracy|f1|f1-score|success|pass)@\w+$",
    re.IGNORECASE,
)


class TermPatterns:
    """Adds "modifier(s) + typed head noun" candidates."""

    def __init__(self, name: str, lexicon_dir: str = "") -> None:
        self.name = name
        self.words = load_modifier_words(Path(lexicon_dir) if lexicon_dir else LEXICON_DIR)

    def __call__(self, doc: Doc) -> Doc:
        covered = covered_tokens(doc)
        spans = []
        for token in doc:
            if METRIC_AT.match(token.text) and token.i not in covered:
                spans.append(
                    Span(
                        doc,
                        token.i,
                        token.i + 1,
                        label="METRIC",
                        kb_id=token.text,
                        span_id="pattern",
                    )
                )
                continue
            entity_type = TERM_HEADS.get(token.lower_)
            end = token.i + 1
            if (
                token.lower_ in ("training", "tuning")
                and token.i >= 2
                and doc[token.i - 1].text == "-"
            ):
                entity_type, token = "METHOD", doc[token.i - 2]  # "pre-training", "fine-tuning"
            if entity_type is None or token.i in covered:
                continue
            start = extend_modifiers(doc, token.i, self.words)
            if entity_type == "TASK" and end < len(doc) and doc[end].lower_ in _METHOD_HEADS:
                entity_type = "METHOD"  # "a sparse prediction approach": a way, not a task
            if start < token.i and covered.isdisjoint(range(start, end)):
                spans.append(
                    Span(
                        doc,
                        start,
                        end,
                        label=entity_type,
                        kb_id=tidy_name(doc[start:end].text),
                        span_id="pattern",
                    )
                )
        add_candidates(doc, spans)
        return doc


@Language.factory("citegraph_terms", assigns=["doc.spans"], default_config={"lexicon_dir": ""})
def make_term_patterns(nlp: Language, name: str, lexicon_dir: str) -> TermPatterns:
    """Registered factory; runs after the lexicon so known terms keep their own reading."""
    return TermPatterns(name, lexicon_dir)
