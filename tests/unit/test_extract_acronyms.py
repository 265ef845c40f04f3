"""Schwartz-Hearst acronym definitions, the acronym component and the corpus table."""

from __future__ import annotations

from pathlib import Path

from extract.acronyms import AcronymDefinition, AcronymTable, is_short_form, long_form_start
from tests.extract_builders import blank_pipeline, tiny_lexicon

COMPONENTS = ("citegraph_lexicon", "citegraph_acronyms", "citegraph_resolver")


def test_long_form_is_the_shortest_matching_run() -> None:
    text = "We study masked image modeling"
    assert text[long_form_start("MIM", text) :] == "masked image modeling"
    text = "we propose Mixture-of-Denoisers"
    assert text[long_form_start("MoD", text) :] == "Mixture-of-Denoisers"


def test_no_long_form_when_letters_are_missing() -> None:
    assert long_form_start("XYZ", "a method for retrieval") is None


def test_short_form_shape() -> None:
    assert is_short_form("MIM") and is_short_form("PLDR-LLM") and is_short_form("MoD")
    assert not is_short_form("see") and not is_short_form("2023") and not is_short_form("i")


def test_definition_links_both_forms_and_later_uses(tmp_path: Path) -> None:
    nlp = blank_pipeline(tiny_lexicon(tmp_path), COMPONENTS)
    text = "We pre-train with masked image modeling (MIM). MIM scales well, and MIMs too."
    doc = nlp(text)
    found = [(ent.text, ent.label_, ent.kb_id_) for ent in doc.ents if ent.text != "pre-train"]
    assert found == [
        ("masked image modeling", "METHOD", "masked image modeling"),
        ("MIM", "METHOD", "masked image modeling"),
        ("MIM", "METHOD", "masked image modeling"),
        ("MIMs", "METHOD", "masked image modeling"),
    ]
    assert doc._.acronyms["MIM"] == ["METHOD", "masked image modeling"]


def test_lexicon_canonical_wins_for_known_long_forms(tmp_path: Path) -> None:
    nlp = blank_pipeline(tiny_lexicon(tmp_path), COMPONENTS)
    doc = nlp("Convolutional neural networks (CNNs) are strong. CNNs win.")
    assert {ent.kb_id_ for ent in doc.ents} == {"convolutional neural network"}
    assert [ent.text for ent in doc.ents] == ["Convolutional neural networks", "CNNs", "CNNs"]


def test_generic_long_form_links_nothing(tmp_path: Path) -> None:
    nlp = blank_pipeline(tiny_lexicon(tmp_path), COMPONENTS)
    doc = nlp("Large language models (LLMs) are everywhere. LLMs are big.")
    assert list(doc.ents) == []


def test_shared_suffix_is_not_part_of_the_acronym(tmp_path: Path) -> None:
    nlp = blank_pipeline(tiny_lexicon(tmp_path), COMPONENTS)
    doc = nlp("We use contrastive learning-based (CL-based) tuning. CL helps.")
    assert [(ent.text, ent.kb_id_) for ent in doc.ents] == [
        ("contrastive learning", "contrastive learning"),
        ("CL", "contrastive learning"),
        ("CL", "contrastive learning"),
    ]


def test_table_resolves_only_unambiguous_short_forms() -> None:
    table = AcronymTable(
        [
            AcronymDefinition("MIM", "METHOD", "masked image modeling"),
            AcronymDefinition("MIM", "METHOD", "Masked image modelling"),
            AcronymDefinition("CL", "METHOD", "contrastive learning"),
            AcronymDefinition("CL", "TASK", "continual learning"),
        ]
    )
    resolved = table.resolve("MIMs")
    assert resolved is not None and resolved.canonical == "masked image modeling"
    assert table.resolve("CL") is None
    assert table.resolve("XYZ") is None
    assert "MIM" in table and len(table) == 2
