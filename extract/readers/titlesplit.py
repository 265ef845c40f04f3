"""Split CiteSeer texts, where title and abstract are glued without a separator.

The rules, tried in order (the first that applies wins):

1. an ``Abstract`` heading within the first 300 characters separates the two;
2. a detached period or colon (``Title . Abstract``), as PDF extraction often leaves;
3. before the first period, the title's first word said again (``EQUIP: … EQUIP is``);
   else, before the first period, the first capitalised word followed by a lowercase content
   word, from the third word on, not right after a function word or a colon
   (``… Evicted Variables SRC's charter is …``): titles are title-cased, abstracts start
   with a sentence;
4. before the first period, the first sentence opener (``This``, ``We``, ``In the`` …);
5. the subject of the first verb (``is``, ``are``, ``provides`` …) before the first period:
   one capitalised word followed by lowercase words (``… Data Bitmaps are popular …``);
6. the first period ending a title-length prefix (``Programs. Imagine a robot``) that is
   not an abbreviation or an initial;
7. otherwise no title: the record is skipped.

The abstract is cut before a numbered ``1 Introduction`` heading and loses a trailing
``...``; a trailing footnote mark (``1``, ``*``) is dropped from the title.
"""

from __future__ import annotations

import re
from itertools import islice

MAX_TITLE_CHARS = 250
_SEARCH_WORDS = 40
_FUNCTION_WORDS = frozenset(
    "a an the of for and or nor in on at to by via with without within from into onto over "
    "under versus vs through between among across about after against along around before "
    "beyond during per since than upon using based toward towards its their his her our "
    "that which whose where is are".split()
)
_OPENERS = frozenset(
    "The This These That We Our In A An One Many Most Recent Recently It Several Given "
    "With As Although Despite While When Since For To Existing Current Traditional".split()
)
_STRONG_OPENERS = frozenset({"We", "This", "These", "Our"})
_VERBS = frozenset(
    "is are was were has have can provides provide allows allow presents describes proposes "
    "offers makes enables concerns aims".split()
)
_ABBREVIATIONS = frozenset("vs e.g i.e et al dr mr mrs ms st no fig eq cf".split())
_WORD = re.compile(r"\S+")
_ABSTRACT_HEADING = re.compile(r"\s(?:Abstract|ABSTRACT)\s*[.:\-—]?\s+")
_DETACHED_PERIOD = re.compile(r"\s[.:]\s+")
_TITLE_PERIOD = re.compile(r"(\S+)\.\s+(?=[A-Z])")
_INTRODUCTION = re.compile(r"\s1\.?\s+(?:Introduction|INTRODUCTION)\b")
_FOOTNOTE = re.compile(r"(?:\s+[\d*]+|\*+)$")


def split_title(text: str) -> tuple[str, str]:
    """``(title, abstract)`` of a glued CiteSeer text; title is "" when none is found."""
    text = " ".join(text.split())
    cut = _find_cut(text)
    if cut is None:
        return "", text
    title_end, abstract_start = cut
    title = _FOOTNOTE.sub("", text[:title_end].strip()).rstrip(" :;,-")
    return title, _trim_abstract(text[abstract_start:])


def _find_cut(text: str) -> tuple[int, int] | None:
    """Character offsets ``(end of title, start of abstract)``, or None."""
    head = text[: MAX_TITLE_CHARS + 50]
    for pattern in (_ABSTRACT_HEADING, _DETACHED_PERIOD):
        match = pattern.search(head)
        if match and len(text[: match.start()].split()) >= 2:
            return match.start(), match.end()
    period = _title_period(text)
    limit = period[0] if period else MAX_TITLE_CHARS
    words = [(m.start(), m.group()) for m in islice(_WORD.finditer(text), _SEARCH_WORDS)]
    first = words[0][1].strip(":,") if words else ""
    for rule in (_repeats_first_word, _is_sentence_start, _is_opener):
        for i in range(2, len(words) - 1):
            previous, word, following = words[i - 1][1], words[i][1], words[i + 1][1]
            if words[i][0] < limit and _after_title_word(previous) and rule(first, word, following):
                return words[i][0], words[i][0]
    subject = _subject_before_verb(words, limit)
    return (subject, subject) if subject is not None else period


def _subject_before_verb(words: list[tuple[int, str]], limit: int) -> int | None:
    """Start of the sentence whose verb comes first: ``… Data Bitmaps are popular …``."""
    for v in range(3, len(words)):
        if words[v][0] >= limit:
            return None
        if words[v][1] in _VERBS:
            i = v - 1
            while i > 2 and (words[i][1][0].islower() or words[i][1].startswith("(")):
                i -= 1
            if words[i][1][0].isupper() and _after_title_word(words[i - 1][1]):
                return words[i][0]
            return None
    return None


def _title_period(text: str) -> tuple[int, int] | None:
    """The first period that can end a title (not an abbreviation or an initial)."""
    for match in _TITLE_PERIOD.finditer(text[:MAX_TITLE_CHARS]):
        word = match.group(1).lower()
        if len(word) > 1 and word not in _ABBREVIATIONS and len(text[: match.start()].split()) >= 2:
            return match.end(1), match.end()
    return None


def _after_title_word(previous: str) -> bool:
    return previous.lower() not in _FUNCTION_WORDS and not previous.endswith((":", "-", "—"))


def _repeats_first_word(first: str, word: str, following: str) -> bool:
    """The abstract often restates the title's name: ``EQUIP: a … Systems EQUIP is a …``."""
    return len(first) >= 3 and first[0].isupper() and word.strip(":,") == first


def _is_sentence_start(first: str, word: str, following: str) -> bool:
    follower = following.lower().strip(",.;:")
    gerund_clause = word.endswith("ing") and follower in {"the", "a", "an"}
    return (
        word[0].isupper()
        and following[0].islower()
        and (follower not in _FUNCTION_WORDS or gerund_clause)
    )


def _is_opener(first: str, word: str, following: str) -> bool:
    return word in _OPENERS and (following[0].islower() or word in _STRONG_OPENERS)


def _trim_abstract(abstract: str) -> str:
    intro = _INTRODUCTION.search(abstract)
    if intro and intro.start() >= 100:
        abstract = abstract[: intro.start()]
    return abstract.strip().removesuffix("...").strip()
