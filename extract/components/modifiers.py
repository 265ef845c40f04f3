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


@dataclass(frozen=True)
class ModifierWords:
    """The closed word lists of a lexicon directory that are never modifiers."""

    vague: frozenset[str]  # "novel", "existing", "large-scale"
    verbs: frozenset[str]  # "propose", "tackle"


def load_modifier_words(directory: Path = LEXICON_DIR) -> ModifierWords:
    """``vague_modifiers.txt`` and ``verbs.txt`` of ``directory``."""
    return ModifierWords(
        load_words("vague_modifiers.txt", directory), load_words("verbs.txt", directory)
    )


def modifier_word(token: Token, words: ModifierWords) -> bool:
    """Whether a word before a method/task name narrows it ("Dirichlet flow matching",
    "imbalanced text classification") rather than being a verb, article or vague adjective."""
    lower = token.lower_
    if (
        not token.is_alpha
        or lower in STOP_WORDS
        or lower in words.vague
        or lower in words.verbs
        or lower.endswith("ly")
        or token.is_upper
        and len(token) > 2
    ):
        return False
    if lower.endswith("ing") or lower.endswith("s") and not lower.endswith(("ss", "ous", "is")):
        return False  # verbs ("using", "improves") and plural nouns
    return not (token.is_sent_start and token.is_title and lower in words.vague)


def extend_modifiers(doc: Doc, start: int, words: ModifierWords) -> int:
    """Extend a method/task name left over up to two modifiers, hyphenated ones included."""
    sentence_start = doc[start].sent.start if doc.has_annotation("SENT_START") else 0
    for _ in range(MAX_MODIFIERS):
        if (
            start - 3 >= sentence_start
            and doc[start - 2].text == "-"
            and doc[start - 3].whitespace_ == ""
            and doc[start - 2].whitespace_ == ""
            and doc[start - 1].is_alpha
            and doc[start - 3].is_alpha
            and doc[start - 3].lower_ not in STOP_WORDS
            and not doc[start - 1].lower_.endswith("ing")
            and doc[start - 3 : start].text.lower() not in words.vague
        ):
            start -= 3  # "zero-shot", "multi-stage", "class-aware"
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
