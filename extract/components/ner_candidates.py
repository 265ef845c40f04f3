"""``citegraph_ner_candidates``: the trained statistical NER as one more candidate source.

The NER (``extract.training``) writes ``doc.ents``; this component, placed right after it,
moves those entities into the candidate group (source ``ner``) and clears ``doc.ents`` so
the resolver decides. NER candidates only fill gaps: they never replace a lexicon, acronym
or pattern reading of the same characters.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.components.candidates import add_candidates
from extract.records import ENTITY_TYPES


class NerCandidates:
    """Turns ``doc.ents`` into ``ner`` candidates."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        spans = [
            Span(doc, ent.start, ent.end, label=ent.label_, kb_id=ent.text, span_id="ner")
            for ent in doc.ents
            if ent.label_ in ENTITY_TYPES
        ]
        doc.ents = []
        add_candidates(doc, spans)
        return doc


@Language.factory("citegraph_ner_candidates", assigns=["doc.spans"])
def make_ner_candidates(nlp: Language, name: str) -> NerCandidates:
    """Registered factory; goes right after the trained ``ner`` component."""
    return NerCandidates(name)


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
        from extract.training import add_trained_ner

        add_trained_ner(nlp, name="sci_ner", directory=model_dir, before=before)
    nlp.add_pipe("citegraph_ner_candidates", after="sci_ner")
