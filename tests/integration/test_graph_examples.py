"""Every Cypher example in graph/EXAMPLES.md runs on the mini corpus and answers as expected."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from graph_builders import BASE, NEW, KeywordExtractor, papers, shared_embedder

from graph import schema
from graph.build import BuildOptions, GraphBuilder
from graph.embeddings import Embedder
from graph.store import GraphStore


@pytest.fixture(scope="session")
def graph_embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    return shared_embedder(tmp_path_factory.getbasetemp())


ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "graph" / "EXAMPLES.md"
SEEDS = ROOT / "data" / "seeds.jsonl"
# The documented params name a paper of the bundled seed corpus; the mini corpus has its own ids.
MINI_CORPUS_PARAMS = {
    "Papers two hops away through rare shared entities": {"paper": "p01"},
    "Nearest papers by the vector index": {"paper": "p05"},
}
BLOCK = re.compile(
    r"^### (?P<title>.+?)\n.*?```cypher\n// params: (?P<params>.*?)\n(?P<query>.*?)```",
    re.DOTALL | re.MULTILINE,
)


def examples() -> dict[str, tuple[dict, str]]:
    found = {
        m["title"]: (json.loads(m["params"]), m["query"])
        for m in BLOCK.finditer(EXAMPLES.read_text())
    }
    assert len(found) == 10
    return found


def test_documented_params_name_a_seed_corpus_paper() -> None:
    seed_ids = {json.loads(line)["id"] for line in SEEDS.read_text().splitlines() if line.strip()}
    for title, (params, _) in examples().items():
        if title in MINI_CORPUS_PARAMS:
            assert params["paper"] in seed_ids, title


def test_readme_shows_the_same_examples() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Querying with Cypher", 1)[1].split("\n## ", 1)[0]
    documented = {
        m["title"]: (json.loads(m["params"]), m["query"]) for m in BLOCK.finditer(section)
    }
    assert documented == examples()


def test_examples_use_only_schema_names() -> None:
    known = {
        schema.PAPER,
        schema.ENTITY,
        schema.AUTHOR,
        schema.VENUE,
        schema.AUTHORED,
        schema.PUBLISHED_IN,
        *schema.TYPE_LABELS.values(),
        *schema.RELATIONSHIP_TYPES,
    }
    for _, query in examples().values():
        used = set(re.findall(r"[(\[]\w*:(\w+)", query))
        assert used <= known, used - known


@pytest.mark.neo4j
def test_examples_answer_on_the_mini_corpus(
    empty_db: dict[str, str], graph_embedder: Embedder
) -> None:
    with GraphStore(**empty_db) as store:
        options = BuildOptions(shared_top_k=2, similar_top_k=2, similar_min_score=0.2)
        GraphBuilder(store, KeywordExtractor(), graph_embedder, options).build(papers(BASE | NEW))
        results = {
            title: store.read(query, **{**params, **MINI_CORPUS_PARAMS.get(title, {})})
            for title, (params, query) in examples().items()
        }
    assert [r["paper"] for r in results["Papers using a dataset"]] == ["p03", "p04", "p06", "p08"]
    methods = {r["task"]: r["methods"] for r in results["Most used methods per task"]}
    assert methods["image classification"] == [
        {"method": "contrastive learning", "papers": 3},
        {"method": "Transformer", "papers": 1},
    ]
    two_hops = results["Papers two hops away through rare shared entities"]
    assert [(r["paper"], r["via"]) for r in two_hops] == [("p07", ["p05"])]
    assert results["Nearest papers by the vector index"][0]["paper"] == "p07"
    top_pair = results["Entity co-occurrence"][0]
    assert (top_pair["entity"], top_pair["other"], top_pair["papers"]) == (
        "ImageNet",
        "image classification",
        4,
    )
    hits = {(r["kind"], r["id"]) for r in results["Full-text search over papers and entities"]}
    assert {
        ("paper", "p04"),
        ("paper", "p06"),
        ("paper", "p08"),
        ("entity", "method:contrastive learning"),
    } <= hits
