"""``citegraph_junk``: candidates that are never entities, by rules written in ``config.cfg``.

The rules (``[components.citegraph_junk]``): a name needs ``min_chars`` letters or digits ("D" from
"RGB-D", "x" are not names); ``never`` lists, per type, names that are never an entity of
that type (languages are not datasets, activation functions are not models), compared by
their key (case, hyphens, plural folded); ``first_words`` lists, per type, words that start
idioms and verb phrases rather than names ("drawn attention", "paid attention"); the stop
names of the lexicon (``stop_names.txt``: "GPU", "SOTA") are never entities of any type.
The same rules judge acronym definitions and corpus-resolved acronyms (``JunkRules.is_junk``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extract.canonical import normal_key
from extract.components.candidates import CANDIDATES, candidates
from extract.lexicon import LEXICON_DIR, load_stop_names

ANY_TYPE = "ANY"


@dataclass(frozen=True)
class JunkRules:
    """The junk rules, ready to judge a (name, type)."""

    min_chars: int
    never: Mapping[str, frozenset[str]]  # type (or ANY) -> name keys
    first_words: Mapping[str, frozenset[str]]  # type (or ANY) -> lower-case words
    stop_names: frozenset[str]  # case-sensitive whole names

    @classmethod
    def from_config(
        cls,
        min_chars: int,
        never: Mapping[str, Sequence[str]],
        first_words: Mapping[str, Sequence[str]],
        lexicon_dir: str = "",
    ) -> JunkRules:
        """Rules from the component's config section."""
        return cls(
            min_chars=min_chars,
            never={t: frozenset(normal_key(n) for n in names) for t, names in never.items()},
            first_words={t: frozenset(w.lower() for w in ws) for t, ws in first_words.items()},
            stop_names=load_stop_names(Path(lexicon_dir) if lexicon_dir else LEXICON_DIR),
        )

    def is_junk(self, text: str, entity_type: str) -> bool:
        """Whether ``text`` typed ``entity_type`` breaks a rule."""
        if sum(char.isalnum() for char in text) < self.min_chars or text in self.stop_names:
            return True
        key = normal_key(text)
        if key in self.never.get(entity_type, ()) or key in self.never.get(ANY_TYPE, ()):
            return True
        first = text.split(maxsplit=1)[0].lower() if text.split() else ""
        return " " in text.strip() and (
            first in self.first_words.get(entity_type, ())
            or first in self.first_words.get(ANY_TYPE, ())
        )


class JunkFilter:
    """Drops junk candidates before the resolver chooses among them."""

    def __init__(self, name: str, rules: JunkRules) -> None:
        self.name = name
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        found = candidates(doc)
        kept = [span for span in found if not self.rules.is_junk(span.text, span.label_)]
        if len(kept) != len(found):
            doc.spans[CANDIDATES] = kept
        return doc


@Language.factory(
    "citegraph_junk",
    assigns=["doc.spans"],
    default_config={"min_chars": 2, "never": {}, "first_words": {}, "lexicon_dir": ""},
)
def make_junk_filter(
    nlp: Language,
    name: str,
    min_chars: int,
    never: dict[str, list[str]],
    first_words: dict[str, list[str]],
    lexicon_dir: str,
) -> JunkFilter:
    """Registered factory; runs right before ``citegraph_resolver``."""
    return JunkFilter(name, JunkRules.from_config(min_chars, never, first_words, lexicon_dir))
