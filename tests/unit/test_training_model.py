"""The trained statistical NER: it loads, tags exact spans and plugs into another pipeline."""

from __future__ import annotations

import pytest
import spacy

from extract.components.trained_ner import add_trained_ner, load_ner, model_path
from extract.training.corpora import NER_LABELS

needs_model = pytest.mark.skipif(
    model_path() is None,
    reason="statistical NER not built: run .venv/bin/python -m extract.training.train",
)

TEXT = ("We fine-tune BERT for named entity recognition on the CoNLL-2003 dataset and "
        "report F1 and accuracy. Our method uses contrastive learning.")


@needs_model
def test_model_predicts_project_types_with_exact_offsets() -> None:
    nlp = load_ner()
    assert set(nlp.get_pipe("ner").labels) == set(NER_LABELS)
    doc = nlp(TEXT)
    found = {(TEXT[e.start_char : e.end_char], e.label_) for e in doc.ents}
    assert found, "no entity found in a sentence full of them"
    assert all(text == text.strip() and text for text, _ in found)
    assert ("named entity recognition", "TASK") in found


@needs_model
def test_sourced_component_keeps_entities_set_before_it() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "MODEL", "pattern": "BERT"}])
    add_trained_ner(nlp, name="sci_ner")
    assert nlp.pipe_names == ["entity_ruler", "sci_ner"]
    doc = nlp(TEXT)
    bert = TEXT.index("BERT")
    assert (bert, bert + 4, "MODEL") in {(e.start_char, e.end_char, e.label_) for e in doc.ents}
    assert any(e.label_ in NER_LABELS for e in doc.ents)


def test_missing_model_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="extract.training.train"):
        load_ner(tmp_path)
