"""The bulk importer's CSV files: typed headers, one file per kind, bad columns refused."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.bulk_import import ARRAY_DELIMITER, NodeFile, RelationshipFile, write_csv


def test_headers_carry_id_spaces_types_and_labels(tmp_path: Path) -> None:
    nodes = NodeFile(("Entity", "Task"), "Entity", {"name": "string", "aliases": "string[]"},
                     [{"id": "task:qa", "name": "question answering", "aliases": ["QA"]}])
    links = RelationshipFile("SIMILAR_TO", "Paper", "Paper", {"score": "double"},
                             [{"source": "p1", "target": "p2", "score": 0.25}])
    (node_path,), (link_path,) = write_csv(tmp_path, [nodes], [links])
    with node_path.open(newline="") as handle:
        assert list(csv.reader(handle)) == [
            ["id:ID(Entity)", "name:string", "aliases:string[]", ":LABEL"],
            ["task:qa", "question answering", "QA", f"Entity{ARRAY_DELIMITER}Task"],
        ]
    with link_path.open(newline="") as handle:
        assert list(csv.reader(handle)) == [
            [":START_ID(Paper)", ":END_ID(Paper)", "score:double", ":TYPE"],
            ["p1", "p2", "0.25", "SIMILAR_TO"],
        ]


def test_bad_columns_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    bad = NodeFile(("Paper",), "Paper", {"title": "text"}, [{"id": "p1", "title": "x"}])
    with pytest.raises(ValueError, match="column 'title' has type 'text'"):
        write_csv(tmp_path / "a", [bad])
    assert not list((tmp_path / "a").glob("*.csv"))
    delimiter = NodeFile(("Paper",), "Paper", {"authors": "string[]"},
                         [{"id": "p1", "authors": ["a\x1fb"]}])
    with pytest.raises(ValueError, match="array delimiter"):
        write_csv(tmp_path / "b", [delimiter])
