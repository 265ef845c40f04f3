"""The transformer tagger (LoRA-adapted all-MiniLM-L6-v2): tagging, decoding, the shipped
model, training round trip, and its place in the extraction pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import spacy
import torch
from spacy.tokens import Span

from extract.components import span_tagger
from extract.components.candidates import add_candidates
from extract.components.minilm_ner import minilm_pipeline
from extract.components.resolver import Resolver
from extract.pipeline import Extractor
from extract.records import ENTITY_TYPES, Paper
from extract.training import transformer_ner as tner

TEXT = "We apply masked image modeling to ViT-B and report top-1 accuracy on ImageNet-1K."


@pytest.fixture(scope="module")
def tokenizer():  # type: ignore[no-untyped-def]
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(span_tagger.base_model_dir()))


@pytest.fixture(scope="module")
def shipped() -> span_tagger.SpanTagger:
    return span_tagger.load(span_tagger.DEFAULT_DIR)


def spans_of(*items: tuple[str, str]) -> list[span_tagger.LabelledSpan]:
    return [(TEXT.index(t), TEXT.index(t) + len(t), label) for t, label in items]


def test_windows_cover_every_piece() -> None:
    assert span_tagger.windows(3, 8, 4) == [0]
    starts = span_tagger.windows(20, 8, 4)
    covered = {i for s in starts for i in range(s, s + 8)}
    assert covered == set(range(20)) and starts[-1] == 12


def test_piece_tags_label_the_first_piece_of_each_word(tokenizer) -> None:  # type: ignore[no-untyped-def]
    tags = span_tagger.tag_names(tner.LABELS)
    encoded = span_tagger.encode(tokenizer, TEXT)
    spans = spans_of(("masked image modeling", "Method"), ("ImageNet-1K", "Material"))
    labels = tner.piece_tags(encoded, spans, tags)
    by_piece = {
        TEXT[s:e]: (tags[t] if t >= 0 else None)
        for (s, e), t in zip(encoded.offsets, labels, strict=True)
    }
    assert by_piece["masked"] == "B-Method" and by_piece["image"] == "I-Method"
    assert by_piece["apply"] == "O"
    first_of_imagenet = next(
        i for i, (s, _) in enumerate(encoded.offsets) if s == TEXT.index("ImageNet")
    )
    assert tags[labels[first_of_imagenet]] == "B-Material"
    continuation = [
        labels[i]
        for i in range(1, len(labels))
        if encoded.words[i] is not None and encoded.words[i] == encoded.words[i - 1]
    ]
    assert continuation and all(t == -100 for t in continuation)
    # a label the tagger was not trained on is no entity
    unknown = tner.piece_tags(encoded, spans_of(("ViT-B", "Model")), tags)
    assert {tags[t] for t in unknown if t >= 0} == {"O"}


def test_decode_reads_gold_tags_back_as_the_same_spans(tokenizer) -> None:  # type: ignore[no-untyped-def]
    tags = span_tagger.tag_names(tner.LABELS)
    encoded = span_tagger.encode(tokenizer, TEXT)
    spans = spans_of(
        ("masked image modeling", "Method"),
        ("ViT-B", "Method"),
        ("top-1 accuracy", "Metric"),
        ("ImageNet-1K", "Material"),
    )
    best = np.array([max(t, 0) for t in tner.piece_tags(encoded, spans, tags)])
    assert span_tagger.decode(encoded, best, tags) == spans


def test_decode_starts_a_span_on_a_stray_or_retyped_inside_tag(tokenizer) -> None:  # type: ignore[no-untyped-def]
    tags = span_tagger.tag_names(tner.LABELS)
    text = "graph neural networks"
    encoded = span_tagger.encode(tokenizer, text)
    firsts = [
        i
        for i, w in enumerate(encoded.words)
        if w is not None and (i == 0 or encoded.words[i - 1] != w)
    ]
    best = np.zeros(len(encoded.ids), dtype=int)
    best[firsts[0]] = tags.index("I-Task")  # I- with nothing open
    best[firsts[1]] = tags.index("I-Method")  # type changes
    best[firsts[2]] = tags.index("I-Method")
    assert span_tagger.decode(encoded, best, tags) == [(0, 5, "Task"), (6, 21, "Method")]


def test_lora_starts_as_the_frozen_base_layer() -> None:
    torch.manual_seed(0)
    base = torch.nn.Linear(8, 6)
    layer = span_tagger.LoRALinear(base, rank=2, alpha=4.0, dropout=0.0)
    x = torch.randn(3, 8)
    assert torch.allclose(layer(x), base(x))
    assert not base.weight.requires_grad
    with torch.no_grad():
        layer.lora_b.fill_(0.1)
    assert not torch.allclose(layer(x), base(x))


def test_shipped_tagger_offsets_and_long_texts(shipped: span_tagger.SpanTagger) -> None:
    long_text = " ".join([TEXT] * 30)  # far past one 256-piece window
    short, long = shipped.predict([TEXT, long_text])
    assert short, "the shipped tagger finds entities in a plain sentence"
    for text, spans in ((TEXT, short), (long_text, long)):
        for start, end, label in spans:
            assert 0 <= start < end <= len(text)
            assert text[start:end] == text[start:end].strip() and label in tner.LABELS
    # the repeats are tagged throughout, in the last window too
    assert max(start for start, _, _ in long) > len(long_text) - len(TEXT)
    thirds = {3 * start // len(long_text) for start, _, _ in long}
    assert thirds == {0, 1, 2} and len(long) >= 20 * len(short) // 2


def test_component_writes_project_types() -> None:
    nlp = minilm_pipeline(span_tagger.DEFAULT_DIR)
    doc = nlp(TEXT)
    assert doc.ents and {e.label_ for e in doc.ents} <= {"METHOD", "DATASET", "TASK", "METRIC"}
    assert all(TEXT[e.start_char : e.end_char] == e.text for e in doc.ents)


def test_resolver_ner_first_keeps_the_ner_reading() -> None:
    nlp = spacy.blank("en")
    doc = nlp("We study word sense disambiguation ( WSD ) problems on data .")
    ner = Span(doc, 2, 9, label="TASK", span_id="ner")  # the SciERC-style phrase
    acronym = Span(doc, 2, 5, label="TASK", span_id="acronym")
    generic = Span(doc, 10, 11, label="DATASET", span_id="ner")  # "data"
    for ner_first, expected in ((False, ["word sense disambiguation"]), (True, [ner.text, "data"])):
        fresh = nlp(doc.text)
        add_candidates(
            fresh,
            [
                Span(fresh, s.start, s.end, label=s.label_, span_id=s.id_)
                for s in (ner, acronym, generic)
            ],
        )
        resolved = Resolver("resolver", "", ner_first=ner_first)(fresh)
        assert [e.text for e in resolved.ents] == expected


def test_extractor_ner_only_gives_mentions_with_provenance() -> None:
    extractor = Extractor(ner_model=span_tagger.DEFAULT_DIR, ner_only=True)
    assert "citegraph_lexicon" in extractor.nlp.disabled
    [result] = extractor.run([Paper(id="p1", title="t", abstract=TEXT)])
    assert result.mentions
    for mention in result.mentions:
        assert TEXT[mention.start : mention.end] == mention.text
        assert mention.type in ENTITY_TYPES and mention.entity_id
    with pytest.raises(ValueError, match="ner_only needs a ner_model"):
        Extractor(ner_only=True)


def test_train_save_load_round_trip(tmp_path: Path) -> None:
    examples = [
        (TEXT, spans_of(("masked image modeling", "Method"), ("ImageNet-1K", "Material"))),
        ("BLEU improves on WMT.", [(0, 4, "Metric"), (17, 20, "Material")]),
    ]
    settings = tner.TrainSettings(epochs=2, rank=2, alpha=4.0, batch_size=2, lr=1e-3)
    model, record = tner.train(
        examples, examples, settings, torch.device("cpu"), log=lambda _: None
    )
    assert record["best_epoch"] in (1, 2) and len(record["history"]) == 2
    tner.save(model, record, tmp_path / "model")
    saved = json.loads((tmp_path / "model" / "config.json").read_text())
    assert saved["settings"]["rank"] == 2 and saved["base_model"] == "all-MiniLM-L6-v2"
    state = model.trainable_state()
    assert state and all("lora_" in k or "LayerNorm" in k or k.startswith("head.") for k in state)
    loaded = span_tagger.load(tmp_path / "model")
    in_memory = span_tagger.SpanTagger(
        model.eval(), loaded.tokenizer, record["tags"], torch.device("cpu")
    )
    texts = [TEXT, "A second sentence about CRF taggers."]
    for a, b in zip(
        in_memory.logits([span_tagger.encode(loaded.tokenizer, t) for t in texts]),
        loaded.logits([span_tagger.encode(loaded.tokenizer, t) for t in texts]),
        strict=True,
    ):
        np.testing.assert_allclose(a, b, atol=1e-5)


def test_load_names_the_training_command(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="python -m extract.training.transformer_ner"):
        span_tagger.load(tmp_path)


def test_component_device_auto_falls_back_to_cpu() -> None:
    nlp = spacy.blank("en")
    component = nlp.add_pipe(
        "citegraph_minilm_ner", config={"model_dir": str(span_tagger.DEFAULT_DIR), "device": "auto"}
    )
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert component.tagger.device.type == expected
    assert nlp(TEXT).ents
