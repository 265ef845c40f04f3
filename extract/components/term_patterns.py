"""``citegraph_terms``: unseen method and task phrases, found by their head noun.

"score-informed source separation" and "self-aware hard negative sampling" are not in any
lexicon, but their last word says what they are. A head noun with at least one narrowing
modifier before it ("music instrument recognition") becomes a candidate; a bare head
("recognition") does not. Measures at a cut-off ("Hits@20", "nDCG@10") are metrics.
Names of people and adjectives of names before a typed head ("Ising model", "Hawkes
processes", "Frank-Wolfe algorithm", "Bayesian network", "Wasserstein distance") are one name
with the head: the eponym alone names nothing (``eponyms.txt``). An architecture before
"network(s)" or "neural network(s)" ("feed-forward networks", "spiking neural networks") is a
model name (``architectures.txt``); "neural networks" and "deep networks" alone are not.
Lexicon, acronym and name candidates keep precedence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extract.canonical import tidy_name
from extract.components.candidates import add_candidates, covered_tokens
from extract.components.modifiers import (
    extend_modifiers,
    load_modifier_words,
    modifier_word,
)
from extract.components.typing_rules import HEAD_TYPES
from extract.lexicon import LEXICON_DIR, load_phrases, load_words, phrase_key
from extract.records import EntityType

# Heads specific enough to make a modified phrase an entity; their types are the ones the
# typing rules give them (plurals that the typing rules do not list are added here).
_TERM_HEAD_WORDS = (
    "detection recognition classification segmentation retrieval generation translation "
    "summarization answering estimation prediction extraction parsing labeling labelling tagging "
    "comprehension captioning separation synthesis completion tracking forecasting localization "
    "verification identification disambiguation transcription linking grounding navigation "
    "learning distillation attention pre-training pretraining fine-tuning finetuning tuning "
    "prompting loss sampling regularization augmentation quantization pruning decoding pooling "
    "normalization guidance clustering convolution enhancement restoration denoising deblurring "
    "dehazing inpainting editing propagation optimization reasoning manipulation matching "
    "compression planning"
).split()
TERM_HEADS: dict[str, EntityType] = {
    **{head: HEAD_TYPES[head] for head in _TERM_HEAD_WORDS},
    "losses": "METHOD",
    "convolutions": "METHOD",
    # heads of research problems and techniques outside the typing rules, whose words after a
    # name ("ShapeNet reconstruction") do not say what the name is: "sparse recovery",
    # "point cloud registration", "energy minimization", "matrix factorization"
    **dict.fromkeys(("reconstruction", "recovery", "registration", "removal"), "TASK"),
    **dict.fromkeys(("minimization", "factorization", "programming"), "METHOD"),
    # "causal discovery", "hypothesis testing", "feature selection", "crowd counting",
    # "missing value imputation"; "tensor decomposition", "Kalman filtering", "sparse coding",
    # "variational inference"
    **dict.fromkeys(("discovery", "selection", "counting", "imputation"), "TASK"),
    **dict.fromkeys(("decomposition", "filtering", "coding"), "METHOD"),
    # "camera calibration", "video magnification", "keyword spotting"
    **dict.fromkeys(("calibration", "magnification", "spotting"), "TASK"),
    # "image search", "cross-modality search" (a way of searching: ``_SEARCH_WAYS``);
    # "federated averaging"; "contextual bandits"
    "search": "TASK",
    "averaging": "METHOD",
    **dict.fromkeys(("bandit", "bandits"), "TASK"),
    # "hypothesis testing", "identity testing", "two-sample testing"; "entropy maximization"
    # (a way of choosing, like "energy minimization")
    "testing": "TASK",
    "maximization": "METHOD",
    # "Katz centrality", "betweenness centrality"; "job scheduling"; "backdoor attacks",
    # "membership inference attack" (research problems, as "adversarial attack" is)
    "centrality": "METRIC",
    "scheduling": "TASK",
    **dict.fromkeys(("attack", "attacks"), "TASK"),
    # "fine-grained visual categorization", "blind deconvolution"
    **dict.fromkeys(("categorization", "deconvolution"), "TASK"),
}


# Heads that do not end a name before another head: "presentation attack detection" and
# "scheduling optimization" are one name, read from the later head.
_MODIFIER_HEADS = frozenset(
    "attack attacks testing scheduling centrality categorization deconvolution maximization".split()
)


# Words before "search" that make it a way of searching (METHOD: "local search", "policy
# search", "beam search"); after other words it is what is searched for (TASK: "image search",
# "person search", "cross-modality search").
_SEARCH_WAYS = frozenset(
    "local policy tree line greedy random beam grid architecture heuristic exhaustive "
    "combinatorial guided iterative evolutionary hyperparameter hyper-parameter state-space "
    "graph-based symbolic discrete deterministic binary bayesian stochastic linear "
    "approximate best-first depth-first breadth-first tabu selective".split()
)
# Nouns after "search" that make it a modifier of theirs: "search spaces", "search engines"
_SEARCH_COMPOUNDS = frozenset(
    "space spaces engine engines result results query queries cost costs budget tree trees "
    "problem problems direction directions step steps radius bar".split()
)


# A singular head word after a phrase that makes it one method, whatever its own head says
# ("a sparse prediction approach"); the plural names approaches to a task ("previous
# score-informed separation approaches").
_METHOD_HEADS = frozenset("approach method algorithm technique strategy scheme procedure".split())


# "Hits@20", "Recall@100", "F1-Score@N", "nDCG@10": a measure at a cut-off is a metric.
METRIC_AT = re.compile(
    r"^(hits|recall|r|p|precision|ndcg|mrr|map|hr|acc|accuracy|f1|f1-score|success|pass)@\w+$",
    re.IGNORECASE,
)


# Heads that make an eponym a name, and the type of the whole: "Ising model", "Boltzmann
# machine", "Markov random field"; "Hawkes process", "Kalman filter", "Langevin dynamics";
# "Wasserstein distance". Model, method, algorithm and test follow an eponym proper ("Newton
# method", "Kolmogorov-Smirnov test") but not an adjective of one ("a Bayesian model",
# "Riemannian methods", "a Bayesian hypothesis test" are generic phrases).
EPONYM_HEADS: dict[str, EntityType] = {
    **dict.fromkeys("network networks machine machines field fields map maps".split(), "MODEL"),
    **dict.fromkeys(
        "process processes chain chains filter filters kernel kernels dynamics sampling "
        "estimator estimators inference procedure".split(),
        "METHOD",
    ),
    **dict.fromkeys("distance distances divergence divergences".split(), "METRIC"),
}
_PROPER_ONLY_HEADS: dict[str, EntityType] = {
    **dict.fromkeys(("model", "models"), "MODEL"),
    **dict.fromkeys("algorithm algorithms method methods test tests".split(), "METHOD"),
}
_NAME_ADJECTIVE = ("ian", "ean")  # "Bayesian", "Gaussian", "Euclidean", "Riemannian"
_HYPHENS = frozenset("-\u2013")
MAX_EPONYM_TOKENS = 5  # "Ornstein-Uhlenbeck", "Metropolis-Hastings", "Monte Carlo"
_NETWORK_HEADS = frozenset(("network", "networks"))
MAX_ARCHITECTURE_TOKENS = 7  # "radial basis function", "sum-product" (three tokens), ...


class TermPatterns:
    """Adds "modifier(s) + typed head noun" and "eponym + head" candidates."""

    def __init__(self, name: str, lexicon_dir: str = "") -> None:
        self.name = name
        directory = Path(lexicon_dir) if lexicon_dir else LEXICON_DIR
        self.words = load_modifier_words(directory)
        self.eponyms = load_words("eponyms.txt", directory)
        self.architectures = load_phrases("architectures.txt", directory)

    def __call__(self, doc: Doc) -> Doc:
        covered = covered_tokens(doc)
        spans = []
        for token in doc:
            eponym = self._eponym_name(doc, token, covered) or self._architecture_network(
                doc, token, covered
            )
            if eponym is not None:
                spans.append(eponym)
                covered.update(range(eponym.start, eponym.end))
                continue
            if METRIC_AT.match(token.text) and token.i not in covered:
                spans.append(
                    Span(
                        doc,
                        token.i,
                        token.i + 1,
                        label="METRIC",
                        kb_id=token.text,
                        span_id="pattern",
                    )
                )
                continue
            entity_type = TERM_HEADS.get(token.lower_)
            end = token.i + 1
            if (
                token.lower_ in ("training", "tuning")
                and token.i >= 2
                and doc[token.i - 1].text == "-"
            ):
                entity_type, token = "METHOD", doc[token.i - 2]  # "pre-training", "fine-tuning"
            if entity_type is None or token.i in covered:
                continue
            if end < len(doc) and HEAD_TYPES.get(doc[end].lower_) == "METRIC":
                continue  # "false discovery rate", "detection accuracy": a measure's words
            if token.lower_ in _MODIFIER_HEADS and end < len(doc) and doc[end].lower_ in TERM_HEADS:
                continue  # "presentation attack detection": the head after takes the phrase
            start = extend_modifiers(doc, token.i, self.words)
            if entity_type == "TASK" and end < len(doc) and doc[end].lower_ in _METHOD_HEADS:
                entity_type = "METHOD"  # "a sparse prediction approach": a way, not a task
            if token.lower_ == "search" and end < len(doc) and doc[end].lower_ in _SEARCH_COMPOUNDS:
                continue
            if token.lower_ == "search" and start < token.i:
                before = doc[start : token.i].text.lower().split()[-1]
                if before in _SEARCH_WAYS or before.split("-")[-1] in ("search", "first"):
                    entity_type = "METHOD"
            if start < token.i and covered.isdisjoint(range(start, end)):
                spans.append(_term_span(doc, start, end, entity_type))
        add_candidates(doc, spans)
        return doc

    def _eponym_name(self, doc: Doc, head: Token, covered: set[int]) -> Span | None:
        """ "Ising model", "Frank-Wolfe algorithm", "Markov random field", "Bayesian network":
        eponyms (one lower-case modifier may follow them) before a head, as one name."""
        entity_type = EPONYM_HEADS.get(head.lower_) or _PROPER_ONLY_HEADS.get(head.lower_)
        if entity_type is None or head.i in covered or head.i == 0:
            return None
        end = head.i + 1
        start = head.i
        if modifier_word(doc[start - 1], self.words) and not self._is_eponym(doc[start - 1]):
            start -= 1  # "Markov random field", "Indian buffet process"
        names = _eponym_start(doc, start, self._is_eponym)
        if names == start or covered.intersection(range(names, end)):
            return None
        proper = any(t.lower_ in self.eponyms for t in doc[names:start] if t.is_alpha)
        if head.lower_ in _PROPER_ONLY_HEADS and not proper:
            return None
        return _term_span(doc, names, end, entity_type)

    def _architecture_network(self, doc: Doc, head: Token, covered: set[int]) -> Span | None:
        """ "feed-forward networks", "spiking neural networks", "multi-layer spiking
        neural network": the longest architecture of ``architectures.txt`` before the head
        ("neural" between them), with the modifiers that narrow it, as one model name."""
        if head.lower_ not in _NETWORK_HEADS or head.i in covered:
            return None
        sentence_start = head.sent.start if doc.has_annotation("SENT_START") else 0
        before = head.i
        if before - 1 > sentence_start and doc[before - 1].lower_ == "neural":
            before -= 1
        for start in range(max(sentence_start, before - MAX_ARCHITECTURE_TOKENS), before):
            words = phrase_key(doc[start:before].text)
            if not doc[start].is_alpha or words not in self.architectures:
                continue
            start = extend_modifiers(doc, start, self.words)
            if not covered.isdisjoint(range(start, head.i + 1)):
                return None  # "long short-term memory networks": the lexicon's name reads on
            return _term_span(doc, start, head.i + 1, "MODEL")
        return None

    def _is_eponym(self, token: Token) -> bool:
        """A capitalised name word of ``eponyms.txt`` or an adjective of a name."""
        text = token.text
        return (
            token.is_alpha
            and text[:1].isupper()
            and text[1:].islower()
            and (token.lower_ in self.eponyms or len(text) > 4 and text.endswith(_NAME_ADJECTIVE))
        )


def _term_span(doc: Doc, start: int, end: int, entity_type: EntityType) -> Span:
    """A term candidate over ``doc[start:end]``, its tidied text as canonical."""
    return Span(
        doc, start, end, label=entity_type, kb_id=tidy_name(doc[start:end].text), span_id="pattern"
    )


def _eponym_start(doc: Doc, end: int, is_eponym: Callable[[Token], bool]) -> int:
    """Start of the eponym words ending before ``doc[end]`` ("Monte Carlo", "Frank-Wolfe",
    "Kullback–Leibler"), hyphens between them included; ``end`` when there are none."""
    start = end
    sentence_start = doc[end].sent.start if doc.has_annotation("SENT_START") else 0
    while start - 1 >= sentence_start and end - start < MAX_EPONYM_TOKENS:
        before = doc[start - 1]
        if is_eponym(before):
            start -= 1
        elif (
            before.text in _HYPHENS
            and start < end
            and not before.whitespace_
            and start - 2 >= sentence_start
            and not doc[start - 2].whitespace_
            and is_eponym(doc[start - 2])
        ):
            start -= 2
        else:
            break
    return start


@Language.factory("citegraph_terms", assigns=["doc.spans"], default_config={"lexicon_dir": ""})
def make_term_patterns(nlp: Language, name: str, lexicon_dir: str) -> TermPatterns:
    """Registered factory; runs after the lexicon so known terms keep their own reading."""
    return TermPatterns(name, lexicon_dir)
