"""What the extractor got wrong on a gold file: false positives and misses, with sentences.

An exact-span error is either a predicted mention whose (start, end, type) is no gold
mention's (``false positive``) or a gold mention no prediction matches exactly (``miss``).
Each comes with its sentence and with what overlaps it on the other side, so a wrong
boundary ("supervised contrastive loss" vs "contrastive loss") or a wrong type reads as such.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from extract.evaluate import labels_of, predicted_spans
from extract.gold import GoldDoc, GoldFormat
from extract.records import PaperMentions

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


class ExtractionError(BaseModel):
    """One false positive or miss."""

    model_config = ConfigDict(frozen=True)
    kind: Literal["false positive", "miss"]
    document: str
    start: int
    end: int
    text: str
    type: str
    sentence: str
    other_side: tuple[str, ...] = ()  # overlapping mentions of the other side, "text (TYPE)"


def _sentence(text: str, start: int, bounds: Sequence[tuple[int, int]]) -> str:
    """The sentence holding character ``start``: from the extractor's bounds, else by a split."""
    for begin, end in bounds:
        if begin <= start < end:
            return text[begin:end].strip()
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            return text[begin : match.start()].strip()
        begin = match.end()
    return text[begin:].strip()


def extraction_errors(
    gold_docs: Sequence[GoldDoc], predictions: Sequence[PaperMentions], gold_format: GoldFormat
) -> list[ExtractionError]:
    """Every exact-span false positive and miss, in document and text order."""
    by_id = {mentions.id: mentions for mentions in predictions}
    labels = set(labels_of(gold_format))
    errors = []
    for doc in gold_docs:
        found = by_id.get(doc.id)
        pred = [s[:3] for s in predicted_spans(found, gold_format)] if found else []
        gold = [(m.start, m.end, m.type) for m in doc.mentions if m.type in labels]
        bounds = found.sentences if found else ()
        for kind, mine, theirs in (("false positive", pred, gold), ("miss", gold, pred)):
            other = set(theirs)
            for start, end, label in sorted(set(mine)):
                if (start, end, label) in other:
                    continue
                overlapping = tuple(
                    f"{doc.text[s:e]} ({t})" for s, e, t in sorted(other) if s < end and start < e
                )
                errors.append(
                    ExtractionError(
                        kind=kind,  # type: ignore[arg-type]
                        document=doc.id,
                        start=start,
                        end=end,
                        text=doc.text[start:end],
                        type=label,
                        sentence=_sentence(doc.text, start, bounds),
                        other_side=overlapping,
                    )
                )
    return sorted(errors, key=lambda e: (e.document, e.start, e.kind))


def format_errors(errors: Sequence[ExtractionError]) -> str:
    """Errors grouped by type, then kind; one line each, with the sentence below it."""
    lines = []
    for label in sorted({error.type for error in errors}):
        for kind in ("false positive", "miss"):
            chosen = [e for e in errors if e.type == label and e.kind == kind]
            if not chosen:
                continue
            plural = "misses" if kind == "miss" else "false positives"
            lines.append(f"== {label}: {len(chosen)} {plural}")
            for error in chosen:
                other = ("  gold: " if kind == "false positive" else "  found: ") + (
                    ", ".join(error.other_side) or "nothing overlapping"
                )
                lines.append(f"{error.document} [{error.start}:{error.end}] {error.text!r}{other}")
                lines.append(f"    {error.sentence}")
    return "\n".join(lines)
