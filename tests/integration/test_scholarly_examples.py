"""The README's scholarly Cypher examples ("who cites this", "what did these authors work on",
"which methods rose on this task", "what should I read next") answer on a small graph."""

from __future__ import annotations

import pytest
from scholarly_graph_builders import build_scholarly_graph
from test_graph_examples import examples

from graph.store import GraphStore

pytestmark = pytest.mark.neo4j
# the documented params name papers and authors of the format samples; here the small graph's
PARAMS = {
    "Who cites this paper": {"paper": "s01"},
    "What these authors worked on": {"authors": ["Ada Lovelace", "name:dee park"]},
    "Methods that rose on a task since a year": {"task": "Question Answering", "since": 2021},
    "What to read next": {"liked": ["s01"], "k": 2},
}


def test_scholarly_examples_answer(empty_db: dict[str, str]) -> None:
    found = examples()
    with GraphStore(**empty_db) as store:
        build_scholarly_graph(store)
        results = {
            title: store.read(found[title][1], **{**found[title][0], **params})
            for title, params in PARAMS.items()
        }
    citing = results["Who cites this paper"]
    assert [(r["paper"], r["year"]) for r in citing] == [
        ("s07", 2023),
        ("s03", 2020),
        ("s02", 2019),
    ]
    assert citing[1]["authors"] == ["Bob Stone", "Cy Young"]
    worked = results["What these authors worked on"]
    assert (worked[0]["entity"], worked[0]["papers"]) == ("question answering", 5)
    assert sorted(worked[0]["by"]) == ["Ada Lovelace", "Dee Park"]
    rose = results["Methods that rose on a task since a year"]
    assert (rose[0]["method"], rose[0]["recent"], rose[0]["earlier"]) == (
        "contrastive learning",
        3,
        1,
    )
    assert rose[0]["growth"] == pytest.approx(0.667)
    assert [r["paper"] for r in results["What to read next"]] == ["s02", "s07"]
