"""Candidate spans shared by the components, kept in ``doc.spans["candidates"]``.

Each candidate is a Span with ``label_`` = entity type, ``kb_id_`` = canonical name and
``id_`` = the source that proposed it (``acronym``, ``lexicon``, ``pattern``, ``ner``).
The resolver picks a non-overlapping subset and writes ``doc.ents``.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span

CANDIDATES = "candidates"
# Higher wins when two candidates cover the same characters.
SOURCE_RANK = {"acronym": 4, "lexicon": 3, "ner": 2, "pattern": 1}


def add_candidates(doc: Doc, spans: Iterable[Span]) -> None:
    """Append spans to the Doc's candidate group."""
    group = doc.spans.get(CANDIDATES)
    new = list(spans)
    if group is None:
        doc.spans[CANDIDATES] = new
    else:
        group.extend(new)


def candidates(doc: Doc) -> list[Span]:
    """The Doc's candidates so far."""
    group = doc.spans.get(CANDIDATES)
    return list(group) if group is not None else []


def covered_tokens(doc: Doc, sources: tuple[str, ...] = ()) -> set[int]:
    """Indices of tokens inside a candidate (of the given sources, or any)."""
    covered: set[int] = set()
    for span in candidates(doc):
        if not sources or span.id_ in sources:
            covered.update(range(span.start, span.end))
    return covered
