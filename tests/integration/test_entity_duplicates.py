"""``citegraph entities duplicates`` against the real Neo4j: near-duplicate names of one type
are suggested as merge commands, and after the suggested merge none is left."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from graph_builders import graph_cli_runner  # noqa: F401  (the ``cli`` fixture)

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
PAPERS = [
    {"id": paper_id, "title": title, "abstract": abstract}
    for paper_id, title, abstract in (
        ("a", "Definition sentences", "We propose DefSent, a method for sentence embeddings."),
        ("b", "A plus version", "We propose DefSent+, a method that improves on it."),
        ("c", "Sentence similarity", "DefSent is evaluated on STS-B with Spearman correlation."),
    )
]


def test_duplicates_suggests_the_merge_that_removes_them(cli, tmp_path: Path) -> None:
    corpus = tmp_path / "papers.jsonl"
    corpus.write_text("".join(json.dumps(p) + "\n" for p in PAPERS))
    ingested = cli("ingest", str(corpus))
    assert ingested.exit_code == 0, ingested.output
    found = cli("entities", "duplicates")
    assert found.exit_code == 0, found.output
    assert "1 groups of near-duplicate entities" in found.output, cli("stats", "--top", "9").output
    [command] = [line.split("  #")[0] for line in found.output.splitlines() if "merge" in line]
    # The entity more papers mention is the one to keep.
    assert shlex.split(command)[-2:] == ["method:defsent+", "method:defsent"]
    merged = cli(*shlex.split(command)[1:])
    assert merged.exit_code == 0, merged.output
    assert "0 groups" in cli("entities", "duplicates").output
