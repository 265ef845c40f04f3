"""Neo4j's bulk importer on the bundled server: what is loaded reads back as written, refused
entries are skipped and named, and a running server or a database with data is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import GraphDatabase

from graph.bulk_import import NodeFile, RelationshipFile, import_csv, write_csv
from graph.server import LocalNeo4j, ServerError, free_port

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
PASSWORD = "bulk-test-password"


def _files(directory: Path) -> tuple[list[Path], list[Path]]:
    papers = NodeFile(
        ("Paper",),
        "Paper",
        {"title": "string", "abstract": "string", "year": "int", "authors": "string[]",
         "embedding": "double[]", "stub": "boolean"},
        [
            {"id": "p1", "title": 'A "quoted", title', "abstract": "Line one,\nline two; ü.",
             "year": 2020, "authors": ["Doe, J.", "Roe; R."], "embedding": [0.25, -0.0015],
             "stub": False},
            {"id": "p2", "title": "Only a title", "abstract": None, "year": None,
             "authors": [], "embedding": None, "stub": True},
        ],
    )
    entities = NodeFile(("Entity", "Model"), "Entity", {"name": "string"},
                        [{"id": "model:bert", "name": "BERT"}])
    relationships = [
        RelationshipFile(
            "SIMILAR_TO", "Paper", "Paper", {"score": "double", "rank": "int"},
            [{"source": "p1", "target": "p2", "score": 0.5, "rank": 1},
             {"source": "p1", "target": "p-missing", "score": 0.4, "rank": 2}],
        ),
        RelationshipFile("MENTIONS", "Paper", "Entity", {"spans": "int[]"},
                         [{"source": "p1", "target": "model:bert", "spans": [0, 4]}]),
    ]
    return write_csv(directory, [papers, entities], relationships)


def test_import_reads_back_and_names_refused_entries(tmp_path: Path) -> None:
    node_files, relationship_files = _files(tmp_path / "csv")
    server = LocalNeo4j(tmp_path / "neo4j", port=free_port(), password=PASSWORD, heap="512m")
    report = import_csv(server, node_files, relationship_files, heap="512m")
    assert (report.nodes, report.relationships) == (3, 2)
    assert report.skipped == 1  # the link to a paper that is not in the files
    assert "p-missing" in report.report_file.read_text()

    server.start()
    try:
        with GraphDatabase.driver(server.uri, auth=("neo4j", PASSWORD)) as driver:
            nodes = {
                r["p"]["id"]: (sorted(r["labels"]), r["p"])
                for r in driver.execute_query(
                    "MATCH (n) RETURN labels(n) AS labels, properties(n) AS p"
                ).records
            }
            links = driver.execute_query(
                "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, properties(r) AS p, "
                "b.id AS b ORDER BY t"
            ).records
        # quotes, commas, newlines, semicolons and non-ASCII survive; arrays keep their items
        assert nodes["p1"] == (["Paper"], {
            "id": "p1", "title": 'A "quoted", title', "abstract": "Line one,\nline two; ü.",
            "year": 2020, "authors": ["Doe, J.", "Roe; R."], "embedding": [0.25, -0.0015],
            "stub": False,
        })
        assert nodes["p2"] == (["Paper"], {"id": "p2", "title": "Only a title", "stub": True})
        assert nodes["model:bert"] == (["Entity", "Model"], {"id": "model:bert", "name": "BERT"})
        assert [(r["a"], r["t"], r["p"], r["b"]) for r in links] == [
            ("p1", "MENTIONS", {"spans": [0, 4]}, "model:bert"),
            ("p1", "SIMILAR_TO", {"score": 0.5, "rank": 1}, "p2"),
        ]
        with pytest.raises(ServerError, match="needs it stopped"):
            import_csv(server, node_files, relationship_files)
    finally:
        server.stop()
    # the loaded database is never replaced unless asked
    with pytest.raises(ServerError, match="already exists"):
        import_csv(server, node_files, relationship_files)



def test_cli_import_loads_user_files_and_makes_the_schema(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from api.cli import app

    papers = tmp_path / "papers.csv"
    papers.write_text(
        "id:ID(Paper),title,authors:string[],year:int,:LABEL\n"
        'w1,"Graphs, at scale",Ada;Alan,2024,Paper\n'
        "w2,Second paper,Grace,2025,Paper\n"
    )
    cites = tmp_path / "cites.csv"
    cites.write_text(":START_ID(Paper),:END_ID(Paper),:TYPE\nw2,w1,CITES\n")
    port = free_port()
    base = ["--data-dir", str(tmp_path / "data"), "--bolt-port", str(port),
            "--neo4j-password", PASSWORD, "db"]
    runner = CliRunner()
    missing = runner.invoke(app, [*base, "import", "--nodes", str(tmp_path / "nope.csv")],
                            env={"NEO4J_URI": ""})
    assert missing.exit_code == 1 and "no such file" in missing.output
    result = runner.invoke(
        app, [*base, "import", "--nodes", str(papers), "--relationships", str(cites)],
        env={"NEO4J_URI": ""},
    )
    try:
        assert result.exit_code == 0, result.output
        assert "imported 2 nodes, 1 relationships" in result.output
        with GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=("neo4j", PASSWORD)) as driver:
            cited = driver.execute_query(
                "MATCH (a:Paper)-[:CITES]->(b:Paper) RETURN a.id AS a, b.title AS t, "
                "b.authors AS authors"
            ).records
            constraints = driver.execute_query("SHOW CONSTRAINTS YIELD labelsOrTypes, properties")
        assert [(r["a"], r["t"], r["authors"]) for r in cited] == [
            ("w2", "Graphs, at scale", ["Ada", "Alan"])
        ]
        assert any(r["labelsOrTypes"] == ["Paper"] and r["properties"] == ["id"]
                   for r in constraints.records)
    finally:
        runner.invoke(app, [*base, "stop"], env={"NEO4J_URI": ""})
