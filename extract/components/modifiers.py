"""Words that narrow a method or task name from the left: "Dirichlet flow matching",
"zero-shot image classification", "imbalanced text classification".

Without a tagger (too slow for the extractor's budget) modifiers are told from verbs, articles
and vague adjectives by closed word lists and word shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from extract.lexicon import LEXICON_DIR, load_words

MAX_MODIFIERS = 2
MAX_CHAIN_WORDS = 4
# Endings of singular nouns and adjectives that end in "s": "class", "nervous", "basis",
# "bias", "corpus".
_SINGULAR_S = ("ss", "ous", "is", "as", "us")


@dataclass(frozen=True)
class ModifierWords:
    """The closed word lists of a lexicon directory that are never modifiers."""

    vague: frozenset[str]  # "novel", "existing", "large-scale"
    verbs: frozenset[str]  # "propose", "tackle"
    ing_nouns: frozenset[str] = frozenset()  # "lighting", "sensing": -ing words that narrow


def load_modifier_words(directory: Path = LEXICON_DIR) -> ModifierWords:
    """``vague_modifiers.txt``, ``verbs.txt`` and ``ing_nouns.txt`` of ``directory``."""
    return ModifierWords(
        load_words("vague_modifiers.txt", directory),
        load_words("verbs.txt", directory),
        load_words("ing_nouns.txt", directory),
    )


def modifier_word(token: Token, words: ModifierWords) -> bool:
    """Whether a word before a method/task name narrows it ("Dirichlet flow matching",
    "imbalanced text classification") rather than being a verb, article or vague adjective."""
    lower = token.lower_
    if (
        not token.is_alpha
        or len(lower) == 1  # "n testing", "k clustering": a variable, not a narrowing word
        or lower in STOP_WORDS
        or lower in words.vague
        or lower in words.verbs
        or lower.endswith("ly")
        or token.is_upper
        and len(token) > 2
    ):
        return False
    if lower.endswith("ing") and lower not in words.ing_nouns:
        return False  # verbs ("using", "improving")
    if lower.endswith("s") and not lower.endswith(_SINGULAR_S):
        return False  # verbs ("improves") and plural nouns
    return not (token.is_sent_start and token.is_title and lower in words.vague)


def extend_modifiers(doc: Doc, start: int, words: ModifierWords) -> int:
    """Extend a method/task name left over up to two modifiers, hyphenated ones included."""
    sentence_start = doc[start].sent.start if doc.has_annotation("SENT_START") else 0
    for _ in range(MAX_MODIFIERS):
        chain = _hyphen_chain(doc, start, sentence_start)
        if (
            chain < start
            and (doc[chain].lower_ not in STOP_WORDS or doc[chain].lower_ in _CHAIN_LEADING)
            and not doc[start - 1].lower_.endswith("ing")
            and doc[chain:start].text.lower() not in words.vague
        ):
            start = chain  # "zero-shot", "multi-stage", "text-to-image", "chain-of-thought"
        elif (
            start - 1 >= sentence_start
            and doc[start - 1].whitespace_
            and modifier_word(doc[start - 1], words)
            and not (start >= 2 and doc[start - 2].text == "-" and doc[start - 2].whitespace_ == "")
        ):
            start -= 1
        else:
            break
    return start


def _hyphen_chain(doc: Doc, end: int, sentence_start: int) -> int:
    """Start of the hyphen-joined words ending before ``doc[end]`` ("zero-shot",
    "text-to-image", "chain-of-thought"): two to four words, the inner ones may be small
    words; ``end`` when there is no such chain."""
    start, words = end, 0
    while (
        words < MAX_CHAIN_WORDS
        and start - 1 >= sentence_start
        and doc[start - 1].is_alpha
        and (words == 0 or doc[start - 1].whitespace_ == "")
        and (
            words == 0
            or doc[start - 1].lower_ not in STOP_WORDS
            or _inner(doc, start - 1)
            or doc[start - 1].lower_ in _CHAIN_LEADING
        )
    ):
        start -= 1
        words += 1
        if not (
            start - 2 >= sentence_start
            and doc[start - 1].text == "-"
            and doc[start - 1].whitespace_ == ""
            and doc[start - 2].whitespace_ == ""
        ):
            break
        start -= 1  # the hyphen; the word before it comes next
    if doc[start].text == "-":
        start += 1
    return start if words >= 2 else end


def _inner(doc: Doc, index: int) -> bool:
    """Whether a small word sits inside a hyphen chain ("to" in "text-to-image"); "by" does
    not ("layer-by-layer" says how, not what)."""
    return (
        doc[index].lower_ in _CHAIN_INNER
        and index >= 1
        and doc[index - 1].text == "-"
        and doc[index - 1].whitespace_ == ""
    )


_CHAIN_INNER = frozenset({"to", "of", "and", "the", "in", "on", "for"})
# Small words that may open a chain: "off-policy", "on-device", "in-context",
# "out-of-distribution" ("off-the-shelf", "in-house" are vague words: ``vague_modifiers.txt``).
_CHAIN_LEADING = frozenset({"off", "on", "in", "out"})
