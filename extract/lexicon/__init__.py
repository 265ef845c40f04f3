"""The curated lexicon kept in the project: entity names by type, generic phrases, stop names.

Files (UTF-8, ``#`` starts a comment line):
- ``models.txt``, ``datasets.txt``, ``methods.txt``, ``tasks.txt``, ``metrics.txt``: one entity
  per line, ``canonical | alias | alias ...``.
- ``generic.txt``: phrases that are never entities ("large language models").
- ``stop_names.txt``: name-like tokens that are not entities ("GPU", "NLP").
- ``vague_modifiers.txt``, ``verbs.txt``, ``modified_nouns.txt``: word lists that decide how far
  a method or task name reaches ("novel contrastive learning" stops at "contrastive").
- ``eponyms.txt``, ``architectures.txt``: names and architectures that make one model or method
  name with the word after them ("Ising model", "feed-forward network").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from extract.canonical import normal_key
from extract.records import EntityType

LEXICON_DIR = Path(__file__).resolve().parent
TYPE_FILES: dict[EntityType, str] = {
    "MODEL": "models.txt",
    "DATASET": "datasets.txt",
    "METHOD": "methods.txt",
    "TASK": "tasks.txt",
    "METRIC": "metrics.txt",
}


@dataclass(frozen=True)
class LexiconEntry:
    """One surface form of a lexicon entity."""

    text: str
    type: EntityType
    canonical: str


def _lines(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a lexicon file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def read_entries(path: Path, entity_type: EntityType) -> list[LexiconEntry]:
    """Entries of one ``canonical | alias ...`` file, each surface form once."""
    entries: list[LexiconEntry] = []
    for line in _lines(path):
        names = [name.strip() for name in line.split("|") if name.strip()]
        canonical = names[0]
        for name in dict.fromkeys(names):
            entries.append(LexiconEntry(name, entity_type, canonical))
    return entries


def load_entries(directory: Path = LEXICON_DIR, extra: tuple[Path, ...] = ()) -> list[LexiconEntry]:
    """All typed entries of a lexicon directory, plus ``TYPE<TAB>name<TAB>canonical`` files."""
    entries: list[LexiconEntry] = []
    for entity_type, filename in TYPE_FILES.items():
        path = directory / filename
        if path.exists():
            entries.extend(read_entries(path, entity_type))
    for path in extra:
        for line in _lines(path):
            kind, name, canonical = (line.split("\t") + ["", ""])[:3]
            if kind in TYPE_FILES and name:
                entries.append(LexiconEntry(name, kind, canonical or name))  # type: ignore[arg-type]
    return entries


def load_generic(directory: Path = LEXICON_DIR) -> frozenset[str]:
    """Keys of the generic phrases that are never entities."""
    path = directory / "generic.txt"
    return frozenset(normal_key(line) for line in _lines(path)) if path.exists() else frozenset()


def load_stop_names(directory: Path = LEXICON_DIR) -> frozenset[str]:
    """Name-like tokens that are never entities, case-sensitive."""
    path = directory / "stop_names.txt"
    return frozenset(_lines(path)) if path.exists() else frozenset()


def _word_list(filename: str, directory: Path) -> list[str]:
    """Lines of a word-list file of ``directory``; a directory without that file gets the
    bundled list (a small test lexicon need not copy it)."""
    path = directory / filename
    return _lines(path if path.exists() else LEXICON_DIR / filename)


def load_words(filename: str, directory: Path = LEXICON_DIR) -> frozenset[str]:
    """Whitespace-separated words of a word-list file (lower-case), from ``directory``."""
    lines = _word_list(filename, directory)
    return frozenset(word.lower() for line in lines for word in line.split())


def load_phrases(filename: str, directory: Path = LEXICON_DIR) -> frozenset[str]:
    """One phrase a line of a word-list file, lower-case, hyphens read as spaces
    (``phrase_key``)."""
    return frozenset(phrase_key(line) for line in _word_list(filename, directory))


def phrase_key(text: str) -> str:
    """``text`` lower-case with hyphens and dashes as spaces: "Feed-forward" -> "feed forward"."""
    return " ".join(re.sub(r"[-\u2010-\u2014]", " ", text.lower()).split())
