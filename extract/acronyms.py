"""Acronym definitions (Schwartz & Hearst, PSB 2003) and the corpus acronym table.

"masked image modeling (MIM)": the short form is the text in parentheses; its long form is
the shortest run of preceding words whose letters contain the short form's letters in order,
the first one starting a word. ``AcronymTable`` collects definitions over a corpus so that a
bare "MIM" in another paper resolves when the definitions agree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from extract.canonical import normal_key
from extract.records import EntityType

_SHORT_FORM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-+./&]{0,10}[A-Za-z0-9]$")
_ACRONYM_PLURAL = re.compile(r"^(.*[A-Z0-9])s$")


def is_short_form(text: str) -> bool:
    """Whether parenthesised text can be an acronym: 2-12 chars, one word, has a capital."""
    if not _SHORT_FORM.match(text) or text.isdigit():
        return False
    capitals = sum(char.isupper() for char in text)
    return capitals >= 1 and (capitals >= 2 or len(text) <= 4 or any(c.isdigit() for c in text))


def singular_short_form(short: str) -> str:
    """Short form without a plural "s": "CNNs" -> "CNN"."""
    match = _ACRONYM_PLURAL.match(short)
    return match.group(1) if match else short


def long_form_start(short: str, text: str) -> int | None:
    """Offset in ``text`` where the long form of ``short`` starts, or None.

    ``text`` is the text right before the parenthesis; the long form runs to its end. Words
    whose initials spell the acronym are taken first ("mutual information maximization
    (MIM)"); otherwise Schwartz-Hearst's shortest character match, if it spans several words.
    """
    initials = initials_start(short, text)
    if initials is not None:
        return initials
    start = _schwartz_hearst_start(short, text)
    if (
        start is not None
        and len(re.split(r"[\s\-]+", text[start:].strip())) == 1
        and len(re.sub(r"[^A-Za-z]", "", short)) >= 3
    ):
        return None  # "maximization (MIM)": one word rarely abbreviates to three letters
    return start


def initials_start(short: str, text: str) -> int | None:
    """Start of the last words (split at spaces and hyphens) whose initials spell ``short``."""
    letters = [char.lower() for char in short if char.isalpha()]
    if (
        len(letters) < 2
        or len(letters) != sum(char.isupper() for char in short)
        or not short.isalpha()
    ):
        return None
    words = list(re.finditer(r"[A-Za-z0-9]+", text))
    if len(words) < len(letters):
        return None
    chosen = words[-len(letters) :]
    if [word.group()[0].lower() for word in chosen] != letters or text[chosen[-1].end() :].strip():
        return None
    if chosen[0].start() > 0 and not text[chosen[0].start() - 1].isspace():
        return None  # "Text-to-image": the long form must start a word
    return chosen[0].start()


def _schwartz_hearst_start(short: str, text: str) -> int | None:
    """Schwartz-Hearst: the shortest suffix of ``text`` with the acronym's characters in order."""
    s_index, l_index = len(short) - 1, len(text) - 1
    while s_index >= 0:
        char = short[s_index].lower()
        if not char.isalnum():
            s_index -= 1
            continue
        while l_index >= 0 and (
            text[l_index].lower() != char
            or (s_index == 0 and l_index > 0 and text[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = l_index + 1
    if " " not in text[start:].strip() and len(text) - start <= len(short):
        return None  # "(MoD)" after "MoD" or a one-word long form no longer than its acronym
    return start


# Small words a capitalised long form may hold between its capitalised words.
_TITLE_JOINERS = frozenset("of from for with and in on to via by".split())


def title_run_start(short: str, words: list[str]) -> int | None:
    """Index into ``words`` where a capitalised long form with the acronym's capitals in any
    order starts, or None.

    "Large Language Model from Power Law Decoder Representations (PLDR-LLM)": the capitals of
    the short form are the initials of the capitalised words before it, in another order.
    ``words`` are the tokens right before the parenthesis; the long form is the shortest run
    of capitalised words (and small joiners between them) ending there whose initials hold
    every capital of the short form, at least two words.
    """
    capitals = sorted(char for char in short if char.isupper())
    if len(capitals) < 2:
        return None
    initials: list[str] = []
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        if word.lower() in _TITLE_JOINERS and index + 1 < len(words):
            continue
        if not word[:1].isupper():
            return None
        initials.append(word[0])
        if len(initials) >= 2 and _holds(initials, capitals):
            return index
    return None


def _holds(initials: list[str], capitals: list[str]) -> bool:
    """Whether the multiset ``initials`` contains the multiset ``capitals``."""
    left = list(initials)
    for char in capitals:
        if char not in left:
            return False
        left.remove(char)
    return True


def max_long_form_words(short: str) -> int:
    """Longest long form Schwartz-Hearst considers: min(|A| + 5, 2|A|) words."""
    letters = len(short)
    return min(letters + 5, letters * 2)


@dataclass(frozen=True)
class AcronymDefinition:
    """One acronym definition: the short form, the entity type and canonical name."""

    short: str
    type: EntityType
    canonical: str


class AcronymTable:
    """Acronym definitions gathered over a corpus; a short form resolves when unambiguous."""

    def __init__(self, definitions: Iterable[AcronymDefinition] = ()) -> None:
        self._by_short: dict[str, dict[tuple[str, str], AcronymDefinition]] = defaultdict(dict)
        self.update(definitions)

    def add(self, definition: AcronymDefinition) -> None:
        """Record one definition (the first spelling of each canonical entity is kept)."""
        key = (definition.type, normal_key(definition.canonical))
        self._by_short[definition.short].setdefault(key, definition)

    def update(self, definitions: Iterable[AcronymDefinition]) -> None:
        """Record many definitions."""
        for definition in definitions:
            self.add(definition)

    def resolve(self, short: str) -> AcronymDefinition | None:
        """The one entity a short form names across the corpus, or None if unknown or ambiguous."""
        meanings = self._by_short.get(singular_short_form(short))
        if not meanings or len(meanings) != 1:
            return None
        return next(iter(meanings.values()))

    def definitions(self) -> list[AcronymDefinition]:
        """Every recorded definition (for saving the table)."""
        return [
            definition for meanings in self._by_short.values() for definition in meanings.values()
        ]

    def __len__(self) -> int:
        return len(self._by_short)

    def __contains__(self, short: object) -> bool:
        return isinstance(short, str) and singular_short_form(short) in self._by_short
