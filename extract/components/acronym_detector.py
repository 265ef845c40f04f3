"""``citegraph_acronyms``: "long form (SF)" definitions and the bare uses of SF in the paper.

Both forms become candidates of one entity, canonical = the long form (or its lexicon
canonical). The type comes from the lexicon, else the long form's head noun ("... network"),
else the word after the parenthesis. Definitions are kept in ``doc._.acronyms``
(short form -> [type, canonical]) for the corpus-level table.
Generic long forms ("large language models (LLMs)") link nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.acronyms import (
    AcronymDefinition,
    initials_start,
    is_short_form,
    long_form_start,
    max_long_form_words,
    singular_short_form,
    title_run_start,
)
from extract.canonical import normal_key, tidy_name
from extract.components.candidates import add_candidates, candidates
from extract.components.modifiers import extend_modifiers, load_modifier_words
from extract.components.term_patterns import TERM_HEADS
from extract.components.typing_rules import (
    DEFINERS,
    appositive_type,
    context_type,
    contribution_type,
    head_type,
)
from extract.lexicon import LEXICON_DIR, load_generic
from extract.records import EntityType

GENERIC_MODIFIERS = frozenset(
    "multilingual large small pretrained pre-trained pre trained neural deep multimodal "
    "multi-modal vision "
    "visual generative conversational open closed source proprietary general purpose modern".split()
)

# Head words a name is never extended over (GUIDELINES: no generic head words).
GENERIC_HEADS = frozenset(
    "method methods approach approaches framework frameworks strategy strategies technique "
    "techniques scheme schemes mechanism mechanisms algorithm algorithms procedure procedures "
    "paradigm paradigms module modules".split()
)

if not Doc.has_extension("acronyms"):
    Doc.set_extension("acronyms", default=None)


class AcronymDetector:
    """Finds acronym definitions and marks every use of each acronym in the Doc."""

    def __init__(self, name: str, lexicon_dir: str) -> None:
        self.name = name
        directory = Path(lexicon_dir) if lexicon_dir else LEXICON_DIR
        self.generic = load_generic(directory)
        self.modifier_words = load_modifier_words(directory)

    def __call__(self, doc: Doc) -> Doc:
        known = {(span.start, span.end): span for span in candidates(doc) if span.id_ == "lexicon"}
        definitions: dict[str, AcronymDefinition] = {}
        new: list[Span] = []
        for open_index, close_index in _parentheses(doc):
            short_span = doc[open_index + 1 : close_index]
            if any(token.whitespace_ for token in short_span[:-1]):
                # "SIE (Split Invariant-Equivariant)" or "(Rank-1 Representation Finetuning;
                # ReFT-r1)": both forms in or around the parentheses
                pair = _inner_definition(doc, open_index, close_index) or _reverse_definition(
                    doc, open_index, close_index
                )
                if pair is None:
                    continue
                short_span, long_span = pair
            else:
                short_span, long_end = _drop_shared_suffix(doc, short_span, open_index)
                if long_end > 0 and doc[long_end - 1].text in _CLOSING_QUOTES:
                    long_end -= 1  # '"causes of effects" (CoE)'
                if not is_short_form(short_span.text):
                    continue
                long_span = self._long_form(  # type: ignore[assignment]
                    doc, open_index, singular_short_form(short_span.text), long_end
                )
            short = short_span.text
            if long_span is None or self._is_generic(long_span):
                continue
            wrapped = _wrapped_head(doc, long_span, close_index, known)
            if wrapped is not None:  # "Directed Acyclic Graph (DAG) loss": one mention
                definitions[singular_short_form(short)] = AcronymDefinition(
                    singular_short_form(short),
                    wrapped.label_,  # type: ignore[arg-type]
                    wrapped.kb_id_,
                )
                new.append(wrapped)
                continue
            typed = self._type(doc, long_span, short_span, close_index, known)
            if typed is None:
                continue
            entity_type, canonical = typed
            definitions[singular_short_form(short)] = AcronymDefinition(
                singular_short_form(short), entity_type, canonical
            )
            for span in (long_span, short_span):
                new.append(
                    Span(
                        doc,
                        span.start,
                        span.end,
                        label=entity_type,
                        kb_id=canonical,
                        span_id="acronym",
                    )
                )
        new.extend(_uses(doc, definitions))
        # Plain lists so the Doc serialises (nlp.pipe with n_process > 1).
        doc._.acronyms = {short: [d.type, d.canonical] for short, d in definitions.items()}
        add_candidates(doc, new)
        return doc

    def _is_generic(self, long_span: Span) -> bool:
        """Whether a long form is a generic phrase, also after generic modifiers
        ("multilingual pretrained language models")."""
        words = normal_key(long_span.text).split()
        for index in range(len(words)):
            if " ".join(words[index:]) in self.generic:
                return all(word in GENERIC_MODIFIERS for word in words[:index])
        return False

    def _long_form(self, doc: Doc, open_index: int, short: str, long_end: int) -> Span | None:
        """The long form ending at token ``long_end`` before ``doc[open_index]`` (the "(")."""
        sentence_start = doc[open_index].sent.start if doc.has_annotation("SENT_START") else 0
        words = max_long_form_words(short)
        first = max(sentence_start, long_end - 3 * words)
        if first >= long_end:
            return None
        begin = doc[first].idx
        text = doc.text[begin : doc[long_end - 1].idx + len(doc[long_end - 1])]
        offset = long_form_start(short, text)
        if offset is None:
            # "Large Language Model from Power Law Decoder Representations (PLDR-LLM)"
            run = title_run_start(short, [token.text for token in doc[first:long_end]])
            return None if run is None else doc[first + run : long_end]
        long_text = text[offset:]
        if len(long_text.split()) > words or re.search(r"[,;:()\[\]]", long_text):
            return None
        span = doc.char_span(begin + offset, begin + len(text), alignment_mode="expand")
        if (
            span is not None
            and initials_start(short, text) is None
            and span[0].lower_ in TERM_HEADS
            and len(span) > 1
        ):
            # "masked knowledge distillation with bootstrapped teachers (dBOT)": the acronym
            # starts at a head noun; the words that narrow it belong to the name
            start = extend_modifiers(doc, span.start, self.modifier_words)
            span = doc[max(start, first) : span.end]
        return span

    @staticmethod
    def _type(
        doc: Doc,
        long_span: Span,
        short_span: Span,
        close_index: int,
        known: dict[tuple[int, int], Span],
    ) -> tuple[EntityType, str] | None:
        """(type, canonical) of a definition, or None when nothing says what it is."""
        exact = known.get((long_span.start, long_span.end))
        if exact is not None:
            return exact.label_, exact.kb_id_  # type: ignore[return-value]
        entity_type = head_type([token.text for token in long_span]) or head_type(
            _before_preposition(long_span)
        )
        if entity_type is None:  # "higher-order linear-chain conditional random fields"
            entity_type = next(
                (
                    span.label_  # type: ignore[misc]
                    for (start, end), span in known.items()
                    if end == long_span.end and long_span.start < start
                ),
                None,
            )  # type: ignore[assignment]
        before = doc[max(0, long_span.start - 3) : long_span.start]
        introduced = any(token.lower_ in DEFINERS for token in before)
        if introduced and long_span[0].is_title and entity_type in ("TASK", "METRIC"):
            entity_type = (
                None  # "we propose Pre-training with Representative wOrds Prediction (PROP)"
            )
        if entity_type is None:
            short_known = known.get((short_span.start, short_span.end))
            if short_known is not None:
                entity_type = short_known.label_  # type: ignore[assignment]
        if entity_type is None and close_index + 1 < len(doc):
            entity_type = context_type(doc[close_index + 1].text) or appositive_type(
                doc, close_index + 1
            )
        if (
            entity_type is None
            and long_span.start >= 2
            and doc[long_span.start - 1].lower_ == "of"
            and doc[long_span.start - 2].lower_ in _PROBLEM_WORDS
        ):
            entity_type = "TASK"  # "the problem of optimal experimental design (OED)"
        if entity_type is None and introduced:
            entity_type = contribution_type(doc)  # "we propose Mixture-of-Denoisers (MoD)"
        if entity_type is None:
            return None
        return entity_type, tidy_name(long_span.text)


_PROBLEM_WORDS = frozenset("problem problems task tasks".split())
_PREPOSITIONS = frozenset("with for of via from using under on in by over".split())


def _before_preposition(long_span: Span) -> list[str]:
    """The words of a long form before its first preposition, where an English noun phrase
    has its head ("masked knowledge distillation with bootstrapped teachers")."""
    words = [token.text for token in long_span]
    for index, word in enumerate(words[1:], start=1):
        if word.lower() in _PREPOSITIONS:
            return words[:index]
    return []


def _wrapped_head(
    doc: Doc, long_span: Span, close_index: int, known: dict[tuple[int, int], Span]
) -> Span | None:
    """ "Click-through rate (CTR) prediction": a task or method head after the parenthesis that
    the long form does not name itself makes the whole phrase one mention."""
    if (long_span.start, long_span.end) in known or close_index + 1 >= len(doc):
        return None
    head = doc[close_index + 1]
    head_says = context_type(head.text)
    if head_says not in ("TASK", "METHOD") or head.lower_ in GENERIC_HEADS:
        return None  # "rank reduction (RR) strategy": the generic head stays outside
    if head_type([t.text for t in long_span]) == head_says:
        return None
    canonical = tidy_name(f"{long_span.text} {head.text}")
    return Span(
        doc, long_span.start, close_index + 2, label=head_says, kb_id=canonical, span_id="acronym"
    )


def _inner_definition(doc: Doc, open_index: int, close_index: int) -> tuple[Span, Span] | None:
    """(short, long) of "(long form; SHORT)": both forms in the parentheses, the long form of
    two or more words first, the short form after the semicolon starting with its letter."""
    inside = doc[open_index + 1 : close_index]
    semicolons = [token.i for token in inside if token.text == ";"]
    if len(semicolons) != 1:
        return None
    long_span = doc[open_index + 1 : semicolons[0]]
    short_span = doc[semicolons[0] + 1 : close_index]
    if (
        len(long_span) < 2
        or any(token.whitespace_ for token in short_span[:-1])
        or not is_short_form(short_span.text)
        or re.search(r"[,:]", long_span.text)
        or short_span.text[0].lower() != long_span.text[0].lower()
    ):
        return None
    return short_span, long_span


def _reverse_definition(doc: Doc, open_index: int, close_index: int) -> tuple[Span, Span] | None:
    """(short, long) of "SHORT (long form)": the token before the parenthesis is a short form
    and the whole parenthesised text is its long form by the initials rule."""
    if open_index == 0 or not is_short_form(doc[open_index - 1].text):
        return None
    short_span = doc[open_index - 1 : open_index]
    long_span = doc[open_index + 1 : close_index]
    short = singular_short_form(short_span.text)
    if re.search(r"[,;:]", long_span.text) or long_form_start(short, long_span.text) != 0:
        return None
    return short_span, long_span


def _drop_shared_suffix(doc: Doc, short_span: Span, open_index: int) -> tuple[Span, int]:
    """ "contrastive learning-based (CL-based)": the acronym is "CL", its long form ends before
    "-based". Returns the short-form span and the token index where the long form ends."""
    tokens = [token.text for token in short_span]
    if (
        len(tokens) >= 3
        and tokens[-2] == "-"
        and open_index >= 2
        and doc[open_index - 2].text == "-"
        and doc[open_index - 1].lower_ == tokens[-1].lower()
    ):
        return short_span[:-2], open_index - 2
    return short_span, open_index


_CLOSING_QUOTES = frozenset({'"', "”", "'", "’"})
_PARENTHESIS_TOKENS = 12  # "(Rank-1 Representation Finetuning; ReFT-r1)" is 10 tokens


def _parentheses(doc: Doc) -> list[tuple[int, int]]:
    """(open, close) token indices of short parenthesised groups."""
    pairs = []
    for index, token in enumerate(doc):
        if token.text != "(":
            continue
        for close in range(index + 2, min(index + _PARENTHESIS_TOKENS, len(doc))):
            if doc[close].text == ")":
                pairs.append((index, close))
                break
            if doc[close].text == "(":
                break
    return pairs


def _uses(doc: Doc, definitions: dict[str, AcronymDefinition]) -> list[Span]:
    """Every occurrence of each defined short form (and its plural) in the Doc."""
    spans = []
    for short, definition in definitions.items():
        pattern = re.compile(r"(?<![\w\-])" + re.escape(short) + r"s?(?![\w\-])")
        for match in pattern.finditer(doc.text):
            span = doc.char_span(
                match.start(),
                match.end(),
                label=definition.type,
                kb_id=definition.canonical,
                span_id="acronym",
            )
            if span is not None:
                spans.append(span)
    return spans


@Language.factory(
    "citegraph_acronyms",
    assigns=["doc.spans", "doc._.acronyms"],
    default_config={"lexicon_dir": ""},
)
def make_acronym_detector(nlp: Language, name: str, lexicon_dir: str) -> AcronymDetector:
    """Registered factory; runs after ``citegraph_lexicon`` so the lexicon can type long forms."""
    return AcronymDetector(name, lexicon_dir)
