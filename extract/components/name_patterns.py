"""``citegraph_patterns``: names the lexicon does not know, typed by their context.

A name is a CamelCase, capitalised-acronym or alphanumeric token ("ColBERTer", "MMEB",
"Vec2Face"), with attached parts ("ViT-Lens", "Glot500-m", "PLDR-LLM"), or capitalised
words before "dataset"/"benchmark" ("Conceptual Captions dataset"). Its type comes from the
word after it ("... dataset", "... model", "... loss"), the words before it ("trained on X",
"we propose X, a ... network"), or its shape ("...Former", "...Bench").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extract.canonical import tidy_name
from extract.components.candidates import add_candidates, candidates, covered_tokens
from extract.components.typing_rules import DEFINERS, context_type, contribution_type, shape_type
from extract.lexicon import LEXICON_DIR, load_stop_names
from extract.records import EntityType

if not Doc.has_extension("title"):
    Doc.set_extension("title", default=None)

_CAMEL = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]|^[A-Z][a-z]+[A-Z]")
_ALNUM = re.compile(r"^(?=.*[A-Za-z])(?=.*\d)(?=.*[A-Z])[A-Za-z0-9.]+$")
_CAPS = re.compile(r"^[A-Z][A-Z0-9]+s?$")
_ROMAN = re.compile(r"^[IVX]+$")
_UNIT = re.compile(r"^\d+(\.\d+)?[A-Za-z]{1,2}$")  # 3D, 4K, 20B, 16GB: sizes and units, not names
_NAME_TYPES = frozenset({"MODEL", "DATASET", "METHOD"})
_SUFFIX_STOP = frozenset(
    "based like style specific level oriented pretrained trained generated free aware only sized "
    "scale augmented driven guided conditioned related wise compatible ready friendly enhanced "
    "powered agnostic dependent independent shot".split()
)
_JOINERS = frozenset({",", "and", "or", "/", "&"})
_LEFT_BRIDGES = frozenset(
    "called named dubbed termed coined such as like the a an new novel our proposed".split()
)
_ON_BLOCKERS = frozenset("based built relies rely relying depend depends focus focuses".split())
_DATA_HEADS = frozenset({"dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora"})
_LOOKAHEAD = 15


def is_name_token(token: Token, stop_names: frozenset[str]) -> bool:
    """Whether a token looks like a proper name of a model, dataset or method."""
    text = token.text
    if (
        len(text) < 2
        or text in stop_names
        or _ROMAN.match(text)
        or _UNIT.match(text)
        or not text[0].isalnum()
    ):
        return False
    if token.like_url or "/" in text or "~" in text or "{" in text:
        return False
    return bool(_CAMEL.search(text) or _ALNUM.match(text) or _CAPS.match(text))


class NamePatterns:
    """Adds candidates for unseen names typed from context."""

    def __init__(self, name: str, lexicon_dir: str) -> None:
        self.name = name
        self.stop_names = load_stop_names(Path(lexicon_dir) if lexicon_dir else LEXICON_DIR)

    def __call__(self, doc: Doc) -> Doc:
        covered = covered_tokens(doc)
        names: list[tuple[Span, EntityType | None]] = []
        index = 0
        while index < len(doc):
            if index in covered or not is_name_token(doc[index], self.stop_names):
                index += 1
                continue
            start, end = _expand(doc, index, covered)
            span = doc[start:end]
            if span.text not in self.stop_names:
                names.append((span, _type_of(doc, span)))
            index = end
        # One name, one type per paper: the type its typed occurrences agree on most.
        votes: dict[str, Counter[EntityType]] = defaultdict(Counter)
        for span, entity_type in names:
            if entity_type is not None:
                votes[span.text][entity_type] += 1
        title = doc._.title or ""
        for span, entity_type in names:
            if (
                entity_type is None
                and not votes[span.text]
                and (
                    re.search(r"(?<![\w-])" + re.escape(span.text) + r"(?![\w-])", title)
                    or _is_introduced(doc, span)
                )
            ):
                votes[span.text][contribution_type(doc)] += 1
        typed_at = _typed_edges(doc, names, votes)
        for span, _ in names:
            if not votes[span.text] and (found := _coordinated_type(doc, span, typed_at)):
                votes[span.text][found] += 1  # "BERT, RoBERTa and FooBERT"
        spans = [
            Span(
                doc,
                span.start,
                span.end,
                label=votes[span.text].most_common(1)[0][0],
                kb_id=tidy_name(span.text),
                span_id="pattern",
            )
            for span, _ in names
            if votes[span.text]
        ]
        spans.extend(
            span
            for span in _capitalised_before_data_head(doc, covered)
            if span.text not in self.stop_names
        )
        add_candidates(doc, spans)
        return doc


def _attached(doc: Doc, index: int) -> bool:
    """Whether doc[index] and doc[index + 1] are written without a space between them."""
    return doc[index].whitespace_ == ""


def _expand(doc: Doc, index: int, covered: set[int]) -> tuple[int, int]:
    """Grow a name over parts attached by hyphens or plus signs: "ViT-Lens", "MRF+CNN"."""
    start, end = index, index + 1
    while (
        end + 1 < len(doc)
        and doc[end].text in "-+"
        and _attached(doc, end - 1)
        and _attached(doc, end)
        and doc[end + 1].text[:1].isalnum()
        and doc[end + 1].lower_ not in _SUFFIX_STOP
        and end + 1 not in covered
    ):
        end += 2
    while (
        start - 2 >= 0
        and doc[start - 1].text == "-"
        and _attached(doc, start - 2)
        and _attached(doc, start - 1)
        and doc[start - 2].text[:1].isalpha()
        and start - 2 not in covered
    ):
        start -= 2
    return start, end


def _type_of(doc: Doc, span: Span) -> EntityType | None:
    """Type of an unseen name from the words around it, else from its shape."""
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and (found := _name_type(after.text)):
        return found
    before = [token.lower_ for token in doc[max(span.sent.start, span.start - 3) : span.start]]
    for word in reversed(before):  # "a dataset called X", "the framework X", "models such as X"
        if (found := _name_type(word)) is not None:
            return found
        if word not in _LEFT_BRIDGES:
            break
    if before and before[-1] == "on" and not (len(before) > 1 and before[-2] in _ON_BLOCKERS):
        return "DATASET"
    if any(word in DEFINERS for word in before) or (after is not None and after.text in {",", ":"}):
        for token in doc[span.end : min(span.sent.end, span.end + _LOOKAHEAD)]:
            if (found := _name_type(token.text)) is not None:
                return found
    return shape_type(span.text)


def _typed_edges(
    doc: Doc, names: list[tuple[Span, EntityType | None]], votes: dict[str, Counter[EntityType]]
) -> dict[tuple[str, int], EntityType]:
    """Types of names and lexicon candidates by ("start", token) and ("end", token) index."""
    edges: dict[tuple[str, int], EntityType] = {}
    typed = [(s.start, s.end, s.label_) for s in candidates(doc) if s.label_ in _NAME_TYPES]
    typed += [
        (s.start, s.end, votes[s.text].most_common(1)[0][0]) for s, _ in names if votes[s.text]
    ]
    for start, end, label in typed:
        edges[("start", start)] = label  # type: ignore[assignment]
        edges[("end", end)] = label  # type: ignore[assignment]
    return edges


def _coordinated_type(
    doc: Doc, span: Span, typed_at: dict[tuple[str, int], EntityType]
) -> EntityType | None:
    """Type of a typed name listed right before or after this one ("X, Y and Z")."""
    for gap in (1, 2):
        joiners = doc[max(0, span.start - gap) : span.start]
        if len(joiners) == gap and all(t.text in _JOINERS for t in joiners):
            if (found := typed_at.get(("end", span.start - gap))) is not None:
                return found
        joiners = doc[span.end : min(len(doc), span.end + gap)]
        if len(joiners) == gap and all(t.text in _JOINERS for t in joiners):
            if (found := typed_at.get(("start", span.end + gap))) is not None:
                return found
    return None


def _is_introduced(doc: Doc, span: Span) -> bool:
    """Whether the name follows "we propose", "called", "named" ... in its sentence."""
    before = doc[max(span.sent.start, span.start - 3) : span.start]
    return any(token.lower_ in DEFINERS for token in before)


def _name_type(word: str) -> EntityType | None:
    """Type a context word gives a name; names are models, datasets or methods, not tasks."""
    found = context_type(word)
    return found if found in _NAME_TYPES else None


def _capitalised_before_data_head(doc: Doc, covered: set[int]) -> list[Span]:
    """ "Conceptual Captions dataset" -> "Conceptual Captions": capitalised words before a data
    head noun, not at the start of a sentence."""
    spans = []
    for token in doc:
        if token.lower_ not in _DATA_HEADS or token.i == 0:
            continue
        start = token.i
        while (
            start - 1 >= 0
            and doc[start - 1].text[:1].isupper()
            and start - 1 not in covered
            and not doc[start - 1].is_sent_start
            and token.i - start < 4
        ):
            start -= 1
        if start < token.i:
            spans.append(
                Span(
                    doc,
                    start,
                    token.i,
                    label="DATASET",
                    kb_id=doc[start : token.i].text,
                    span_id="pattern",
                )
            )
    return spans


@Language.factory("citegraph_patterns", assigns=["doc.spans"], default_config={"lexicon_dir": ""})
def make_name_patterns(nlp: Language, name: str, lexicon_dir: str) -> NamePatterns:
    """Registered factory; runs after the lexicon and acronym components."""
    return NamePatterns(name, lexicon_dir)
