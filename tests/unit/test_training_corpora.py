"""Corpus converters: SciERC and TDMSci records become Docs with exact entity char spans."""

from __future__ import annotations

import json

import pytest
import spacy

from extract.gold import PROJECT_TO_SCIERC
from extract.training.corpora import (
    ALL_SPANS_KEY,
    CorpusError,
    scierc_doc,
    tdmsci_docs,
)
from extract.training.scoring import score_sets

SCIERC_LINE = json.dumps({
    "doc_key": "T1",
    "sentences": [["We", "use", "BERT", "-LRB-", "Devlin", ",", "2019", "-RRB-", "."],
                  ["It", "improves", "F1", "on", "SQuAD", "."]],
    "ner": [[[2, 2, "Method"], [4, 6, "Generic"]],
            [[11, 13, "Metric"], [13, 13, "Material"]]],
})

CONLL = """We\t0\tO
report\t3\tO
named\t10\tB-TASK
entity\t16\tI-TASK
recognition\t23\tI-TASK
F1\t35\tB-METRIC
on\t38\tO
CoNLL\t41\tB-DATASET
-\t46\tI-DATASET
2003\t47\tI-DATASET
.\t51\tO

Accuracy\t53\tI-METRIC
rises\t62\tO
"""


@pytest.fixture()
def vocab() -> spacy.vocab.Vocab:
    return spacy.blank("en").vocab


def ents(doc: spacy.tokens.Doc) -> list[tuple[str, str]]:
    """Entities as (text sliced from doc.text by char offsets, label)."""
    return [(doc.text[e.start_char : e.end_char], e.label_) for e in doc.ents]


def test_scierc_offsets_are_end_inclusive_and_text_is_detokenized(vocab) -> None:
    doc = scierc_doc(vocab, SCIERC_LINE)
    assert doc.text == "We use BERT (Devlin, 2019). It improves F1 on SQuAD."
    # Generic has no project type; of the nested Metric/Material pair the longer one wins.
    assert ents(doc) == [("BERT", "METHOD"), ("F1 on SQuAD", "METRIC")]
    assert [(s.text, s.label_) for s in doc.spans[ALL_SPANS_KEY]] == [
        ("BERT", "METHOD"), ("F1 on SQuAD", "METRIC"), ("SQuAD", "DATASET")]
    assert [s.start_char for s in doc.sents] == [0, 28]


def test_scierc_entity_outside_the_document_names_the_record(vocab) -> None:
    bad = json.dumps({"doc_key": "X9", "sentences": [["a", "b"]], "ner": [[[1, 2, "Task"]]]})
    with pytest.raises(CorpusError, match="X9"):
        scierc_doc(vocab, bad)


def test_tdmsci_bio_becomes_exact_spans_and_offsets_set_spacing(vocab) -> None:
    first, second = tdmsci_docs(vocab, CONLL.splitlines(keepends=True))
    assert first.text == "We report named entity recognition F1 on CoNLL-2003."
    assert ents(first) == [("named entity recognition", "TASK"), ("F1", "METRIC"),
                           ("CoNLL-2003", "DATASET")]
    assert ents(second) == [("Accuracy", "METRIC")]  # I- without B- still opens an entity


def test_tdmsci_outside_tokens_can_be_marked_unknown(vocab) -> None:
    first, _ = tdmsci_docs(vocab, CONLL.splitlines(keepends=True), missing_outside=True)
    assert ents(first) == [("named entity recognition", "TASK"), ("F1", "METRIC"),
                           ("CoNLL-2003", "DATASET")]
    assert [t.ent_iob_ for t in first[:3]] == ["", "", "B"]  # "" = unknown, not "O"


def test_tdmsci_unknown_tag_names_the_line(vocab) -> None:
    with pytest.raises(CorpusError, match="line 3"):
        list(tdmsci_docs(vocab, ["a\t0\tO\n", "\n", "b\t2\tB-MODEL\n"], source="x.conll"))


def test_type_mapping_to_scierc() -> None:
    assert PROJECT_TO_SCIERC["MODEL"] == PROJECT_TO_SCIERC["METHOD"] == "Method"
    assert PROJECT_TO_SCIERC["DATASET"] == "Material"


def test_scores_count_only_exact_spans_of_the_same_type() -> None:
    gold = {(0, 4, "METHOD"), (10, 20, "TASK")}
    predicted = {(0, 4, "METHOD"), (10, 19, "TASK"), (30, 35, "METRIC")}
    scores = score_sets([(gold, predicted)])
    assert (scores.overall.tp, scores.overall.fp, scores.overall.fn) == (1, 2, 1)
    assert scores.per_type["METHOD"].f1 == 1.0
    assert scores.per_type["TASK"].f1 == 0.0
