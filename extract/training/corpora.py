"""Training corpora as spaCy ``Doc`` objects: SciERC, TDMSci and the seed-gold abstracts.

Each reader rebuilds running text from the corpus tokens so that entity spans are exact
character spans of that text, and labels entities with the project's types
(``SCIERC_TO_PROJECT`` / ``TDMSCI_TO_PROJECT``, the label map of ``extract.gold``). Labels
without a project type are dropped (their tokens become ``O``); of overlapping spans the longest
is kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from extract.gold import SCIERC_TO_PROJECT, TDMSCI_TO_PROJECT, detokenize

# The statistical model cannot tell MODEL from METHOD (SciERC has one Method type), so it
# predicts these four; the rule pipeline refines METHOD into MODEL where a lexicon says so.
NER_LABELS: tuple[str, ...] = ("METHOD", "DATASET", "TASK", "METRIC")

ALL_SPANS_KEY = "gold_all"  # span group with every mapped SciERC span, overlaps kept


class CorpusError(ValueError):
    """A corpus record that cannot be converted, naming the record and the reason."""


def scierc_doc(vocab: Vocab, line: str) -> Doc:
    """One SciERC jsonl line (document-level, end-inclusive token offsets) as a ``Doc``."""
    record = json.loads(line)
    key = str(record.get("doc_key", "?"))
    sentences: list[list[str]] = record["sentences"]
    words, spaces = detokenize([token for sentence in sentences for token in sentence])
    starts: list[bool | int | None] = [
        i == 0 for sentence in sentences for i in range(len(sentence))
    ]
    doc = Doc(vocab, words=words, spaces=spaces, sent_starts=starts)
    spans = []
    for start, end, label in (entity for sentence in record["ner"] for entity in sentence):
        if not 0 <= start <= end < len(doc):
            raise CorpusError(f"SciERC {key}: entity [{start}, {end}] outside {len(doc)} tokens")
        if label in SCIERC_TO_PROJECT:
            spans.append(Span(doc, start, end + 1, label=SCIERC_TO_PROJECT[label]))
    doc.spans[ALL_SPANS_KEY] = spans  # overlapping ones too: the gold for scoring
    doc.ents = filter_spans(spans)
    return doc


def read_scierc(vocab: Vocab, path: Path) -> list[Doc]:
    """All documents of a SciERC jsonl file."""
    with path.open(encoding="utf-8") as lines:
        return [scierc_doc(vocab, line) for line in lines if line.strip()]


def tdmsci_docs(
    vocab: Vocab, lines: Iterable[str], source: str = "tdmsci", missing_outside: bool = False
) -> Iterator[Doc]:
    """Sentences of a TDMSci conll file (``token<TAB>char offset<TAB>BIO``) as ``Doc``s.

    With ``missing_outside`` the ``O`` tokens are marked unknown instead of "no entity":
    TDMSci does not annotate methods, so its ``O`` is no evidence against METHOD.
    """
    block: list[tuple[str, int, str]] = []
    first_line = 1
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip():
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 3 or not fields[1].isdigit():
                raise CorpusError(f"{source} line {number}: expected token<TAB>offset<TAB>tag")
            block.append((fields[0], int(fields[1]), fields[2]))
        elif block:
            doc = _bio_sentence(vocab, block, f"{source} line {first_line}")
            if missing_outside:
                doc.set_ents(list(doc.ents), default="missing")
            yield doc
            block = []
        if not line.strip():
            first_line = number + 1


def _bio_sentence(vocab: Vocab, rows: list[tuple[str, int, str]], where: str) -> Doc:
    """One BIO-tagged sentence; the character offsets decide where spaces go."""
    words = [token for token, _, _ in rows]
    spaces = [rows[i][1] + len(words[i]) < rows[i + 1][1] for i in range(len(rows) - 1)]
    doc = Doc(vocab, words=words, spaces=[*spaces, False])
    spans: list[Span] = []
    start, label = -1, ""
    for i, (_, _, tag) in enumerate([*rows, ("", 0, "O")]):
        prefix, _, name = tag.partition("-")
        if tag != "O" and (prefix not in ("B", "I") or name not in TDMSCI_TO_PROJECT):
            raise CorpusError(f"{where}: unknown tag {tag!r}")
        if start >= 0 and not (prefix == "I" and name == label):
            spans.append(Span(doc, start, i, label=TDMSCI_TO_PROJECT[label]))
            start = -1
        if start < 0 and prefix in ("B", "I"):  # an I- without B- opens an entity too
            start, label = i, name
    doc.ents = spans
    return doc


def read_tdmsci(vocab: Vocab, path: Path, missing_outside: bool = False) -> list[Doc]:
    """All sentences of a TDMSci conll file."""
    with path.open(encoding="utf-8") as lines:
        return list(tdmsci_docs(vocab, lines, path.name, missing_outside))
