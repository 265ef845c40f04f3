"""``citegraph_minilm_ner``: the transformer tagger (``extract.training.transformer_ner``) as a
spaCy component.

It tags each doc's text with the shipped LoRA-adapted all-MiniLM-L6-v2 and writes
``doc.ents`` with project types (SciERC Method → METHOD, Material → DATASET, Task → TASK,
Metric → METRIC), exactly like a trained spaCy ``ner`` would, so the same candidate adapter
(``citegraph_ner_candidates``) or a scorer can read it. Spans are snapped outwards to token
boundaries; of overlapping spans (window edges) the first is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans, minibatch

from extract.gold import SCIERC_TO_PROJECT


class MiniLMNer:
    """Loads the tagger lazily (first doc), then tags docs in batches."""

    def __init__(self, name: str, model_dir: str, device: str, batch_size: int) -> None:
        self.name = name
        self.model_dir = Path(model_dir)
        self.device = device
        self.batch_size = batch_size
        self._tagger = None

    @property
    def tagger(self):  # type: ignore[no-untyped-def]
        if self._tagger is None:
            from extract.components.span_tagger import load

            self._tagger = load(self.model_dir, self.device)
        return self._tagger

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size or self.batch_size):
            found = self.tagger.predict([doc.text for doc in batch], self.batch_size)
            for doc, spans in zip(batch, found, strict=True):
                ents = []
                for start, end, label in spans:
                    kind = SCIERC_TO_PROJECT.get(label)
                    if kind is None:  # OtherScientificTerm, Generic: no project type
                        continue
                    span = doc.char_span(start, end, label=kind, alignment_mode="expand")
                    if span is not None:
                        ents.append(span)
                doc.ents = filter_spans(ents)
                yield doc


@Language.factory(
    "citegraph_minilm_ner",
    assigns=["doc.ents"],
    default_config={"model_dir": "", "device": "cpu", "batch_size": 16},
)
def make_minilm_ner(
    nlp: Language, name: str, model_dir: str, device: str, batch_size: int
) -> MiniLMNer:
    """Registered factory; ``model_dir`` holds ``config.json`` + ``adapter.safetensors``;
    ``device``: cpu, cuda or auto (cuda when available)."""
    from extract.components.span_tagger import DEFAULT_DIR

    return MiniLMNer(name, model_dir or str(DEFAULT_DIR), device, batch_size)


def is_transformer_model(directory: Path) -> bool:
    """Whether ``directory`` holds a transformer tagger (not a spaCy pipeline)."""
    return (directory / "adapter.safetensors").is_file()


def minilm_pipeline(directory: Path, device: str = "cpu") -> Language:
    """A blank English tokenizer plus the tagger: the model alone, for scoring."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("citegraph_minilm_ner", config={"model_dir": str(directory), "device": device})
    return nlp
