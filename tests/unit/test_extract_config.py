"""The pipeline's config describes what runs: word lists come from its ``lexicon_dir``, and
the resolver's ``ner_first`` is a config value, not an attribute set after the build."""

from __future__ import annotations

from pathlib import Path

from extract_builders import blank_pipeline, tiny_lexicon

from extract.components.candidates import candidates
from extract.lexicon import LEXICON_DIR, load_words
from extract.pipeline import build_pipeline


def test_word_lists_come_from_the_lexicon_dir(tmp_path: Path) -> None:
    lexicon = tiny_lexicon(tmp_path)
    (lexicon / "verbs.txt").write_text("frobnicate\n", encoding="utf-8")
    (lexicon / "modified_nouns.txt").write_text("gizmos\n", encoding="utf-8")
    nlp = blank_pipeline(lexicon, ("citegraph_lexicon", "citegraph_terms"))
    assert nlp.get_pipe("citegraph_terms").words.verbs == {"frobnicate"}
    assert nlp.get_pipe("citegraph_lexicon").modified_nouns == {"gizmos"}
    # a list the directory leaves out is the bundled one
    bundled = load_words("vague_modifiers.txt", LEXICON_DIR)
    assert nlp.get_pipe("citegraph_terms").words.vague == bundled
    assert "novel" in bundled


def _candidates(lexicon: Path, text: str) -> list[str]:
    nlp = blank_pipeline(lexicon, ("citegraph_terms",))
    return [span.text for span in candidates(nlp(text))]


def test_a_verb_of_the_lexicon_dir_stops_a_modifier(tmp_path: Path) -> None:
    text = "We study sparse classification of images."
    (tmp_path / "plain").mkdir()
    assert "sparse classification" in _candidates(tiny_lexicon(tmp_path / "plain"), text)
    (tmp_path / "verbs").mkdir()
    lexicon = tiny_lexicon(tmp_path / "verbs")
    (lexicon / "verbs.txt").write_text("sparse\n", encoding="utf-8")
    assert "sparse classification" not in _candidates(lexicon, text)


def test_ner_first_is_read_from_the_config() -> None:
    assert build_pipeline().get_pipe("citegraph_resolver").ner_first is False
    nlp = build_pipeline(overrides={"components.citegraph_resolver.ner_first": True})
    assert nlp.get_pipe("citegraph_resolver").ner_first is True
    assert nlp.config["components"]["citegraph_resolver"]["ner_first"] is True
