"""Row shaping for Neo4j writes: grouping by start node, paper hashes, mention evidence."""

from __future__ import annotations

import pytest

from extract.records import Mention, Paper, PaperMentions
from graph.citations import paper_row, unique_papers
from graph.mentions import MentionRow, Redirect, mention_rows, span_pairs
from graph.merge import combined_mention
from graph.store import group_rows


def test_group_rows_keeps_order_and_one_list_per_field() -> None:
    rows = [
        {"source": "a", "target": "x", "weight": 1.0},
        {"source": "b", "target": "y", "weight": 2.0},
        {"source": "a", "target": "z", "weight": 3.0},
    ]
    assert group_rows(rows, "source") == [
        {"source": "a", "target": ["x", "z"], "weight": [1.0, 3.0]},
        {"source": "b", "target": ["y"], "weight": [2.0]},
    ]


def test_paper_hashes_tell_text_changes_from_metadata_changes() -> None:
    paper = Paper(id="p", title="T", abstract="A", source="a.jsonl", references=("q", "p", "q"))
    moved = paper.model_copy(update={"source": "b.jsonl"})
    edited = paper.model_copy(update={"abstract": "A, revised"})
    assert paper_row(paper)["references"] == ["q"]  # no self-citation, no duplicates
    assert paper_row(moved)["text_hash"] == paper_row(paper)["text_hash"]
    assert paper_row(moved)["content_hash"] != paper_row(paper)["content_hash"]
    assert paper_row(edited)["text_hash"] != paper_row(paper)["text_hash"]
    assert [p.source for p in unique_papers([paper, moved])] == ["a.jsonl"]


ABSTRACT = "We train BERT. Bert beats ELMo."


def model_mention(start: int, text: str, canonical: str, sentence: int) -> Mention:
    return Mention(
        start=start,
        end=start + len(text),
        text=text,
        type="MODEL",
        canonical=canonical,
        entity_id=f"model:{canonical.lower()}",
        sentence=sentence,
    )


FOUND = PaperMentions(
    id="p",
    sentences=((0, 14), (15, 31)),
    mentions=(
        model_mention(15, "Bert", "BERT", sentence=1),
        model_mention(9, "BERT", "BERT", sentence=0),
        model_mention(26, "ELMo", "ELMo", sentence=1),
    ),
)


def test_mentions_grouped_per_entity_with_offsets_and_sentences() -> None:
    assert all(ABSTRACT[m.start : m.end] == m.text for m in FOUND.mentions)
    rows = mention_rows([FOUND], {"p": ABSTRACT}, {})
    bert = next(r for r in rows.mentions if r["entity"] == "model:bert")
    assert bert["count"] == 2 and bert["spans"] == [9, 13, 15, 19]
    assert bert["sentences"] == [0, 1] and bert["texts"] == ["BERT", "Bert"]
    assert bert["evidence"] == ["We train BERT.", "Bert beats ELMo."]
    assert sorted(e["id"] for e in rows.entities["MODEL"]) == ["model:bert", "model:elmo"]


def test_merged_entities_redirect_and_combine_like_one_extraction() -> None:
    redirects = {"model:elmo": Redirect("model:bert", "BERT", "MODEL")}
    merged_at_extraction = mention_rows([FOUND], {"p": ABSTRACT}, redirects).mentions
    assert [r["entity"] for r in merged_at_extraction] == ["model:bert"]
    separate = mention_rows([FOUND], {"p": ABSTRACT}, {}).mentions
    assert combined_mention("p", "model:bert", separate) == merged_at_extraction[0]


def test_spans_are_integer_pairs_stored_flat_and_read_back() -> None:
    row = MentionRow(
        paper="p",
        entity="e",
        count=2,
        spans=[(9, 13), (15, 19)],
        sentences=[0, 1],
        texts=["BERT", "Bert"],
        evidence=[],
    )
    stored = row.model_dump()
    assert stored["spans"] == [9, 13, 15, 19]
    assert MentionRow.model_validate(stored) == row
    assert span_pairs(["9-13", "15-19"]) == [(9, 13), (15, 19)]  # graphs of older builds
    with pytest.raises(ValueError):
        span_pairs([9, 13, 15])


def test_a_title_occurrence_comes_first_with_the_title_as_evidence() -> None:
    from api.routers.papers import mention_evidence

    title = "BERT for everything"
    in_title = model_mention(0, "BERT", "BERT", sentence=-1).model_copy(update={"field": "title"})
    found = FOUND.model_copy(update={"mentions": (*FOUND.mentions, in_title)})
    rows = mention_rows([found], {"p": ABSTRACT}, {}, {"p": title}).mentions
    bert = next(r for r in rows if r["entity"] == "model:bert")
    assert bert["count"] == 3 and bert["spans"] == [0, 4, 9, 13, 15, 19]
    assert bert["sentences"] == [-1, 0, 1]
    assert bert["evidence"] == [title, "We train BERT.", "Bert beats ELMo."]
    # entities merge rebuilds the same row from the parts
    assert combined_mention("p", "model:bert", [bert]) == bert
    shown = mention_evidence(ABSTRACT, bert, title)
    assert [(e.field, e.text, e.sentence) for e in shown] == [
        ("title", "BERT", title),
        ("abstract", "BERT", "We train BERT."),
        ("abstract", "Bert", "Bert beats ELMo."),
    ]
