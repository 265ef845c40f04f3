"""``citegraph_resolver``: choose one reading where candidates overlap and write ``doc.ents``.

The longest candidate wins (GUIDELINES: keep the most specific phrase); on equal length
the more trusted source wins (acronym definition > lexicon > pattern); spans of the
statistical NER, when one is added, only fill gaps the rules leave. Candidates whose whole
text is a generic phrase ("language models") are dropped.

With ``ner_first`` the order flips for text annotated the NER's way (SciERC): its spans are
kept as they are, generic or not, and rule readings only fill the gaps it leaves.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extract.canonical import normal_key
from extract.components.candidates import SOURCE_RANK, candidates
from extract.lexicon import LEXICON_DIR, load_generic


class Resolver:
    """Turns the candidate group into non-overlapping ``doc.ents``."""

    def __init__(self, name: str, lexicon_dir: str, ner_first: bool = False) -> None:
        self.name = name
        self.generic = load_generic(Path(lexicon_dir) if lexicon_dir else LEXICON_DIR)
        self.ner_first = ner_first

    def __call__(self, doc: Doc) -> Doc:
        found = candidates(doc)
        ner = [s for s in found if s.id_ == "ner"]
        rules = [s for s in found if s.id_ != "ner"]
        if not self.ner_first:
            ner = [span for span in ner if normal_key(span.text) not in self.generic]
        rules = [span for span in rules if normal_key(span.text) not in self.generic]
        chosen: list[Span] = []
        taken: set[int] = set()
        # Rule-based readings first (unless ner_first); the other group only fills the gaps.
        for group in (ner, rules) if self.ner_first else (rules, ner):
            for span in sorted(group, key=_preference):
                tokens = range(span.start, span.end)
                if taken.isdisjoint(tokens):
                    chosen.append(span)
                    taken.update(tokens)
        doc.ents = filter_spans(chosen)
        return doc


def _preference(span: Span) -> tuple[int, int, int]:
    """Sort key: longer first, then the more trusted source, then earlier."""
    return (-(span.end_char - span.start_char), -SOURCE_RANK.get(span.id_, 0), span.start)


@Language.factory(
    "citegraph_resolver",
    assigns=["doc.ents"],
    default_config={"lexicon_dir": "", "ner_first": False},
)
def make_resolver(nlp: Language, name: str, lexicon_dir: str, ner_first: bool) -> Resolver:
    """Registered factory; the last component of the extraction pipeline."""
    return Resolver(name, lexicon_dir, ner_first)
