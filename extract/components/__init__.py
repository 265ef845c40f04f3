"""Registered spaCy components of the extraction pipeline (importing this registers them)."""

from extract.components import (
    acronym_detector,
    junk_filter,
    lexicon_matcher,
    minilm_ner,
    name_patterns,
    ner_candidates,
    resolver,
    term_patterns,
    tokenizer,
)

__all__ = [
    "acronym_detector",
    "junk_filter",
    "lexicon_matcher",
    "minilm_ner",
    "name_patterns",
    "ner_candidates",
    "resolver",
    "term_patterns",
    "tokenizer",
]
