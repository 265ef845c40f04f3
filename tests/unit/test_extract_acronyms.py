"""Schwartz-Hearst acronym definitions, the acronym component and the corpus table."""

from __future__ import annotations

from pathlib import Path

from extract.acronyms import (
    AcronymDefinition,
    AcronymTable,
    is_short_form,
    long_form_start,
    title_run_start,
)
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


def test_capitalised_long_form_may_hold_the_capitals_in_another_order() -> None:
    words = "we present Large Language Model from Power Law Decoder Representations".split()
    assert words[title_run_start("PLDR-LLM", words) :][0] == "Large"  # type: ignore[misc]
    assert title_run_start("PLDR-LLM", "a large language model from power laws".split()) is None
    assert title_run_start("XY", "Deep Models".split()) is None


def test_long_form_in_another_order_links_the_acronym(tmp_path: Path) -> None:
    nlp = blank_pipeline(tiny_lexicon(tmp_path), COMPONENTS)
    doc = nlp(
        "We present Large Language Model from Power Law Decoder Representations (PLDR-LLM). "
        "PLDR-LLM is small."
    )
    long_form = "Large Language Model from Power Law Decoder Representations"
    assert [(ent.text, ent.kb_id_) for ent in doc.ents] == [
        (long_form, long_form),
        ("PLDR-LLM", long_form),
        ("PLDR-LLM", long_form),
    ]


def test_both_forms_inside_one_parenthesis(tmp_path: Path) -> None:
    nlp = blank_pipeline(tiny_lexicon(tmp_path), COMPONENTS)
    doc = nlp("A steering vector (Rank-1 Representation Finetuning; ReFT-r1) wins. ReFT-r1 helps.")
    assert [(ent.text, ent.label_, ent.kb_id_) for ent in doc.ents] == [
        ("Rank-1 Representation Finetuning", "METHOD", "Rank-1 Representation Finetuning"),
        ("ReFT-r1", "METHOD", "Rank-1 Representation Finetuning"),
        ("ReFT-r1", "METHOD", "Rank-1 Representation Finetuning"),
    ]


def test_quoted_long_form_is_defined_like_a_plain_one(tmp_path: Path) -> None:
    nlp = blank_pipeline(tiny_lexicon(tmp_path), COMPONENTS)
    doc = nlp('We call it "masked token distillation" (MTD). MTD helps.')
    assert [(ent.text, ent.kb_id_) for ent in doc.ents] == [
        ("masked token distillation", "masked token distillation"),
        ("MTD", "masked token distillation"),
        ("MTD", "masked token distillation"),
    ]


def test_long_form_with_a_prepositional_tail_keeps_its_modifiers_and_head_type(
    tmp_path: Path,
) -> None:
    nlp = blank_pipeline(tiny_lexicon(tmp_path), COMPONENTS)
    doc = nlp(
        "We propose masked knowledge distillation with bootstrapped teachers (dBOT). dBOT wins."
    )
    canonical = "masked knowledge distillation with bootstrapped teacher"
    assert [(ent.text, ent.label_, ent.kb_id_) for ent in doc.ents] == [
        ("masked knowledge distillation with bootstrapped teachers", "METHOD", canonical),
        ("dBOT", "METHOD", canonical),
        ("dBOT", "METHOD", canonical),
    ]


def test_a_definition_after_problem_of_is_a_task(tmp_path: Path) -> None:
    nlp = blank_pipeline(tiny_lexicon(tmp_path), COMPONENTS)
    doc = nlp("We revisit the problem of optimal experimental design (OED). OED is hard.")
    assert [(ent.text, ent.label_, ent.kb_id_) for ent in doc.ents] == [
        ("optimal experimental design", "TASK", "optimal experimental design"),
        ("OED", "TASK", "optimal experimental design"),
        ("OED", "TASK", "optimal experimental design"),
    ]
    # without a word that says what it is, an unknown long form defines nothing
    assert list(nlp("We revisit optimal experimental design (OED) today.").ents) == []
