"""The Extractor end to end: records, sentences, corpus-level acronyms, the seed corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.pipeline import Extractor
from extract.records import ENTITY_TYPES, Paper
from tests.extract_builders import paper

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds.jsonl"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_mentions_carry_offsets_ids_and_sentences(extractor: Extractor) -> None:
    abstract = "We train BERT on ImageNet. Then we measure accuracy with GPT2 and GPT-2."
    [result] = extractor.run([paper("p1", abstract)])
    assert result.id == "p1"
    assert [(m.text, m.type, m.sentence) for m in result.mentions] == [
        ("BERT", "MODEL", 0),
        ("ImageNet", "DATASET", 0),
        ("accuracy", "METRIC", 1),
        ("GPT2", "MODEL", 1),
        ("GPT-2", "MODEL", 1),
    ]
    assert result.mentions[3].entity_id == result.mentions[4].entity_id == "model:gpt2"
    assert result.sentences == ((0, 26), (27, len(abstract)))


def test_acronym_defined_in_one_paper_resolves_in_another(extractor: Extractor) -> None:
    papers = [
        paper("a", "We study graph contrastive training (GCT) for vision."),
        paper("b", "Our GCT variant is fast."),
    ]
    results = extractor.run(papers)
    [bare] = results[1].mentions
    # One entity with the definition, named by its long form whichever paper comes first.
    assert (bare.text, bare.type, bare.canonical) == ("GCT", "METHOD", "graph contrastive training")
    assert bare.entity_id == results[0].mentions[0].entity_id == "method:graph contrastive training"


def test_ambiguous_acronyms_stay_unresolved(extractor: Extractor) -> None:
    papers = [
        paper("a", "We study graph contrastive training (GCT) here."),
        paper("b", "We study the global context transformer (GCT) there."),
        paper("c", "GCT is popular."),
    ]
    assert extractor.run(papers)[2].mentions == ()


def test_complexity_classes_and_units_are_claimed_by_no_definition(extractor: Extractor) -> None:
    papers = [
        paper("a", "We learn noisy permutation (NP) models and farthest point sampling (FPS)."),
        paper("b", "Matching is NP-hard, and our tracker runs at 30 FPS."),
    ]
    assert extractor.run(papers)[1].mentions == ()


def test_known_acronyms_carry_over_between_runs(extractor: Extractor) -> None:
    table = extractor.new_corpus_table()
    extractor.run([paper("a", "We study graph contrastive training (GCT) here.")], corpus=table)
    [later] = extractor.run([paper("b", "GCT again.")], corpus=table)
    assert [m.entity_id for m in later.mentions] == ["method:graph contrastive training"]


def test_empty_abstract_gives_no_mentions(extractor: Extractor) -> None:
    [result] = extractor.run([Paper(id="e", title="t", abstract="")])
    assert result.mentions == () and result.sentences == ()


@pytest.mark.slow
def test_seed_corpus_offsets_and_types(extractor: Extractor) -> None:
    papers = [
        Paper(**{k: v for k, v in json.loads(line).items() if k in ("id", "title", "abstract")})
        for line in SEEDS.read_text(encoding="utf-8").splitlines()
    ]
    results = extractor.run(papers, batch_size=64)
    assert [r.id for r in results] == [p.id for p in papers]
    total = titled = 0
    for source, result in zip(papers, results, strict=True):
        ends = {"abstract": 0, "title": 0}
        fields = [mention.field for mention in result.mentions]
        assert fields == sorted(fields)  # the abstract's mentions, then the title's
        for mention in result.mentions:
            text = source.abstract if mention.field == "abstract" else source.title
            assert text[mention.start : mention.end] == mention.text
            assert mention.type in ENTITY_TYPES
            assert mention.start >= ends[mention.field]  # sorted, never overlapping
            ends[mention.field] = mention.end
            if mention.field == "abstract":
                start, end = result.sentences[mention.sentence]
                assert start <= mention.start and mention.end <= end
            else:
                assert mention.sentence == -1
            assert mention.entity_id.startswith(mention.type.lower() + ":")
        total += fields.count("abstract")
        titled += "title" in fields
    assert total > 5 * len(papers)  # abstracts name several entities each
    assert titled > len(papers) / 2  # and most titles name one


def test_title_mentions_take_the_abstracts_entity(extractor: Extractor) -> None:
    title = "Face Recognition with BERT and Spectral Regularization"
    abstract = "We study face recognition. We fine-tune BERT, a language model."
    [result] = extractor.run([paper("t", abstract, title=title)])
    in_title = [m for m in result.mentions if m.field == "title"]
    assert all(title[m.start : m.end] == m.text and m.sentence == -1 for m in in_title)
    by_text = {m.text: m for m in in_title}
    in_abstract = {m.text: m for m in result.mentions if m.field == "abstract"}
    # the same name, written another way, is the same entity
    assert by_text["Face Recognition"].entity_id == in_abstract["face recognition"].entity_id
    assert by_text["BERT"].entity_id == in_abstract["BERT"].entity_id
    # a name only the title has is found too
    assert "Spectral Regularization" in by_text
    [untitled] = Extractor(titles=False).run([paper("t", abstract, title=title)])
    assert {m.field for m in untitled.mentions} == {"abstract"}


def test_a_paper_named_only_in_its_title_has_entities(extractor: Extractor) -> None:
    [result] = extractor.run(
        [paper("s", "We prove tight bounds under mild assumptions.",
               title="Submodular Optimization under Noise")]
    )
    assert [(m.text, m.field) for m in result.mentions] == [("Submodular Optimization", "title")]


def test_an_alias_two_entries_share_follows_the_name_the_paper_spells_out(
    extractor: Extractor,
) -> None:
    method, metric = extractor.run(
        [
            paper("a", "We fit the model with the EM algorithm. EM converges fast."),
            paper("b", "We report exact match (EM) and F1. EM rises by two points."),
        ]
    )
    assert {(m.text, m.entity_id) for m in method.mentions if m.text == "EM"} == {
        ("EM", "method:expectation maximization")
    }
    assert {(m.text, m.type) for m in metric.mentions if m.text == "EM"} == {("EM", "METRIC")}
    # alone, a bare "EM" names neither
    assert extractor.run([paper("c", "EM rises by two points.")])[0].mentions == ()


def test_names_are_found_across_double_spaces_and_line_breaks(extractor: Extractor) -> None:
    # abstracts taken from PDFs keep double spaces and line breaks inside names
    abstract = "  We train  BERT on  Image\nNet.  Then we  fine-tune\nit with  policy  iteration. "
    title = "Policy  Iteration\nfor BERT"
    [result] = extractor.run([paper("w", abstract, title=title)])
    found = [(m.field, m.text, m.canonical, m.sentence) for m in result.mentions]
    assert ("abstract", "policy  iteration", "policy iteration", 1) in found
    assert ("title", "Policy  Iteration", "policy iteration", -1) in found
    for mention in result.mentions:  # offsets are the text's own
        source = abstract if mention.field == "abstract" else title
        assert source[mention.start : mention.end] == mention.text
    first, second = result.sentences
    assert abstract[first[0] : first[1]] == "We train  BERT on  Image\nNet."
    assert abstract[second[0] : second[1]].startswith("Then we  fine-tune")


def test_squeezed_text_has_single_spaces_and_maps_back() -> None:
    from extract.spacing import squeeze

    text = " con(cid:173) tains\n\nthe  trans\u00adlation (cid:173)"
    squeezed = squeeze(text)
    assert squeezed.text == "contains the translation"
    word = squeezed.text.index("translation")
    start, end = squeezed.start(word), squeezed.end(word + len("translation"))
    assert text[start:end] == "trans\u00adlation"
    assert text[squeezed.start(0) : squeezed.end(len("contains"))] == "con(cid:173) tains"
