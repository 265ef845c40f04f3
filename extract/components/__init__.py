"""Registered spaCy components of the extraction pipeline (importing this registers them)."""

from extract.components import (
    acronym_detector,
    lexicon_matcher,
    name_patterns,
    ner_candidates,
    resolver,
    term_patterns,
    tokenizer,
)

__all__ = [
    "acronym_detector",
    "lexicon_matcher",
    "name_patterns",
    "ner_candidates",
    "resolver",
    "term_patterns",
    "tokenizer",
]
