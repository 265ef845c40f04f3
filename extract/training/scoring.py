"""Exact-span scores of the statistical NER on SciERC, TDMSci and the seed-gold abstracts.

A predicted span counts only when its character start, end and type all equal a gold span's.
Each corpus is scored in its own type system: SciERC through ``PROJECT_TO_SCIERC`` (MODEL and
METHOD are both Method), TDMSci on TASK/DATASET/METRIC (it has no method type, so METHOD
predictions are left out), the seed gold on the project's types.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from pydantic import BaseModel, ConfigDict
from spacy.language import Language
from spacy.tokens import Doc

from extract.evaluate import Counts
from extract.gold import PROJECT_TO_SCIERC, TDMSCI_TO_PROJECT, GoldDoc
from extract.training.corpora import ALL_SPANS_KEY

Span3 = tuple[int, int, str]  # (start char, end char exclusive, type)


class PRF(BaseModel):
    """Exact-match counts; precision, recall and F1 come from the evaluator's ``Counts``."""

    model_config = ConfigDict(frozen=True)

    tp: int
    fp: int
    fn: int

    @property
    def counts(self) -> Counts:
        """The same counts as the evaluator keeps them (exact match: one count per side)."""
        return Counts(
            matched_pred=self.tp,
            pred=self.tp + self.fp,
            matched_gold=self.tp,
            gold=self.tp + self.fn,
        )

    @property
    def precision(self) -> float:
        return self.counts.precision

    @property
    def recall(self) -> float:
        return self.counts.recall

    @property
    def f1(self) -> float:
        return self.counts.f1


class SpanScores(BaseModel):
    """Micro-averaged scores over all types, and one score per type."""

    model_config = ConfigDict(frozen=True)

    overall: PRF
    per_type: dict[str, PRF]


def score_sets(pairs: Iterable[tuple[set[tuple], set[tuple]]]) -> SpanScores:
    """Score (gold, predicted) sets of items document by document; an item's type is last."""
    counts: Counter[tuple[str, str]] = Counter()
    for gold, predicted in pairs:
        for field, items in (
            ("tp", predicted & gold),
            ("fp", predicted - gold),
            ("fn", gold - predicted),
        ):
            for item in items:
                counts[item[-1], field] += 1
    kinds = sorted({kind for kind, _ in counts})
    per_type = {k: PRF(tp=counts[k, "tp"], fp=counts[k, "fp"], fn=counts[k, "fn"]) for k in kinds}
    total = {field: sum(counts[k, field] for k in kinds) for field in ("tp", "fp", "fn")}
    return SpanScores(overall=PRF(**total), per_type=per_type)


def predicted_spans(
    nlp: Language, texts: Sequence[str], relabel: Callable[[str], str | None]
) -> list[set[Span3]]:
    """Entity spans the pipeline finds in each text, relabelled (``None`` drops a span)."""
    found = []
    for doc in nlp.pipe(texts, batch_size=64):
        spans = {(e.start_char, e.end_char, relabel(e.label_)) for e in doc.ents}
        found.append({(s, e, label) for s, e, label in spans if label is not None})
    return found


def score_scierc(nlp: Language, docs: Sequence[Doc]) -> SpanScores:
    """Exact-span scores on SciERC docs (from ``read_scierc``) in SciERC's four types."""
    gold = [
        {(s.start_char, s.end_char, _scierc_type(s.label_)) for s in d.spans[ALL_SPANS_KEY]}
        for d in docs
    ]
    predicted = predicted_spans(nlp, [d.text for d in docs], PROJECT_TO_SCIERC.get)
    return score_sets(zip(gold, predicted, strict=False))


def _scierc_type(project_label: str) -> str:
    return PROJECT_TO_SCIERC[project_label]


def score_tdmsci(nlp: Language, docs: Sequence[Doc]) -> SpanScores:
    """Exact-span scores on TDMSci sentences (from ``read_tdmsci``): TASK, DATASET, METRIC."""
    kept = set(TDMSCI_TO_PROJECT.values())
    gold = [{(e.start_char, e.end_char, e.label_) for e in d.ents} for d in docs]
    predicted = predicted_spans(
        nlp, [d.text for d in docs], lambda label: label if label in kept else None
    )
    return score_sets(zip(gold, predicted, strict=False))


def score_seeds_gold(
    nlp: Language, records: Sequence[GoldDoc], merge_model: bool
) -> tuple[SpanScores, SpanScores]:
    """Exact-span and per-document surface-set scores on seed-gold records.

    With ``merge_model`` MODEL counts as METHOD on both sides (the model cannot tell them
    apart). The surface set of a document is its distinct (type, lower-cased text) pairs.
    """

    def relabel(label: str) -> str:
        return "METHOD" if merge_model and label == "MODEL" else label

    gold = [{(m.start, m.end, relabel(m.type)) for m in r.mentions} for r in records]
    predicted = predicted_spans(nlp, [r.text for r in records], relabel)
    spans = score_sets(zip(gold, predicted, strict=False))
    surface = score_sets(
        (_surface_set(r.text, g), _surface_set(r.text, p))
        for r, g, p in zip(records, gold, predicted, strict=False)
    )
    return spans, surface


def _surface_set(text: str, spans: set[Span3]) -> set[tuple[str, str]]:
    """Distinct (lower-cased text, type) pairs of a document."""
    return {(text[s:e].lower(), kind) for s, e, kind in spans}
