"""``citegraph_ner_candidates``: the trained statistical NER as one more candidate source.

The NER (``extract.training``) writes ``doc.ents``; this component, placed right after it,
moves those entities into the candidate group (source ``ner``) and clears ``doc.ents`` so
the resolver decides. NER candidates only fill gaps: they never replace a lexicon, acronym
or pattern reading of the same characters. A model directory may name the types whose
candidates are used (``citegraph.json``: ``{"fill_types": [...]}``); the others are ignored.
"""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.components.candidates import add_candidates
from extract.records import ENTITY_TYPES

FILL_TYPES_FILE = "citegraph.json"


class NerCandidates:
    """Turns ``doc.ents`` of the ``types`` (default: all) into ``ner`` candidates."""

    def __init__(self, name: str, types: list[str] | None = None) -> None:
        self.name = name
        self.types = frozenset(types or ENTITY_TYPES)

    def __call__(self, doc: Doc) -> Doc:
        spans = [
            Span(doc, ent.start, ent.end, label=ent.label_, kb_id=ent.text, span_id="ner")
            for ent in doc.ents
            if ent.label_ in self.types
        ]
        doc.ents = []
        add_candidates(doc, spans)
        return doc


@Language.factory("citegraph_ner_candidates", assigns=["doc.spans"], default_config={"types": None})
def make_ner_candidates(nlp: Language, name: str, types: list[str] | None) -> NerCandidates:
    """Registered factory; goes right after the trained ``ner`` component."""
    return NerCandidates(name, types)


def fill_types(model_dir: Path) -> list[str] | None:
    """The types a model fills gaps with, from its ``citegraph.json`` (``fill_types``, chosen per
    type on the dev folds), or None (all types) when the model has no such file."""
    path = model_dir / FILL_TYPES_FILE
    if not path.is_file():
        return None
    return list(json.loads(path.read_text(encoding="utf-8"))["fill_types"])


def add_ner(nlp: Language, model_dir: Path, device: str = "cpu") -> None:
    """Add the trained NER from ``model_dir`` and its candidate adapter before the resolver.

    ``model_dir`` is either a spaCy pipeline (``extract.training.train``) or a transformer
    tagger (``extract.training.transformer_ner``: ``config.json`` + ``adapter.safetensors``).
    """
    from extract.components.minilm_ner import is_transformer_model

    if not model_dir.is_dir():
        raise FileNotFoundError(f"NER model directory not found: {model_dir}")
    # Before the junk filter when there is one, so the junk rules judge NER candidates too.
    before = "citegraph_junk" if "citegraph_junk" in nlp.pipe_names else "citegraph_resolver"
    if is_transformer_model(model_dir):
        nlp.add_pipe(
            "citegraph_minilm_ner",
            name="sci_ner",
            config={"model_dir": str(model_dir), "device": device},
            before=before,
        )
    else:
        from extract.components.trained_ner import add_trained_ner

        add_trained_ner(nlp, name="sci_ner", directory=model_dir, before=before)
    nlp.add_pipe(
        "citegraph_ner_candidates", after="sci_ner", config={"types": fill_types(model_dir)}
    )
