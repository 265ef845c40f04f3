"""Canonical keys and entity ids: the variants a knowledge graph must merge."""

from __future__ import annotations

import pytest

from extract.canonical import entity_id, normal_key, tidy_name


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("GPT2", "GPT-2"),
        ("pre-training", "pretraining"),
        ("fine-tuning", "finetuning"),
        ("Masked image modelling", "masked image modeling"),
        ("convolutional neural networks", "Convolutional Neural Network"),
        ("CNNs", "CNN"),
        ("self-attention", "self attention"),
    ],
)
def test_variants_share_a_key(first: str, second: str) -> None:
    assert normal_key(first) == normal_key(second)


@pytest.mark.parametrize(
    ("first", "second"), [("BERT", "RoBERTa"), ("GPT-2", "GPT-3"), ("T5", "T0")]
)
def test_different_names_keep_different_keys(first: str, second: str) -> None:
    assert normal_key(first) != normal_key(second)


def test_entity_id_is_type_and_key() -> None:
    assert entity_id("METHOD", "Masked Image Modelling") == "method:masked image modeling"
    assert entity_id("MODEL", "GPT2") == entity_id("MODEL", "GPT-2")
    assert entity_id("MODEL", "CLIP") != entity_id("DATASET", "CLIP")


def test_lexicon_aliases_share_the_entity_id() -> None:
    assert entity_id("METHOD", "LoRA") == entity_id("METHOD", "low-rank adaptation")
    assert entity_id("MODEL", "ViT") == entity_id("MODEL", "Vision Transformers")
    assert entity_id("MODEL", "CNNs") == "model:convolutional neural network"


def test_tidy_name_drops_plural_and_spaces() -> None:
    assert tidy_name("sparse  autoencoders") == "sparse autoencoder"
    assert tidy_name("LLMs") == "LLM"
    assert tidy_name("Kinetics") == "Kinetics"
