"""Near-duplicate entity names, suggested for ``citegraph entities merge``.

Two entities of one type are suggested as one concept when their names agree
- up to case, hyphens, spaces, punctuation and a plural "s" (``spelling``: "auto-regressive
  image generation" / "autoregressive image generation", "DefSent" / "DefSent+"), or
- after that, up to one letter inserted, dropped or changed in names of at least
  ``MIN_EDIT_LENGTH`` characters (``one letter``: "modelling" / "modeling" variants, typos).
The entity with most papers is the suggested target; nothing is merged automatically.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from pydantic import BaseModel

from graph import queries
from graph.store import GraphStore

MIN_EDIT_LENGTH = 8
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


class NamedEntity(BaseModel):
    """An entity as the duplicate finder sees it."""

    id: str
    name: str
    type: str
    papers: int = 0


class DuplicateGroup(BaseModel):
    """Entities that look like one concept; ``target`` is the one to keep."""

    reason: str  # "spelling" or "one letter"
    target: NamedEntity
    sources: tuple[NamedEntity, ...]


def folded(name: str) -> str:
    """A name without case, spaces, hyphens, punctuation and a final plural "s"."""
    key = _NOT_ALNUM.sub("", name.lower())
    return key[:-1] if len(key) > 3 and key.endswith("s") and not key.endswith("ss") else key


def _deletions(key: str) -> set[str]:
    """The key and every string one deleted letter away from it (digits are versions:
    "resnet101" and "resnet152" stay apart)."""
    return {key} | {key[:i] + key[i + 1 :] for i in range(len(key)) if key[i].isalpha()}


def _group(members: Sequence[NamedEntity], reason: str) -> DuplicateGroup:
    ordered = sorted(members, key=lambda e: (-e.papers, len(e.name), e.id))
    return DuplicateGroup(reason=reason, target=ordered[0], sources=tuple(ordered[1:]))


def find_duplicates(entities: Iterable[NamedEntity]) -> list[DuplicateGroup]:
    """Groups of near-duplicate entities of the same type, the largest groups first."""
    by_key: dict[tuple[str, str], list[NamedEntity]] = defaultdict(list)
    for entity in entities:
        by_key[(entity.type, folded(entity.name))].append(entity)
    groups = [_group(m, "spelling") for m in by_key.values() if len(m) > 1]
    # One letter apart: keys sharing a one-deletion variant (Norvig's trick: linear time).
    variants: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for entity_type, key in by_key:
        if len(key) >= MIN_EDIT_LENGTH and not key.isdigit():
            for variant in _deletions(key):
                variants[(entity_type, variant)].add((entity_type, key))
    seen: set[frozenset[tuple[str, str]]] = set()
    for keys in variants.values():
        if len(keys) > 1 and frozenset(keys) not in seen:
            seen.add(frozenset(keys))
            members = [entity for key in sorted(keys) for entity in by_key[key]]
            groups.append(_group(members, "one letter"))
    return sorted(groups, key=lambda g: (-len(g.sources), -g.target.papers, g.target.id))


def graph_duplicates(store: GraphStore) -> list[DuplicateGroup]:
    """Near-duplicate entities in the graph."""
    return find_duplicates(NamedEntity(**row) for row in store.read(queries.ALL_ENTITY_NAMES))
