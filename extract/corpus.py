"""Corpus-level decisions: one entity per concept over all papers, in any arrival order.

``CorpusTable`` holds the ``CorpusEvidence`` of every paper (keyed by paper id, so a paper
extracted again replaces what it said before) and derives from it, order-free:

- acronyms: a bare "MIM" in one paper is the entity another paper defines as "masked image
  modeling (MIM)", when no paper defines it differently;
- one type and one spelling per concept: names whose keys agree up to spaces ("ai2 thor" /
  "ai2thor", "zero shot" / "zeroshot") form a group; the group's entity takes the type most
  papers give it and the key most papers write (ties: the first type in ``ENTITY_TYPES``,
  the smallest key).

The decisions depend only on the set of papers seen, so a corpus built in one run and the
same corpus built in batches end with the same entities once every paper's decisions are
brought up to date (``decisions`` tells which papers need it).
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from extract.acronyms import AcronymDefinition, AcronymTable, singular_short_form
from extract.records import ENTITY_TYPES, CorpusEvidence, EntityType

# what the table keeps of a paper's evidence: its definitions and its distinct names (the bare
# acronyms matter only to the paper's own decisions, asked with its whole evidence)
_Kept = tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, str], ...]]

_TYPE_ORDER = {entity_type: index for index, entity_type in enumerate(ENTITY_TYPES)}


def compact_key(key: str) -> str:
    """A name key without its spaces: the spelling group of the key."""
    return key.replace(" ", "")


def split_entity_id(entity_id: str) -> tuple[str, str]:
    """("METHOD", "masked image modeling") of ``"method:masked image modeling"``."""
    entity_type, _, key = entity_id.partition(":")
    return entity_type.upper(), key


class CorpusTable:
    """The corpus-level evidence of every paper seen, and the decisions it implies."""

    def __init__(self, is_junk: Callable[[str, str], bool] | None = None) -> None:
        """``is_junk(text, type)``: definitions it rejects are ignored (the junk rules)."""
        # paper id -> (definitions, names), strings interned: a corpus names the same
        # entities over and over, so 250k papers' evidence holds each string once
        self._papers: dict[str, _Kept] = {}
        self._is_junk = is_junk or (lambda text, entity_type: False)
        self._acronyms: AcronymTable | None = None
        self._groups: dict[str, tuple[str, str]] | None = None

    def update(self, paper_id: str, evidence: CorpusEvidence) -> None:
        """Record (or replace) what one paper says."""
        self._papers[sys.intern(paper_id)] = (
            tuple(tuple(sys.intern(part) for part in d) for d in evidence.definitions),
            tuple((sys.intern(t), sys.intern(k)) for t, k in set(evidence.names)),
        )
        self._acronyms = self._groups = None

    def __len__(self) -> int:
        return len(self._papers)

    @property
    def acronyms(self) -> AcronymTable:
        """The acronym definitions of all papers (junk definitions left out)."""
        if self._acronyms is None:
            table = AcronymTable()
            for paper_id in sorted(self._papers):
                for short, entity_type, canonical in self._papers[paper_id][0]:
                    if not (
                        self._is_junk(short, entity_type) or self._is_junk(canonical, entity_type)
                    ):
                        table.add(AcronymDefinition(short, entity_type, canonical))  # type: ignore[arg-type]
            self._acronyms = table
        return self._acronyms

    def resolve_acronym(self, text: str) -> AcronymDefinition | None:
        """The one entity a bare acronym names across the corpus, or None."""
        definition = self.acronyms.resolve(singular_short_form(text))
        if definition is None or self._is_junk(text, definition.type):
            return None
        return definition

    def entity(self, entity_type: str, key: str) -> tuple[str, str]:
        """The (type, key) the corpus gives the entity named (type, key) in one paper."""
        if self._groups is None:
            self._groups = self._decide_groups()
        return self._groups.get(compact_key(key), (entity_type, key))

    def _decide_groups(self) -> dict[str, tuple[str, str]]:
        """Spelling group -> (type, key), for groups named with more than one type or key."""
        types: dict[str, Counter[str]] = defaultdict(Counter)
        keys: dict[str, Counter[str]] = defaultdict(Counter)
        for _, names in self._papers.values():
            for entity_type, key in names:
                types[compact_key(key)][entity_type] += 1
                keys[compact_key(key)][key] += 1
        decided = {}
        for group, type_counts in types.items():
            if len(type_counts) == 1 and len(keys[group]) == 1:
                continue
            best_type = min(type_counts, key=lambda t: (-type_counts[t], _TYPE_ORDER.get(t, 9)))  # type: ignore[call-overload]
            best_key = min(keys[group], key=lambda k: (-keys[group][k], k))
            decided[group] = (best_type, best_key)
        return decided

    def decisions(self, evidence: CorpusEvidence) -> tuple[str, ...]:
        """Everything the corpus decides for one paper, as sorted strings: two papers' outputs
        differ only if their evidence or these decisions do."""
        out = set()
        for _, _, text, _ in evidence.bare:
            found = self.resolve_acronym(text)
            resolved = f"{found.type}\t{found.canonical}" if found else ""
            out.add(f"acronym\t{text}\t{resolved}")
        for entity_type, key in evidence.names:
            decided = self.entity(entity_type, key)
            if decided != (entity_type, key):
                out.add(f"entity\t{entity_type}\t{key}\t{decided[0]}\t{decided[1]}")
        return tuple(sorted(out))


def evidence_names(pairs: Iterable[tuple[EntityType | str, str]]) -> tuple[tuple[str, str], ...]:
    """Distinct (type, key) pairs, sorted."""
    return tuple(sorted({(str(entity_type), key) for entity_type, key in pairs}))
