"""Builders for graph tests: a hand-made mini corpus, a keyword extractor with exact offsets,
a dump of the whole graph for comparisons, and a child-process build for the crash test.

Run as a script (``python tests/graph_builders.py CONFIG.json``) it builds the mini corpus
into the Neo4j named in the config; the crash test kills it mid-way.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import typer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract.canonical import entity_id  # noqa: E402
from extract.records import EntityType, Mention, Paper, PaperMentions  # noqa: E402
from graph.embeddings import Embedder  # noqa: E402
from graph.store import GraphStore  # noqa: E402

KEYWORDS: dict[str, EntityType] = {
    "BERT": "MODEL",
    "ResNet": "MODEL",
    "ImageNet": "DATASET",
    "SQuAD": "DATASET",
    "CoNLL-2003": "DATASET",
    "Transformer": "METHOD",
    "contrastive learning": "METHOD",
    "question answering": "TASK",
    "image classification": "TASK",
    "named entity recognition": "TASK",
    "F1": "METRIC",
    "accuracy": "METRIC",
}

BASE = {
    "p01": (
        "BERT for reading comprehension",
        "We fine-tune BERT, a Transformer encoder, for question answering on SQuAD. "
        "BERT reaches 93 F1.",
    ),
    "p02": (
        "A reader for open questions",
        "A Transformer reader for question answering. We evaluate on SQuAD and report F1 "
        "and exact match.",
    ),
    "p03": (
        "Deep residual networks for vision",
        "ResNet models for image classification on ImageNet. We report top-1 accuracy.",
    ),
    "p04": (
        "Contrastive visual features",
        "Contrastive learning of visual features with ResNet backbones improves image "
        "classification accuracy on ImageNet.",
    ),
    "p05": (
        "Tagging entities with BERT",
        "BERT for named entity recognition on CoNLL-2003. We report F1.",
    ),
    "p06": (
        "Vision transformers",
        "A Transformer for image classification trained on ImageNet with contrastive learning.",
    ),
}
NEW = {
    "p07": (
        "Sequence tagging with attention",
        "Named entity recognition with a Transformer tagger on CoNLL-2003, reported in F1.",
    ),
    "p08": (
        "Self-supervised image encoders",
        "Self-supervised contrastive learning with ResNet encoders for image classification "
        "on ImageNet.",
    ),
}
REFERENCES = {"p02": ("p01",), "p04": ("p03", "p08"), "p06": ("p04", "p03"), "p07": ("p05", "p01")}


def papers(ids: dict[str, tuple[str, str]]) -> list[Paper]:
    """Paper records for the given part of the mini corpus."""
    return [
        Paper(
            id=pid,
            title=title,
            abstract=abstract,
            authors=("A. Author",),
            published="2021",
            source="mini.jsonl",
            references=REFERENCES.get(pid, ()),
        )
        for pid, (title, abstract) in ids.items()
    ]


class KeywordExtractor:
    """Finds the KEYWORDS (whole words, any case) in abstracts, with exact offsets."""

    def __init__(
        self, keywords: dict[str, EntityType] | None = None, canonical: dict[str, str] | None = None
    ) -> None:
        self.keywords = keywords or KEYWORDS
        self.canonical = canonical or {}  # keyword -> the keyword it is reported as
        self.calls = 0

    def run(self, batch: Sequence[Paper]) -> list[PaperMentions]:
        self.calls += 1
        return [self._one(paper) for paper in batch]

    def _one(self, paper: Paper) -> PaperMentions:
        sentences = [
            (m.start(), m.end())
            for m in re.finditer(r"[^.]+\.?", paper.abstract)
            if m.group().strip()
        ]
        found = []
        for keyword, kind in self.keywords.items():
            name = self.canonical.get(keyword, keyword)
            kind = self.keywords[name]
            for match in re.finditer(
                rf"(?<![\w-]){re.escape(keyword)}(?![\w-])", paper.abstract, re.IGNORECASE
            ):
                sentence = next(i for i, (s, e) in enumerate(sentences) if s <= match.start() < e)
                found.append(
                    Mention(
                        start=match.start(),
                        end=match.end(),
                        text=match.group(),
                        type=kind,
                        canonical=name,
                        entity_id=entity_id(kind, name),
                        sentence=sentence,
                    )
                )
        found.sort(key=lambda m: m.start)
        return PaperMentions(id=paper.id, mentions=tuple(found), sentences=tuple(sentences))


@functools.cache
def shared_embedder(base: Path) -> Embedder:
    """The real MiniLM embedder, one per test run, caching vectors in one file under ``base``."""
    return Embedder(cache_path=base / "graph-embeddings.sqlite")


def dump(store: GraphStore) -> tuple[list[Any], list[Any]]:
    """Every node (labels, properties) and relationship (type, ends, properties), sorted."""
    nodes = store.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels = store.read(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props"
    )
    node_list = sorted((sorted(n["labels"]), json.dumps(n["props"], sort_keys=True)) for n in nodes)
    rel_list = sorted(
        (r["type"], r["a"], r["b"], json.dumps(r["props"], sort_keys=True)) for r in rels
    )
    return node_list, rel_list


def graph_cli(settings: Any) -> Any:
    """The graph verbs (``api/cli/graph.py``) under a root that hands them ``settings``."""
    from api.cli import graph as graph_verbs

    app = typer.Typer()

    @app.callback()
    def main(ctx: typer.Context) -> None:
        ctx.obj = settings

    app.add_typer(graph_verbs.app)
    app.add_typer(graph_verbs.entities_app, name="entities")
    return app


@pytest.fixture(name="cli")
def graph_cli_runner(empty_db: dict[str, str], neo4j_settings: Any, tmp_path: Path) -> Any:
    """``cli(*args)``: run graph verbs against the emptied test database, own data dir."""
    from typer.testing import CliRunner

    settings = neo4j_settings.model_copy(update={"data_dir": tmp_path / "data"})
    app, runner = graph_cli(settings), CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def run_child(config_path: str, kill_after: int | None = None) -> None:
    """Build the mini corpus (base then new) as the crash test's child process; with
    ``kill_after``, the process kills itself after that many committed transactions."""
    from graph.build import BuildOptions, GraphBuilder

    if kill_after is not None:
        from fault_builders import kill_after_commits

        kill_after_commits(kill_after)
    config = json.loads(Path(config_path).read_text())
    options = BuildOptions(
        similar_min_score=0.2,
        shared_top_k=2,
        similar_top_k=2,
        extract_batch_size=1,
        embed_chunk_size=1,
    )
    engine = None
    if config.get("engine") == "ray":  # workers import this module: tests/ is on PYTHONPATH
        from graph.engine.ray_data import RayEngine, RayOptions

        make_embedder = functools.partial(Embedder, cache_path=Path(config["cache"]))
        engine = RayEngine(KeywordExtractor, make_embedder, RayOptions(num_cpus=2,
                                                                       object_store_mb=100))
    embedder = Embedder(cache_path=Path(config["cache"]))
    with GraphStore(
        config["uri"], config["user"], config["password"], config["database"], batch_size=1
    ) as store:
        builder = GraphBuilder(store, KeywordExtractor(), embedder, options, engine=engine)
        builder.build(papers(BASE))
        builder.add(papers(NEW))
        print(f"batches={store.batches_committed}")
    if engine is not None:
        engine.close()


if __name__ == "__main__":
    run_child(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None)
