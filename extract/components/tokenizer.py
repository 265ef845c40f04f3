"""``citegraph.tokenizer.v1``: spaCy's English tokenizer, plus a full stop split off names.

spaCy keeps a final "." on tokens ending in a capital ("ViT.", "20B.", "ImageNet1K.") to
protect abbreviations like "U.S.". Abstracts end sentences with model and dataset names,
so the period is split off when at least two letters or digits precede it.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_suffix_regex, registry

NAME_FULL_STOP = r"(?<=[A-Za-z0-9][A-Z0-9])\.$"


@registry.tokenizers("citegraph.tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """Registered tokenizer factory used by ``extract/config.cfg``."""

    def make_tokenizer(nlp: Language) -> Tokenizer:
        suffixes = [*(nlp.Defaults.suffixes or ()), NAME_FULL_STOP]
        return Tokenizer(
            nlp.vocab,
            rules=nlp.Defaults.tokenizer_exceptions,
            prefix_search=spacy_prefix_search(nlp),
            suffix_search=compile_suffix_regex(suffixes).search,
            infix_finditer=spacy_infix_finditer(nlp),
            token_match=nlp.Defaults.token_match,
            url_match=nlp.Defaults.url_match,
        )

    return make_tokenizer


def spacy_prefix_search(nlp: Language) -> Callable[[str], object] | None:
    """The language's default prefix search."""
    from spacy.util import compile_prefix_regex

    return compile_prefix_regex(nlp.Defaults.prefixes).search if nlp.Defaults.prefixes else None


def spacy_infix_finditer(nlp: Language) -> Callable[[str], object] | None:
    """The language's default infix finditer."""
    from spacy.util import compile_infix_regex

    return compile_infix_regex(nlp.Defaults.infixes).finditer if nlp.Defaults.infixes else None
