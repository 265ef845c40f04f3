"""The evaluator's error list: false positives and misses with their sentences."""

from __future__ import annotations

from extract.errors import extraction_errors, format_errors
from extract.gold import GoldDoc, GoldMention
from extract.records import Mention, PaperMentions

TEXT = "We fine-tune BERT on SQuAD. Supervised contrastive loss helps."


def gold_mention(text: str, label: str) -> GoldMention:
    start = TEXT.index(text)
    return GoldMention(start=start, end=start + len(text), text=text, type=label, canonical=text)


def mention(text: str, label: str) -> Mention:
    start = TEXT.index(text)
    return Mention(
        start=start, end=start + len(text), text=text, type=label, canonical=text,
        entity_id=f"{label.lower()}:{text.lower()}", sentence=0 if start < 27 else 1,
    )  # fmt: skip


def test_errors_list_false_positives_and_misses_with_what_overlaps() -> None:
    gold = GoldDoc(
        id="d",
        text=TEXT,
        mentions=(
            gold_mention("BERT", "MODEL"),
            gold_mention("SQuAD", "DATASET"),
            gold_mention("Supervised contrastive loss", "METHOD"),
        ),
    )
    found = PaperMentions(
        id="d",
        mentions=(mention("BERT", "MODEL"), mention("contrastive loss", "METHOD")),
        sentences=((0, 27), (28, len(TEXT))),
    )
    errors = extraction_errors([gold], [found], "seeds")
    summary = [(e.kind, e.text, e.type, e.sentence, e.other_side) for e in errors]
    assert summary == [
        ("miss", "SQuAD", "DATASET", "We fine-tune BERT on SQuAD.", ()),
        (
            "miss",
            "Supervised contrastive loss",
            "METHOD",
            "Supervised contrastive loss helps.",
            ("contrastive loss (METHOD)",),
        ),
        (
            "false positive",
            "contrastive loss",
            "METHOD",
            "Supervised contrastive loss helps.",
            ("Supervised contrastive loss (METHOD)",),
        ),
    ]
    text = format_errors(errors)
    assert "== METHOD: 1 false positives" in text and "== DATASET: 1 misses" in text
