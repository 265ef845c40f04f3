"""Score extracted mentions against gold: exact spans, overlapping spans, document entity sets.

- exact: a predicted mention is right when its (start, end, type) is a gold mention's.
- overlap: predicted and gold mentions of one type pair up one-to-one when their characters overlap.
- doc-set: the distinct (type, canonical) entities of each document; a predicted entity is
  right when its canonical name has the key (``canonical.normal_key``) of a gold entity's
  canonical name or of any surface form of it.
Per type and micro-averaged overall; SciERC and TDMSci are scored on their own label sets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict, computed_field

from extract.canonical import normal_key
from extract.gold import PROJECT_TO_SCIERC, SCIERC_LABELS, TDMSCI_LABELS, GoldDoc, GoldFormat
from extract.pipeline import Extractor
from extract.records import Paper, PaperMentions

TypedSpan = tuple[int, int, str, str]  # start, end, type, canonical


class Counts(BaseModel):
    """Matched and total counts on each side, with P/R/F1."""

    model_config = ConfigDict(frozen=True)
    matched_pred: int = 0
    pred: int = 0
    matched_gold: int = 0
    gold: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float:
        return self.matched_pred / self.pred if self.pred else 0.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            matched_pred=self.matched_pred + other.matched_pred,
            pred=self.pred + other.pred,
            matched_gold=self.matched_gold + other.matched_gold,
            gold=self.gold + other.gold,
        )


class Scores(BaseModel):
    """The three views of one type (or of all types)."""

    model_config = ConfigDict(frozen=True)
    exact: Counts = Counts()
    overlap: Counts = Counts()
    doc_set: Counts = Counts()

    def __add__(self, other: Scores) -> Scores:
        return Scores(
            exact=self.exact + other.exact,
            overlap=self.overlap + other.overlap,
            doc_set=self.doc_set + other.doc_set,
        )


class EvalReport(BaseModel):
    """Scores of a prediction run against a gold file."""

    model_config = ConfigDict(frozen=True)
    gold_format: str
    documents: int
    by_type: dict[str, Scores]
    overall: Scores


def predicted_spans(mentions: PaperMentions, gold_format: GoldFormat) -> list[TypedSpan]:
    """A paper's predictions in the gold file's label set."""
    spans = []
    for mention in mentions.mentions:
        if mention.field != "abstract":
            continue  # gold annotates abstracts only
        label: str | None = mention.type
        if gold_format == "scierc":
            label = PROJECT_TO_SCIERC[mention.type]
        elif gold_format == "tdmsci" and mention.type not in TDMSCI_LABELS:
            label = None
        if label is not None:
            spans.append((mention.start, mention.end, label, mention.canonical))
    return spans


def _exact(gold: Sequence[TypedSpan], pred: Sequence[TypedSpan]) -> Counts:
    gold_keys = {span[:3] for span in gold}
    pred_keys = {span[:3] for span in pred}
    hits = len(gold_keys & pred_keys)
    return Counts(matched_pred=hits, pred=len(pred_keys), matched_gold=hits, gold=len(gold_keys))


def _overlap(gold: Sequence[TypedSpan], pred: Sequence[TypedSpan]) -> Counts:
    used: set[int] = set()
    for start, end, _, _ in gold:
        for index, (p_start, p_end, _, _) in enumerate(pred):
            if index not in used and p_start < end and start < p_end:
                used.add(index)
                break
    return Counts(matched_pred=len(used), pred=len(pred), matched_gold=len(used), gold=len(gold))


def _doc_set(
    gold: Sequence[TypedSpan], gold_texts: Sequence[str], pred: Sequence[TypedSpan]
) -> Counts:
    entities: dict[str, set[str]] = defaultdict(
        set
    )  # gold canonical key -> keys it may be named by
    for (_, _, _, canonical), text in zip(gold, gold_texts, strict=True):
        entities[normal_key(canonical)].update({normal_key(canonical), normal_key(text)})
    predicted = {normal_key(span[3]) for span in pred}
    right = {key for key in predicted if any(key in names for names in entities.values())}
    found = {canonical for canonical, names in entities.items() if names & predicted}
    return Counts(
        matched_pred=len(right), pred=len(predicted), matched_gold=len(found), gold=len(entities)
    )


def score_document(
    doc: GoldDoc, pred: Sequence[TypedSpan], labels: Iterable[str]
) -> dict[str, Scores]:
    """Scores of one document, per label."""
    result = {}
    for label in labels:
        gold_mentions = [m for m in doc.mentions if m.type == label]
        gold = [(m.start, m.end, m.type, m.canonical) for m in gold_mentions]
        mine = [span for span in pred if span[2] == label]
        result[label] = Scores(
            exact=_exact(gold, mine),
            overlap=_overlap(gold, mine),
            doc_set=_doc_set(gold, [m.text for m in gold_mentions], mine),
        )
    return result


def labels_of(gold_format: GoldFormat) -> tuple[str, ...]:
    """The labels a gold format is scored on."""
    if gold_format == "scierc":
        return SCIERC_LABELS
    if gold_format == "tdmsci":
        return TDMSCI_LABELS
    return ("MODEL", "DATASET", "METHOD", "TASK", "METRIC")


def score(
    gold_docs: Sequence[GoldDoc], predictions: Sequence[PaperMentions], gold_format: GoldFormat
) -> EvalReport:
    """Score predictions (matched to gold documents by id) against the gold documents."""
    by_id = {mentions.id: mentions for mentions in predictions}
    labels = labels_of(gold_format)
    totals = {label: Scores() for label in labels}
    for doc in gold_docs:
        pred = predicted_spans(by_id[doc.id], gold_format) if doc.id in by_id else []
        for label, scores in score_document(doc, pred, labels).items():
            totals[label] = totals[label] + scores
    overall = sum(totals.values(), Scores())
    return EvalReport(
        gold_format=gold_format, documents=len(gold_docs), by_type=totals, overall=overall
    )


def format_table(report: EvalReport) -> str:
    """The compact summary table printed by ``citegraph eval extract``."""
    views = "".join(f"  {name + ' P/R/F1':^20}" for name in ("exact", "overlap", "doc-set"))
    header = f"{'type':<9}{'n_gold':>7}{views}"
    lines = [f"{report.gold_format} gold, {report.documents} documents", header, "-" * len(header)]
    rows = [*report.by_type.items(), ("overall", report.overall)]
    for label, scores in rows:
        cells = [
            f"{c.precision:.3f} {c.recall:.3f} {c.f1:.3f}"
            for c in (scores.exact, scores.overlap, scores.doc_set)
        ]
        lines.append(
            f"{label:<9}{scores.exact.gold:>7}  {cells[0]:^20}  {cells[1]:^20}  {cells[2]:^20}"
        )
    return "\n".join(lines)


def evaluate_extractor(
    extractor: Extractor,
    gold_docs: Sequence[GoldDoc],
    gold_format: GoldFormat,
    batch_size: int = 256,
) -> tuple[EvalReport, list[PaperMentions]]:
    """Run the extractor on the gold documents' text and score it."""
    papers = [Paper(id=doc.id, title=doc.title, abstract=doc.text) for doc in gold_docs]
    predictions = extractor.run(papers, batch_size=batch_size)
    return score(gold_docs, predictions, gold_format), predictions
