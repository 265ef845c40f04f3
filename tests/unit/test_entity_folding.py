"""One entity per concept: canonical folding, the junk rules of the pipeline config, and the
corpus table's decisions (the same in any arrival order)."""

from __future__ import annotations

import itertools

import pytest

from extract.canonical import entity_id, normal_key, tidy_name
from extract.corpus import CorpusTable
from extract.pipeline import Extractor
from extract.records import CorpusEvidence, Paper


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("auto-regressive image generation", "autoregressive image generation"),
        ("Auto-Regressive", "autoregressive"),
        ("meta-learning", "metalearning"),
        ("convolutional neural net- work", "convolutional neural network"),  # line break
        ("neural machine trans- lation", "neural machine translation"),
        ("ResNets", "ResNet"),
        ("ConvNets", "ConvNet"),
        ("Kullback–Leibler divergence", "Kullback-Leibler divergence"),  # en dash
        ("multi  head   attention", "multi-head attention"),
    ],
)
def test_spelling_variants_fold_to_one_key(first: str, second: str) -> None:
    assert normal_key(first) == normal_key(second)


def test_known_variants_share_the_entity_of_the_lexicon() -> None:
    kl = entity_id("METHOD", "KL divergence")
    assert entity_id("METHOD", "Kullback-Leibler divergence") == kl
    assert entity_id("METHOD", "Kullback–Leibler") == kl


def test_tidy_names_drop_camel_case_plurals_and_line_breaks() -> None:
    assert tidy_name("ResNets") == "ResNet" and tidy_name("GANs") == "GAN"
    assert tidy_name("neural net- works") == "neural network"
    assert tidy_name("DefSent+") == "DefSent+"  # a version of a name is a name of its own


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def names(extractor: Extractor, *abstracts: str) -> list[list[tuple[str, str]]]:
    papers = [Paper(id=f"p{i}", title="", abstract=a) for i, a in enumerate(abstracts)]
    return [[(m.text, m.type) for m in found.mentions] for found in extractor.run(papers)]


def test_junk_rules_drop_languages_activations_letters_and_idioms(extractor: Extractor) -> None:
    [found] = names(
        extractor,
        "Results on English and Chinese datasets and on the SUN RGB-D dataset improve. "
        "Two-layer ReLU networks are studied. Graph learning has drawn attention recently.",
    )
    texts = {text for text, _ in found}
    assert not texts & {"English", "Chinese", "D", "ReLU", "drawn attention"}, found


def test_junk_rules_are_read_from_the_config(extractor: Extractor) -> None:
    rules = extractor.nlp.get_pipe("citegraph_junk").rules
    assert rules.is_junk("English", "DATASET") and not rules.is_junk("English", "TASK")
    assert rules.is_junk("GELU", "MODEL") and rules.is_junk("x", "METHOD")
    assert rules.is_junk("SOTA", "METHOD")  # a stop name of the lexicon, any type
    assert not rules.is_junk("T5", "MODEL")  # a letter and a digit make a name


def test_stop_names_are_not_linked_as_corpus_acronyms(extractor: Extractor) -> None:
    found = names(
        extractor,
        "We outperform state-of-the-art (SOTA) methods.",
        "SOTA results on COCO.",
    )
    assert ("SOTA", "METHOD") not in found[1]


def evidence(*names: tuple[str, str], definitions=(), bare=()) -> CorpusEvidence:
    return CorpusEvidence(definitions=definitions, bare=bare, names=tuple(sorted(names)))


def test_a_concept_gets_one_type_and_one_spelling_corpus_wide() -> None:
    table = CorpusTable()
    table.update("a", evidence(("TASK", "representation learning")))
    table.update("b", evidence(("TASK", "representation learning")))
    table.update("c", evidence(("METHOD", "representation learning")))
    table.update("d", evidence(("DATASET", "ai2 thor")))
    table.update("e", evidence(("DATASET", "ai2thor")))
    table.update("f", evidence(("DATASET", "ai2thor")))
    assert table.entity("METHOD", "representation learning") == ("TASK", "representation learning")
    assert table.entity("DATASET", "ai2 thor") == ("DATASET", "ai2thor")
    assert table.entity("MODEL", "bert") == ("MODEL", "bert")  # no conflict: unchanged


def test_corpus_decisions_do_not_depend_on_arrival_order() -> None:
    papers = {
        "a": evidence(("METHOD", "gct"), bare=((0, 3, "GCT", 0),)),
        "b": evidence(
            ("METHOD", "graph contrastive training"),
            definitions=(("GCT", "METHOD", "graph contrastive training"),),
        ),
        "c": evidence(("MODEL", "gct")),
        "d": evidence(("METHOD", "graph contrastive training"), ("TASK", "node classification")),
    }
    outcomes = set()
    for order in itertools.permutations(papers):
        table = CorpusTable()
        for paper_id in order:
            table.update(paper_id, papers[paper_id])
        outcomes.add(tuple(table.decisions(papers[p]) for p in sorted(papers)))
    [decisions] = outcomes
    assert "acronym\tGCT\tMETHOD\tgraph contrastive training" in decisions[0]
