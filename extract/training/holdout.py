"""The honest hold-out over the seed-gold dev set: k folds, each scored as if unseen.

The curated lexicon was written with the dev set in view, so a fold is scored with a copy of
the lexicon that lost every entry naming one of the fold's gold entities, unless that name
also occurs in a seed abstract outside the gold set (where mining the corpus would have found
it). The learned tagger of a fold is trained on silver labels made with that same reduced
lexicon and on the other folds' gold only, so nothing of the held-out fold reaches it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from extract.canonical import normal_key
from extract.lexicon import LEXICON_DIR, TYPE_FILES

FOLDS = 5


class _Named(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def canonical(self) -> str: ...


class _Doc(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def mentions(self) -> Sequence[_Named]: ...


T = TypeVar("T", bound=_Doc)


def fold_docs(docs: Sequence[T], fold: int, folds: int = FOLDS) -> tuple[list[T], list[T]]:
    """(held-out part, the rest) of fold ``fold``: documents ordered by id, every k-th held out."""
    ordered = sorted(docs, key=lambda doc: doc.id)
    held = ordered[fold::folds]
    held_ids = {doc.id for doc in held}
    return held, [doc for doc in ordered if doc.id not in held_ids]


def held_out_keys(part: Iterable[_Doc], elsewhere_text: str) -> set[str]:
    """Keys of the fold's gold names (surface forms and canonicals), except names that also
    occur in ``elsewhere_text`` (lower-cased text of the seed abstracts outside the gold set)."""
    return {
        normal_key(name)
        for doc in part
        for mention in doc.mentions
        for name in (mention.text, mention.canonical)
        if mention.text.lower() not in elsewhere_text
    }


def held_out_lexicon(directory: Path, removed_keys: set[str]) -> Path:
    """Write into ``directory`` a copy of the lexicon without the entries whose names have one
    of ``removed_keys``; returns ``directory``."""
    for path in LEXICON_DIR.glob("*.txt"):
        lines = path.read_text(encoding="utf-8").splitlines()
        if path.name in TYPE_FILES.values():
            lines = [
                line
                for line in lines
                if line.startswith("#")
                or not {normal_key(name) for name in line.split("|") if name.strip()} & removed_keys
            ]
        (directory / path.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory
