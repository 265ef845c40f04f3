"""POST /cypher: writes and administration are refused and change nothing; reads work."""

from __future__ import annotations

from typing import Any

import pytest
from api_builders import assert_error
from fastapi.testclient import TestClient
from neo4j import GraphDatabase
from neo4j.exceptions import ClientError

from api.cypher_runner import CypherRunner
from api.settings import Settings

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
pytest_plugins = ["api_builders"]  # seed_graph, client

WRITES_AND_ADMIN = [
    "CREATE (n:Hacked {x: 1})",
    "create (n:Hacked)",
    "MATCH (p:Paper) SET p.title = 'pwned'",
    "MATCH (p:Paper) sEt p:Hacked",
    "MATCH (p:Paper) WITH p LIMIT 1 DETACH DELETE p",
    "MATCH ()-[r:MENTIONS]->() DELETE r",
    "MATCH (p:Paper) REMOVE p.title",
    "MERGE (n:Hacked {id: 'x'})",
    "MATCH (p:Paper) /* harmless? */ SET p.x = 1",
    "MATCH (p:Paper) // comment\nSET p.x = 1",
    "MATCH (p:Paper) CALL (p) { SET p.x = 1 } RETURN count(*)",
    "MATCH (p:Paper) CALL { WITH p DETACH DELETE p } RETURN 1",
    "MATCH (p:Paper) CALL (p) { DELETE p } IN TRANSACTIONS OF 10 ROWS",
    "FOREACH (i IN range(1, 3) | CREATE (:Hacked {i: i}))",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "load csv with headers from 'http://example.com/x.csv' AS row CREATE (:Hacked)",
    "CREATE INDEX hacked IF NOT EXISTS FOR (n:Paper) ON (n.x)",
    "DROP INDEX paper_text",
    "DROP CONSTRAINT paper_id",
    "CREATE CONSTRAINT hacked FOR (n:Hacked) REQUIRE n.id IS UNIQUE",
    "CALL db.createLabel('Hacked')",
    "CALL db.createProperty('hacked')",
    "CALL `db`.`createRelationshipType`('HACKED')",
    "CALL db.index.fulltext.drop('paper_text')",
    "CALL db.clearQueryCaches()",
    "CALL dbms.setConfigValue('db.logs.query.enabled', 'off')",
    "CALL dbms.killTransactions(['neo4j-transaction-1'])",
    "CALL apoc.create.node(['Hacked'], {})",
    "RETURN apoc.cypher.runFirstColumnSingle('CREATE (n) RETURN n', {})",
    "CALL db.create.setNodeVectorProperty(null, 'embedding', [1.0])",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "SHOW USERS",
    "show databases",
    "USE system CREATE USER mallory SET PASSWORD 'secret123'",
    "CREATE DATABASE hacked",
    "ALTER USER neo4j SET PASSWORD 'changed123'",
    "GRANT ROLE admin TO mallory",
    "REVOKE ROLE admin FROM neo4j",
    "DENY READ {*} ON GRAPH * TO PUBLIC",
    "STOP DATABASE neo4j",
    "MATCH (n) RETURN n; MATCH (m) DETACH DELETE m",
    "MATCH (p:Paper) WITH p OPTIONAL MATCH (p)-[:MENTIONS]->(e) MeRgE (e)-[:HACKED]->(p)",
    "INSERT (:Hacked {x: 1})",
    "MATCH (p:Paper)\n\tSET\n\tp.x = 1",
]
STATE = """
MATCH (n) WITH count(n) AS nodes
MATCH ()-[r]->() WITH nodes, count(r) AS rels
MATCH (p:Paper) WITH nodes, rels, count(p.x) AS marked, collect(p.title)[..50] AS titles
CALL db.labels() YIELD label WITH nodes, rels, marked, titles, collect(label) AS labels
RETURN nodes, rels, marked, titles, labels
"""


def _state(store_config: dict[str, str]) -> dict[str, Any]:
    with GraphDatabase.driver(
        store_config["uri"], auth=(store_config["user"], store_config["password"])
    ) as driver:
        records, _, _ = driver.execute_query(STATE, database_=store_config["database"])
        indexes, _, _ = driver.execute_query(
            "SHOW INDEXES YIELD name RETURN collect(name) AS names",
            database_=store_config["database"],
        )
        users, _, _ = driver.execute_query(
            "SHOW USERS YIELD user RETURN collect(user) AS users", database_="system"
        )
    return {**records[0].data(), "indexes": sorted(indexes[0]["names"]), "users": users[0]["users"]}


def test_writes_and_admin_are_refused_and_change_nothing(
    client: TestClient, store_config: dict[str, str]
) -> None:
    assert len(WRITES_AND_ADMIN) >= 30
    before = _state(store_config)
    for query in WRITES_AND_ADMIN:
        error = assert_error(client.post("/cypher", json={"query": query}), 400)
        assert error["code"] == "cypher_refused", query
        assert "not allowed" in error["message"] or "one statement" in error["message"], query
    assert _state(store_config) == before


def test_read_transaction_refuses_writes_the_guard_would_miss(
    neo4j_settings: Settings, store_config: dict[str, str]
) -> None:
    before = _state(store_config)
    with GraphDatabase.driver(
        store_config["uri"], auth=(store_config["user"], store_config["password"])
    ) as driver:
        for query in (
            "CREATE (n:Hacked)",
            "MATCH (p:Paper) SET p.x = 1",
            "CALL db.createLabel('Hacked')",
        ):
            with pytest.raises(ClientError):
                runner = CypherRunner(driver, store_config["database"], 5.0, 1)
                runner.run(query, {}, 10, 100_000)
    assert _state(store_config) == before


def test_reads_with_parameters_and_graph_values(client: TestClient, seed_graph: list[Any]) -> None:
    paper = seed_graph[0]
    body = client.post(
        "/cypher",
        json={
            "query": "MATCH path = (p:Paper {id: $id})-[m:MENTIONS]->(e) "
            "RETURN p, m, e.name AS name, path LIMIT 1",
            "params": {"id": paper.id},
        },
    ).json()
    assert body["columns"] == ["p", "m", "name", "path"] and body["row_count"] == 1
    node, rel, _, path = body["rows"][0]
    assert (
        node["kind"] == "node"
        and "Paper" in node["labels"]
        and node["properties"]["id"] == paper.id
    )
    assert (
        rel["kind"] == "relationship"
        and rel["type"] == "MENTIONS"
        and rel["start"] == node["element_id"]
    )
    assert path["kind"] == "path" and len(path["nodes"]) == 2 and len(path["relationships"]) == 1


def test_allowed_procedures_comments_and_strings(client: TestClient) -> None:
    labels = client.post(
        "/cypher", json={"query": "CALL db.labels() YIELD label RETURN label ORDER BY label"}
    )
    assert labels.status_code == 200 and ["Paper"] in labels.json()["rows"]
    tricky = client.post(
        "/cypher",
        json={
            "query": "// CREATE nothing\nMATCH (p:Paper) WHERE p.title <> 'DELETE me; SET x' "
            "RETURN count(p) AS n /* MERGE */",
        },
    )
    assert tricky.status_code == 200, tricky.text
    search = client.post(
        "/cypher",
        json={
            "query": "CALL db.index.fulltext.queryNodes('paper_text', $q) YIELD node "
            "RETURN node.id LIMIT 3",
            "params": {"q": "transformer"},
        },
    )
    assert search.status_code == 200 and search.json()["row_count"] == 3


def test_row_cap_and_errors(client: TestClient) -> None:
    capped = client.post(
        "/cypher", json={"query": "UNWIND range(1, 5000) AS x RETURN x", "limit": 10}
    ).json()
    assert capped["row_count"] == 10 and capped["truncated"] is True
    server_cap = client.post(
        "/cypher", json={"query": "UNWIND range(1, 5000) AS x RETURN x"}
    ).json()
    assert server_cap["row_count"] == Settings().cypher_max_rows and server_cap["truncated"]
    assert (
        assert_error(client.post("/cypher", json={"query": "MATCH (n RETURN n"}), 400)["code"]
        == "cypher_error"
    )
    assert_error(client.post("/cypher", json={"query": ""}), 422)
    assert_error(client.post("/cypher", json={"params": {}}), 422)


def test_server_side_timeout(neo4j_settings: Settings, seed_graph: list[Any]) -> None:
    from api.app import create_app

    settings = neo4j_settings.model_copy(update={"cypher_timeout_s": 0.5})
    with TestClient(create_app(settings)) as short:
        slow = "UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(*)"
        error = assert_error(short.post("/cypher", json={"query": slow}), 408)
        assert error["code"] == "cypher_timeout"
