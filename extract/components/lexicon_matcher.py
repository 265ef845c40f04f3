"""``citegraph_lexicon``: phrase matching over the curated lexicon.

Lower-case entries ("contrastive learning") match any casing and their plurals; entries
written with capitals ("BERT", "Pascal VOC") match exactly, plus the acronym plural
("CNNs"). A phrase that mixes a proper word with common ones ("hidden Markov model") also
matches as a title or a sentence writes it ("Hidden Markov Models", "Hidden Markov model"),
and in the plural. Model and dataset names take attached size/version suffixes ("BERT-base",
"T5-XXL", "UL2 20B"). Matches become candidate spans: label = type, kb_id = canonical.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from extract.acronyms import singular_short_form
from extract.canonical import tidy_name
from extract.components.candidates import add_candidates
from extract.components.modifiers import extend_modifiers, load_modifier_words
from extract.lexicon import LEXICON_DIR, LexiconEntry, load_entries, load_words

_SIZE_SUFFIX = re.compile(
    r"^(\d+(\.\d+)?[BMK]|base|large|small|tiny|mini|medium|huge|giant|XXL|XL|L|B|S|H|G|"
    r"v\d+(\.\d+)?|\d+(\.\d+)?|Base|Large|Small|Instruct|Chat|chat|instruct)$"
)
_SPACED_SIZE = re.compile(r"^\d+(\.\d+)?[BMK]$")
# Nouns after which a one-word generic term is a modifier ("classification tasks").


# Small words a title leaves in lower case ("Learning to Rank", "Mixture of Experts").
_TITLE_SMALL = frozenset("a an and as at by for from in of on or the to via vs with".split())


def _plural(text: str, entity_type: str) -> str | None:
    """Plural of a lexicon name, or None when it has none worth matching."""
    if entity_type == "TASK" and " " not in text:
        return None  # "manipulations", "transliterations" name instances, not the task
    if text.islower() or " " in text and text.rsplit(" ", 1)[-1].islower():
        last = text.rsplit(" ", 1)[-1]
        if (
            not last[-1:].isalpha()
            or last.endswith("ing")
            or last.endswith("s")
            and not last.endswith("ss")
        ):
            return None
        if last.endswith(("ss", "sh", "ch", "x")):
            return text + "es"
        return (
            text[:-1] + "ies" if text.endswith("y") and text[-2:-1] not in "aeiou" else text + "s"
        )
    if re.search(r"[A-Z]$", text) and len(text) <= 12:
        return text + "s"  # CNN -> CNNs, SAE -> SAEs
    return None


def _cased_variants(text: str) -> list[str]:
    """How a title and a sentence start write a name that mixes proper and common words:
    "hidden Markov model" -> "Hidden Markov Model", "Hidden Markov model". Names in lower
    case match any casing already; names of capitals only ("Pascal VOC") have no variant."""
    words = text.split(" ")
    if text.islower() or len(words) < 2 or not any(w.isalpha() and w.islower() for w in words):
        return []
    title = " ".join(
        w[0].upper() + w[1:] if w[:1].islower() and (i == 0 or w not in _TITLE_SMALL) else w
        for i, w in enumerate(words)
    )
    first = text[0].upper() + text[1:]
    return [variant for variant in dict.fromkeys((title, first)) if variant != text]


class LexiconMatcher:
    """Finds lexicon names in a Doc and adds them as candidates."""

    def __init__(self, nlp: Language, name: str, lexicon_dir: str, extra_files: list[str]) -> None:
        self.name = name
        directory = Path(lexicon_dir) if lexicon_dir else LEXICON_DIR
        entries = load_entries(directory, tuple(Path(path) for path in extra_files))
        self.words = load_modifier_words(directory)
        self.modified_nouns = load_words("modified_nouns.txt", directory)
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.entries: dict[str, LexiconEntry] = {}
        for entry in entries:
            plural = _plural(entry.text, entry.type)
            for form in (entry.text, plural):
                if form:
                    for text in (form, *_cased_variants(form)):
                        self._add(nlp, entry, text)

    def _add(self, nlp: Language, entry: LexiconEntry, text: str) -> None:
        key = f"{entry.type}|{entry.canonical}|{text}"
        if key in self.entries:
            return
        self.entries[key] = entry
        matcher = self.lower if text.islower() else self.exact
        matcher.add(key, [nlp.make_doc(text)])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for entry, start, end in _named_readings(self._matches(doc)):
            canonical = _canonical_for(entry, doc[start:end].text)
            generic = _is_generic_modifier(doc, entry, end, self.modified_nouns)
            if generic or _in_compound_name(doc, start, end):
                continue
            if entry.type in ("MODEL", "DATASET"):
                extended = _extend_suffix(doc, end)
                if extended > end:
                    end, canonical = extended, tidy_name(doc[start:extended].text)
            elif entry.text.islower() and entry.type in ("METHOD", "TASK"):
                extended = extend_modifiers(doc, start, self.words)
                if extended < start:
                    start, canonical = extended, tidy_name(doc[extended:end].text)
            spans.append(
                Span(doc, start, end, label=entry.type, kb_id=canonical, span_id="lexicon")
            )
        add_candidates(doc, spans)
        return doc

    def _matches(self, doc: Doc) -> list[tuple[LexiconEntry, int, int]]:
        """(entry, start, end) of every lexicon match."""
        return [
            (self.entries[doc.vocab.strings[match_id]], start, end)
            for matcher in (self.lower, self.exact)
            for match_id, start, end in matcher(doc)
        ]


def _named_readings(
    matches: list[tuple[LexiconEntry, int, int]],
) -> list[tuple[LexiconEntry, int, int]]:
    """The matches, where an alias that several entries share ("EM": exact match, or
    expectation-maximization) keeps only the entry the paper also names in another way ("the
    EM algorithm", "exact match"); with no such evidence the alias names none of them."""
    readings: dict[tuple[int, int], set[tuple[str, str]]] = defaultdict(set)
    for entry, start, end in matches:
        readings[(start, end)].add((entry.type, entry.canonical))
    kept = []
    for entry, start, end in matches:
        if len(readings[(start, end)]) > 1:
            named_elsewhere = any(
                (other.type, other.canonical) == (entry.type, entry.canonical)
                and (other_start, other_end) != (start, end)
                and len(readings[(other_start, other_end)]) == 1
                for other, other_start, other_end in matches
            )
            if not named_elsewhere:
                continue
        kept.append((entry, start, end))
    return kept


def _canonical_for(entry: LexiconEntry, text: str) -> str:
    """The canonical name of a match. An acronym alias keeps its own name ("CNNs" -> "CNN")
    unless the paper defines it (GUIDELINES); its entity id still joins the long form's."""
    if " " in entry.canonical and " " not in text and sum(c.isupper() for c in text) >= 2:
        return singular_short_form(text)
    return entry.canonical


def _is_generic_modifier(
    doc: Doc, entry: LexiconEntry, end: int, modified_nouns: frozenset[str]
) -> bool:
    """Whether a one-word generic term modifies the noun after it: "pre-training objectives",
    "retrieval model" (a specific term stays a mention: "image-text matching tasks")."""
    return (
        entry.type != "MODEL"
        and entry.text.islower()
        and " " not in entry.text
        and end < len(doc)
        and doc[end].lower_ in modified_nouns
    )


def _in_compound_name(doc: Doc, start: int, end: int) -> bool:
    """Whether a name is part of a new hyphenated name: "ViT-Lens", "Structure-CLIP"."""
    left = (
        start >= 2
        and doc[start - 1].text == "-"
        and doc[start - 2].whitespace_ == ""
        and doc[start - 1].whitespace_ == ""
        and doc[start - 2].text[:1].isupper()
    )
    right = (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and doc[end - 1].whitespace_ == ""
        and doc[end].whitespace_ == ""
        and doc[end + 1].text[:1].isupper()
        and not _SIZE_SUFFIX.match(doc[end + 1].text)
    )
    return left or right


def _extend_suffix(doc: Doc, end: int) -> int:
    """Extend a model/dataset name over attached size suffixes: "-base", "-XXL", " 20B"."""
    while end + 1 < len(doc) and doc[end - 1].whitespace_ == "" and doc[end].text == "-":
        if not _SIZE_SUFFIX.match(doc[end + 1].text) or doc[end].whitespace_:
            break
        end += 2
    if end < len(doc) and doc[end - 1].whitespace_ and _SPACED_SIZE.match(doc[end].text):
        end += 1
    return end


@Language.factory(
    "citegraph_lexicon",
    assigns=["doc.spans"],
    default_config={"lexicon_dir": "", "extra_files": []},
)
def make_lexicon_matcher(
    nlp: Language, name: str, lexicon_dir: str, extra_files: list[str]
) -> LexiconMatcher:
    """Registered factory: ``lexicon_dir`` empty means the lexicon bundled with the project."""
    return LexiconMatcher(nlp, name, lexicon_dir, extra_files)
