"""The README's scholarly Cypher examples ("who cites this", "what did these authors work on",
"which methods rose on this task", "what should I read next") and the Bloom search phrases on
authors, venues, citations and time answer on a small graph."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from scholarly_graph_builders import build_scholarly_graph
from test_graph_examples import examples

from api.cypher_guard import check_read_only
from graph.bloom import generate
from graph.store import GraphStore

pytestmark = pytest.mark.neo4j
# the documented params name papers and authors of the format samples; here the small graph's
PARAMS = {
    "Who cites this paper": {"paper": "s01"},
    "What these authors worked on": {"authors": ["Ada Lovelace", "name:dee park"]},
    "Methods that rose on a task since a year": {"task": "Question Answering", "since": 2021},
    "What to read next": {"liked": ["s01"], "k": 2},
}


PHRASE_PARAMS = {
    "papers by $author": ({"author": "Ada Lovelace"}, 4),
    "co-authors of $author": ({"author": "Ada Lovelace"}, 3),
    "papers in $venue": ({"venue": "ACL"}, 4),
    "$method over time": ({"method": "contrastive learning"}, 4),
    "who cites $title": ({"title": "Attention readers"}, 3),
}


@pytest.fixture(scope="module")
def store(store_config: dict[str, str]) -> Iterator[GraphStore]:
    with GraphStore(**store_config) as graph_store:
        graph_store.clear()
        build_scholarly_graph(graph_store)
        yield graph_store


def test_scholarly_examples_answer(store: GraphStore) -> None:
    found = examples()
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


def test_bloom_phrases_on_authors_venues_citations_and_time(store: GraphStore) -> None:
    templates = {
        t["text"]: t for t in json.loads(generate.PERSPECTIVE_FILE.read_text())["templates"]
    }
    for text, (params, papers) in PHRASE_PARAMS.items():
        cypher = templates[text]["cypher"]
        check_read_only(cypher)
        rows = store.read(cypher, **params)
        assert len(rows) == papers, text
    over_time = store.read(templates["$method over time"]["cypher"], method="contrastive learning")
    assert [row["p"]["year"] for row in over_time] == [2020, 2021, 2022, 2023]
