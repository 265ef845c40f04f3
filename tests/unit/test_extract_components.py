"""The registered components on tiny blank pipelines: lexicon, patterns, resolver, tokenizer."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from extract.components.candidates import candidates
from extract.pipeline import build_pipeline
from tests.extract_builders import blank_pipeline, tiny_lexicon

ALL = (
    "citegraph_lexicon",
    "citegraph_acronyms",
    "citegraph_patterns",
    "citegraph_terms",
    "citegraph_resolver",
)


@pytest.fixture
def nlp(tmp_path: Path) -> Language:
    return blank_pipeline(tiny_lexicon(tmp_path), ALL)


def ents(nlp: Language, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    for ent in doc.ents:
        assert text[ent.start_char : ent.end_char] == ent.text
    return [(ent.text, ent.label_, ent.kb_id_) for ent in doc.ents]


def test_lexicon_matches_any_case_and_plural_of_lower_case_entries(nlp: Language) -> None:
    found = ents(nlp, "Contrastive Learning trains two Convolutional Neural Networks.")
    assert found == [
        ("Contrastive Learning", "METHOD", "contrastive learning"),
        ("Convolutional Neural Networks", "MODEL", "convolutional neural network"),
    ]


def test_lexicon_names_with_capitals_match_exactly(nlp: Language) -> None:
    assert ents(nlp, "We fine-tune BERT and CNNs, not bert.") == [
        ("BERT", "MODEL", "BERT"),
        ("CNNs", "MODEL", "CNN"),
    ]


def test_size_suffixes_belong_to_the_model_name(nlp: Language) -> None:
    assert [
        text for text, _, _ in ents(nlp, "T5-XXL and UL2 20B and BERT-base and BERT-based tools.")
    ] == ["T5-XXL", "UL2 20B", "BERT-base", "BERT"]


def test_hyphen_and_alias_variants_share_the_canonical(nlp: Language) -> None:
    found = ents(nlp, "Pretraining on ImageNet-1k improves pre-training.")
    assert found == [
        ("Pretraining", "METHOD", "pre-training"),
        ("ImageNet-1k", "DATASET", "ImageNet"),
        ("pre-training", "METHOD", "pre-training"),
    ]


def test_generic_one_word_term_before_a_noun_is_a_modifier(nlp: Language) -> None:
    assert ents(nlp, "Different pre-training objectives help classification tasks.") == []


def test_method_names_take_specific_modifiers_but_not_verbs(nlp: Language) -> None:
    found = ents(nlp, "We develop Dirichlet flow matching. We propose flow matching.")
    assert [text for text, _, _ in found] == ["Dirichlet flow matching", "flow matching"]


def test_unseen_names_are_typed_by_context(nlp: Language) -> None:
    text = (
        "We evaluate on the WebQA7 dataset. We propose FooNet, a network for retrieval, "
        "and compare with the BarLM model trained on ZedCorpus."
    )
    found = {(text, label) for text, label, _ in ents(nlp, text)}
    assert {
        ("WebQA7", "DATASET"),
        ("FooNet", "MODEL"),
        ("BarLM", "MODEL"),
        ("ZedCorpus", "DATASET"),
    } <= found


def test_stop_names_and_units_are_not_entities(nlp: Language) -> None:
    assert ents(nlp, "Our GPU runs NLP jobs in 3D with 16GB.") == []


def test_overlapping_candidates_resolve_to_the_longest(nlp: Language) -> None:
    doc = nlp("Image classification on COCO.")
    assert len(candidates(doc)) > len(doc.ents)  # "classification" was a candidate too
    assert [(ent.text, ent.label_) for ent in doc.ents] == [
        ("Image classification", "TASK"),
        ("COCO", "DATASET"),
    ]


@pytest.mark.parametrize("text", ["", " ", "\n\n", "(((", "()", "A (B) C (", "ü ✓ — (MoD) ) ("])
def test_empty_and_odd_text_gives_consistent_offsets(nlp: Language, text: str) -> None:
    ents(nlp, text)


def test_tokenizer_splits_full_stop_after_names() -> None:
    nlp = build_pipeline()
    doc = nlp.make_doc("We beat ViT. Then UL2 20B. In the U.S. too.")
    assert [token.text for token in doc] == [
        "We",
        "beat",
        "ViT",
        ".",
        "Then",
        "UL2",
        "20B",
        ".",
        "In",
        "the",
        "U.S.",
        "too",
        ".",
    ]


def test_measures_at_a_cut_off_are_metrics(nlp: Language) -> None:
    assert ents(nlp, "We report Hits@20 and nDCG@10 on COCO.") == [
        ("Hits@20", "METRIC", "Hits@20"),
        ("nDCG@10", "METRIC", "nDCG@10"),
        ("COCO", "DATASET", "COCO"),
    ]


def test_hyphen_chains_with_small_inner_words_are_one_modifier(nlp: Language) -> None:
    found = ents(nlp, "We study text-to-image generation with tree-of-thought prompting.")
    assert found == [
        ("text-to-image generation", "TASK", "text-to-image generation"),
        ("tree-of-thought prompting", "METHOD", "tree-of-thought prompting"),
    ]
    # "by" says how, not what: no "layer-by-layer" name
    assert ents(nlp, "We apply layer-by-layer distillation.") == []
    assert [text for text, _, _ in ents(nlp, "We apply class-aware distillation.")] == [
        "class-aware distillation"
    ]


def test_one_approach_is_a_method_while_approaches_to_a_task_stay_a_task(nlp: Language) -> None:
    assert ents(nlp, "We propose a sparse prediction approach.") == [
        ("sparse prediction", "METHOD", "sparse prediction")
    ]
    assert ents(nlp, "Previous score-informed separation approaches fail.") == [
        ("score-informed separation", "TASK", "score-informed separation")
    ]


def test_singular_adjectives_ending_in_s_are_modifiers(nlp: Language) -> None:
    assert ents(nlp, "We study informational bias detection in news.") == [
        ("informational bias detection", "TASK", "informational bias detection")
    ]


def test_planning_reasoning_and_matching_heads_name_tasks_and_methods(nlp: Language) -> None:
    found = ents(
        nlp, "We study robot motion planning and commonsense reasoning with feature matching."
    )
    assert found == [
        ("robot motion planning", "TASK", "robot motion planning"),
        ("commonsense reasoning", "TASK", "commonsense reasoning"),
        ("feature matching", "METHOD", "feature matching"),
    ]
    # a comparative does not narrow a task
    assert ents(nlp, "Long tasks need larger planning.") == []


def test_recovery_registration_and_factorization_heads_name_tasks_and_methods(
    nlp: Language,
) -> None:
    found = ents(
        nlp,
        "We study sparse recovery and point cloud registration with matrix factorization "
        "and energy minimization.",
    )
    assert found == [
        ("sparse recovery", "TASK", "sparse recovery"),
        ("point cloud registration", "TASK", "point cloud registration"),
        ("matrix factorization", "METHOD", "matrix factorization"),
        ("energy minimization", "METHOD", "energy minimization"),
    ]
    # a head alone names nothing
    assert ents(nlp, "Reconstruction and recovery are hard.") == []


def test_mixed_case_lexicon_names_match_as_titles_and_sentences_write_them(
    tmp_path: Path,
) -> None:
    lexicon = tiny_lexicon(tmp_path)
    (lexicon / "models.txt").write_text("hidden Markov model | HMM\nPascal VOC\n", encoding="utf-8")
    nlp = blank_pipeline(lexicon, ALL)
    found = ents(nlp, "Hidden Markov Models and Hidden Markov model beat hidden Markov models.")
    assert [(text, canonical) for text, _, canonical in found] == [
        ("Hidden Markov Models", "hidden Markov model"),
        ("Hidden Markov model", "hidden Markov model"),
        ("hidden Markov models", "hidden Markov model"),
    ]
    # names of capitals only still match exactly
    assert ents(nlp, "We use pascal voc.") == []


def test_discovery_selection_decomposition_and_coding_heads(nlp: Language) -> None:
    found = ents(
        nlp,
        "We study causal discovery, feature selection and crowd counting with tensor "
        "decomposition, particle filtering and sparse coding.",
    )
    assert found == [
        ("causal discovery", "TASK", "causal discovery"),
        ("feature selection", "TASK", "feature selection"),
        ("crowd counting", "TASK", "crowd counting"),
        ("tensor decomposition", "METHOD", "tensor decomposition"),
        ("particle filtering", "METHOD", "particle filtering"),
        ("sparse coding", "METHOD", "sparse coding"),
    ]
    # the words of a measure are not a task; vague adjectives do not narrow a head
    assert ents(nlp, "We control the false discovery rate.") == []
    assert ents(nlp, "A careful selection and a possible decomposition help.") == []


def test_eponyms_before_a_head_are_one_name(nlp: Language) -> None:
    found = ents(
        nlp,
        "We fit Ising models and Bayesian networks with the Frank-Wolfe algorithm, Hawkes "
        "processes and a Markov random field under the Wasserstein distance.",
    )
    assert found == [
        ("Ising models", "MODEL", "Ising model"),
        ("Bayesian networks", "MODEL", "Bayesian network"),
        ("Frank-Wolfe algorithm", "METHOD", "Frank-Wolfe algorithm"),
        ("Hawkes processes", "METHOD", "Hawkes process"),
        ("Markov random field", "MODEL", "Markov random field"),
        ("Wasserstein distance", "METRIC", "Wasserstein distance"),
    ]
    # an adjective of a name before "model"/"method" is a generic phrase; an eponym alone or a
    # known name before its head is not this kind of name
    assert ents(nlp, "A Bayesian model and Riemannian methods, as Markov said.") == []
    assert ents(nlp, "We train the Transformer model.") == [("Transformer", "MODEL", "Transformer")]


def test_calibration_spotting_heads_and_eponym_tests_and_maps(nlp: Language) -> None:
    found = ents(
        nlp,
        "We address camera calibration and keyword spotting, compare samples with the "
        "Kolmogorov-Smirnov test and cluster them with Kohonen maps.",
    )
    assert found == [
        ("camera calibration", "TASK", "camera calibration"),
        ("keyword spotting", "TASK", "keyword spotting"),
        ("Kolmogorov-Smirnov test", "METHOD", "Kolmogorov-Smirnov test"),
        ("Kohonen maps", "MODEL", "Kohonen map"),
    ]
    # a test after a name adjective is generic; a verb or a vague word does not narrow a head
    assert ents(nlp, "A Bayesian hypothesis test follows.") == []
    assert ents(nlp, "Methods include calibration; extra calibration is costly.") == []


def test_nouns_in_ing_narrow_a_name_and_verbs_in_ing_end_it(nlp: Language) -> None:
    found = ents(nlp, "We study indoor lighting estimation and medical imaging segmentation.")
    assert found == [
        ("indoor lighting estimation", "TASK", "indoor lighting estimation"),
        ("medical imaging segmentation", "TASK", "medical imaging segmentation"),
    ]
    assert ents(nlp, "Improving segmentation by using estimation helps.") == []


def test_search_bandit_and_averaging_heads(nlp: Language) -> None:
    found = ents(
        nlp,
        "We study image search and contextual bandits with local search and federated "
        "averaging.",
    )
    assert found == [
        ("image search", "TASK", "image search"),  # what is searched for: a task
        ("contextual bandits", "TASK", "contextual bandit"),
        ("local search", "METHOD", "local search"),  # a way of searching: a method
        ("federated averaging", "METHOD", "federated averaging"),
    ]
    # "search" as a modifier of a noun after it is no name
    assert ents(nlp, "We describe expressive search spaces.") == []


def test_an_architecture_before_network_is_a_model_name(nlp: Language) -> None:
    found = ents(
        nlp,
        "We compare feed-forward networks, spiking neural networks and sum-product networks "
        "with a multi-layer spiking neural network.",
    )
    assert found == [
        ("feed-forward networks", "MODEL", "feed-forward network"),
        ("spiking neural networks", "MODEL", "spiking neural network"),
        ("sum-product networks", "MODEL", "sum-product network"),
        ("multi-layer spiking neural network", "MODEL", "multi-layer spiking neural network"),
    ]
    # a network without an architecture names no model; a lexicon name keeps its reading
    assert ents(nlp, "Deep networks and neural networks, in social networks.") == []
    assert ents(nlp, "Convolutional neural networks win.") == [
        ("Convolutional neural networks", "MODEL", "convolutional neural network")
    ]


def test_testing_attack_and_centrality_heads(nlp: Language) -> None:
    found = ents(
        nlp,
        "We study hypothesis testing, backdoor attacks and presentation attack detection, "
        "ranked by Katz centrality.",
    )
    assert found == [
        ("hypothesis testing", "TASK", "hypothesis testing"),
        ("backdoor attacks", "TASK", "backdoor attack"),
        ("presentation attack detection", "TASK", "presentation attack detection"),
        ("Katz centrality", "METRIC", "Katz centrality"),
    ]
    # a variable, a verb or a vague word does not narrow a head
    assert ents(nlp, "The n testing runs utilize attacks; stronger attacks follow.") == []


def test_small_words_open_hyphen_chains_but_vague_chains_do_not_narrow(nlp: Language) -> None:
    found = ents(nlp, "We study off-policy learning and out-of-distribution detection.")
    assert found == [
        ("off-policy learning", "METHOD", "off-policy learning"),
        ("out-of-distribution detection", "TASK", "out-of-distribution detection"),
    ]
    assert ents(nlp, "We apply off-the-shelf detection.") == []
