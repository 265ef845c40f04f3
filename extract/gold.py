"""Gold readers for the evaluator: seeds-gold JSONL, SciERC JSONL and TDMSci CoNLL.

Every reader gives ``GoldDoc`` records with character offsets into ``text``. SciERC and
TDMSci come tokenized; their text is rebuilt as running text (``running_text``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

GoldFormat = Literal["seeds", "scierc", "tdmsci"]
# The one label map between our types and the gold corpora's, used by the evaluator, the
# training converters and the transformer tagger. Scoring against SciERC: MODEL and METHOD both
# count as SciERC's Method; OtherScientificTerm and Generic have no project type.
PROJECT_TO_SCIERC: dict[str, str] = {
    "MODEL": "Method",
    "METHOD": "Method",
    "DATASET": "Material",
    "TASK": "Task",
    "METRIC": "Metric",
}
SCIERC_TO_PROJECT: dict[str, str] = {
    "Method": "METHOD",
    "Material": "DATASET",
    "Task": "TASK",
    "Metric": "METRIC",
}
TDMSCI_TO_PROJECT: dict[str, str] = {"TASK": "TASK", "DATASET": "DATASET", "METRIC": "METRIC"}
SCIERC_LABELS = ("Method", "Material", "Task", "Metric")
TDMSCI_LABELS = ("TASK", "DATASET", "METRIC")


class GoldMention(BaseModel):
    """One gold mention; ``text == doc.text[start:end]``."""

    model_config = ConfigDict(frozen=True)
    start: int
    end: int
    text: str
    type: str
    canonical: str


class GoldDoc(BaseModel):
    """One gold document."""

    model_config = ConfigDict(frozen=True)
    id: str
    title: str = ""
    text: str
    mentions: tuple[GoldMention, ...]


class GoldFormatError(ValueError):
    """A gold file that cannot be read, with the line that failed."""


def detect_format(path: Path) -> GoldFormat:
    """Guess the format from the first non-empty line."""
    with path.open(encoding="utf-8") as handle:
        first = next((line for line in handle if line.strip()), "")
    if first.lstrip().startswith("{"):
        record = json.loads(first)
        return "scierc" if "sentences" in record else "seeds"
    return "tdmsci"


def read_gold(path: Path, gold_format: GoldFormat | None = None) -> list[GoldDoc]:
    """Read a gold file of the given (or detected) format."""
    readers = {"seeds": read_seeds_gold, "scierc": read_scierc, "tdmsci": read_tdmsci}
    return list(readers[gold_format or detect_format(path)](path))


def read_seeds_gold(path: Path) -> Iterator[GoldDoc]:
    """Seeds-gold JSONL: ``{"id", "title", "abstract", "mentions": [...]}``, each mention
    ``{start, end, text, type, canonical}``."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = record["abstract"]
                mentions = tuple(GoldMention(**mention) for mention in record["mentions"])
            except (ValueError, KeyError, TypeError) as error:
                raise GoldFormatError(
                    f"{path}:{number}: not a seeds-gold record ({error})"
                ) from error
            for mention in mentions:
                if text[mention.start : mention.end] != mention.text:
                    raise GoldFormatError(
                        f"{path}:{number}: offsets of {mention.text!r} do not match the abstract"
                    )
            yield GoldDoc(
                id=str(record["id"]), title=record.get("title", ""), text=text, mentions=mentions
            )


# Penn Treebank escapes used by SciERC, and the tokens that attach to a neighbour.
_PTB_UNESCAPE = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
    "``": '"',
    "''": '"',
}
_NO_SPACE_BEFORE = {".", ",", ":", ";", "?", "!", "%", ")", "]", "}", "'s", "n't"}
_NO_SPACE_AFTER = {"(", "[", "{"}


def detokenize(tokens: Sequence[str]) -> tuple[list[str], list[bool]]:
    """Turn PTB tokens into spaCy ``words``/``spaces`` that read like running text."""
    words = [_PTB_UNESCAPE.get(token, token) for token in tokens]
    spaces = []
    for i, word in enumerate(words):
        last = i == len(words) - 1
        glued = not last and (words[i + 1] in _NO_SPACE_BEFORE or word in _NO_SPACE_AFTER)
        spaces.append(not (last or glued))
    return words, spaces


def running_text(tokens: Sequence[str]) -> tuple[str, list[str], list[int]]:
    """Corpus tokens as running text (as an abstract reads: PTB escapes undone, no space
    before closing punctuation), with each token's surface and start offset in that text."""
    words, spaces = detokenize(tokens)
    starts, offset = [], 0
    for word, space in zip(words, spaces, strict=True):
        starts.append(offset)
        offset += len(word) + int(space)
    text = "".join(word + (" " if space else "") for word, space in zip(words, spaces, strict=True))
    return text, words, starts


def read_scierc(path: Path, labels: Sequence[str] = SCIERC_LABELS) -> Iterator[GoldDoc]:
    """SciERC JSONL (document-level, end-inclusive token offsets), keeping the ``labels``
    (Method/Material/Task/Metric unless told otherwise)."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            tokens = [token for sentence in record["sentences"] for token in sentence]
            text, words, starts = running_text(tokens)
            mentions = []
            for first, last, label in (entity for sentence in record["ner"] for entity in sentence):
                if label not in labels:
                    continue
                start, end = starts[first], starts[last] + len(words[last])
                mentions.append(_span(text, start, end, label))
            yield GoldDoc(
                id=record.get("doc_key", str(number)), text=text, mentions=tuple(mentions)
            )


def _span(text: str, start: int, end: int, label: str) -> GoldMention:
    """A gold mention whose canonical name is its own surface text."""
    surface = text[start:end]
    return GoldMention(start=start, end=end, text=surface, type=label, canonical=surface)


def read_tdmsci(path: Path) -> Iterator[GoldDoc]:
    """TDMSci CoNLL (``token<TAB>offset<TAB>BIO``), one document per sentence."""
    sentences: list[list[tuple[str, str]]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            sentences.append([])
            continue
        fields = line.split("\t")
        sentences[-1].append((fields[0], fields[-1]))
    for number, rows in enumerate((rows for rows in sentences if rows), 1):
        text, words, starts = running_text([token for token, _ in rows])
        mentions: list[GoldMention] = []
        open_span: tuple[int, int, str] | None = None
        for index, (_token, tag) in enumerate([*rows, ("", "O")]):
            inside = tag.startswith("I-") and open_span is not None and open_span[2] == tag[2:]
            if open_span is not None and not inside:
                start, end, label = open_span
                mentions.append(_span(text, start, end, label))
                open_span = None
            if tag.startswith(("B-", "I-")) and not inside:
                open_span = (starts[index], starts[index] + len(words[index]), tag[2:])
            elif inside and open_span is not None:
                open_span = (open_span[0], starts[index] + len(words[index]), open_span[2])
        yield GoldDoc(id=f"tdmsci-{number}", text=text, mentions=tuple(mentions))
