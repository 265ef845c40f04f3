"""API pieces that need no database: the Cypher guard, cursors, the error shape when Neo4j is
unreachable, API keys, and the page shown when the explorer is not built."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from api_builders import assert_error
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app, mount_docs, mount_explorer
from api.cache import ResponseCache
from api.cypher_guard import CypherRefused, check_read_only
from api.errors import ApiError
from api.pagination import decode_cursor, encode_cursor
from api.routers.papers import lucene_terms
from api.settings import Settings

READS = [
    "MATCH (p:Paper) RETURN p.title LIMIT 5",
    "match (p:Paper) where p.title contains 'CREATE' return p.set, p.`delete`",
    "MATCH (n:Create) RETURN n",
    "RETURN {create: 1, set: 2} AS map",
    "MATCH (p) RETURN p // DELETE everything\n",
    "MATCH (p) /* MERGE */ RETURN count(p)",
    'RETURN "it\'s a \\"SET\\" ; DROP"',
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.index.vector.queryNodes('paper_embedding', 5, $v) YIELD node RETURN node",
    "MATCH (p:Paper) CALL (p) { MATCH (p)-->(e) RETURN count(e) AS n } RETURN p.id, n",
    "EXPLAIN MATCH (n) RETURN n",
    "RETURN 1;",
]
REFUSED = {
    "CREATE (n)": "CREATE",
    "MATCH (n) DETACH DELETE n": "DETACH",
    "CRE/**/ATE (n)": None,  # not a keyword for Neo4j either; it just fails to parse
    "CALL `db`.`createLabel`('X')": "db.createLabel",
    "CALL db . createLabel('X')": "db.createLabel",
    "OPTIONAL CALL dbms.killQueries([])": "dbms.killQueries",
    "MATCH (n) RETURN n; CREATE (m)": "one statement",
    "RETURN 'unterminated": "unterminated string",
    "MATCH (n) /* never closed": "unterminated /*",
    "RETURN apoc.create.uuid()": "apoc.create.uuid",
    "SHOW INDEXES": "SHOW",
    "USE system MATCH (n) RETURN n": "USE",
    "   ": "empty",
}


@pytest.mark.parametrize("query", READS)
def test_guard_lets_reads_through(query: str) -> None:
    check_read_only(query)


@pytest.mark.parametrize("query,reason", REFUSED.items())
def test_guard_refuses_with_a_reason(query: str, reason: str | None) -> None:
    if reason is None:
        check_read_only(query)  # harmless: Neo4j sees two identifiers, not CREATE
        return
    with pytest.raises(CypherRefused, match=reason):
        check_read_only(query)


def test_cursors_round_trip_and_reject_tampering() -> None:
    cursor = encode_cursor(2.5, "arxiv:1234/5")
    decoded = decode_cursor(cursor)
    assert decoded is not None and (decoded.key, decoded.id) == (2.5, "arxiv:1234/5")
    assert decode_cursor(None) is None
    for bad in ("%%%", "e30", encode_cursor(1.0, "x")[:-3] + "!!", "WyJ4IiwxXQ"):
        with pytest.raises(ApiError) as raised:
            decode_cursor(bad)
        assert raised.value.status == 422


def test_lucene_operators_are_escaped() -> None:
    assert lucene_terms("BERT AND (SQuAD") == "BERT and \\(SQuAD"
    assert lucene_terms("NOT") == "not"
    assert lucene_terms("  title:x*  ") == "title\\:x\\*"
    assert lucene_terms("   ") == ""


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_neo4j_is_503_with_retry_hint() -> None:
    settings = Settings(neo4j_uri=f"bolt://127.0.0.1:{_closed_port()}", neo4j_password="x")
    with TestClient(create_app(settings)) as client:
        for path in (
            "/health",
            "/stats",
            "/papers",
            "/papers/x",
            "/entities",
            "/graph/subgraph?paper=x",
        ):
            response = client.get(path)
            error = assert_error(response, 503)
            assert error["code"] == "neo4j_unavailable" and error["retry_after"] > 0
            assert response.headers["Retry-After"] == str(error["retry_after"])
        cypher = client.post("/cypher", json={"query": "MATCH (n) RETURN count(n)"})
        assert_error(cypher, 503)


def test_write_endpoints_need_the_configured_key() -> None:
    port = _closed_port()
    paper = {"id": "p1", "title": "T", "abstract": "A"}
    with TestClient(create_app(Settings(neo4j_uri=f"bolt://127.0.0.1:{port}"))) as client:
        assert assert_error(client.post("/papers", json=paper), 403)["code"] == "writes_disabled"
    settings = Settings(neo4j_uri=f"bolt://127.0.0.1:{port}", api_key="s3cret")
    with TestClient(create_app(settings)) as client:
        assert_error(client.post("/papers", json=paper), 401)
        assert_error(client.post("/papers", json=paper, headers={"X-API-Key": "wrong"}), 401)
        assert client.get("/health").status_code == 503  # reads stay open (Neo4j is just away)
    protected = settings.model_copy(update={"api_protect_reads": True})
    with TestClient(create_app(protected)) as client:
        assert_error(client.get("/papers"), 401)
        assert_error(client.get("/papers", headers={"X-API-Key": "s3cret"}), 503)


def test_explorer_page_says_how_to_build_when_missing(tmp_path: Path) -> None:
    app = FastAPI()
    mount_explorer(app, tmp_path / "dist")
    response = TestClient(app).get("/")
    assert response.status_code == 503 and "npm --prefix api/explorer" in response.text
    (tmp_path / "dist" / "assets").mkdir(parents=True)
    (tmp_path / "dist" / "index.html").write_text("<html>explorer</html>")
    (tmp_path / "dist" / "assets" / "explorer.js").write_text("console.log(1)")
    app = FastAPI()
    mount_explorer(app, tmp_path / "dist")
    client = TestClient(app)
    assert client.get("/").text == "<html>explorer</html>"
    assert client.get("/assets/explorer.js").status_code == 200


def test_docs_use_local_swagger_assets_when_built(tmp_path: Path) -> None:
    swagger = tmp_path / "dist" / "assets" / "swagger"
    app = FastAPI(docs_url=None)
    mount_docs(app, swagger)  # not built: FastAPI's CDN page, which still names the schema
    page = TestClient(app).get("/docs")
    assert page.status_code == 200 and "/openapi.json" in page.text
    assert "/assets/swagger/" not in page.text
    swagger.mkdir(parents=True)
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"):
        (swagger / name).write_text("x")
    app = FastAPI(docs_url=None)
    mount_explorer(app, tmp_path / "dist")
    mount_docs(app, swagger)
    client = TestClient(app)
    page = client.get("/docs").text
    assert "/assets/swagger/swagger-ui-bundle.js" in page and "cdn.jsdelivr" not in page
    assert client.get("/assets/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/docs/oauth2-redirect").status_code == 200


def test_openapi_lists_every_route() -> None:
    paths = create_app(Settings()).openapi()["paths"]
    for path in (
        "/health",
        "/stats",
        "/papers",
        "/papers/{paper_id}",
        "/papers/{paper_id}/similar",
        "/papers/{paper_id}/related",
        "/papers/{paper_id}/predicted",
        "/entities",
        "/entities/{entity_id}",
        "/entities/{entity_id}/papers",
        "/search",
        "/graph/subgraph",
        "/cypher",
    ):
        assert path in paths
    assert "post" in paths["/papers"] and "post" in paths["/cypher"]


def test_response_cache_expires_evicts_and_clears(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr("api.cache.time.monotonic", lambda: now[0])
    cache = ResponseCache(ttl=10, max_entries=2)
    cache.put("a", b"1")
    cache.put("b", b"2")
    assert cache.get("a") == b"1"
    cache.put("c", b"3")  # evicts the least recently used: b
    assert cache.get("b") is None and cache.get("c") == b"3"
    now[0] += 11
    assert cache.get("a") is None
    cache.put("d", b"4")
    cache.clear()
    assert cache.get("d") is None
    off = ResponseCache(ttl=0)
    off.put("a", b"1")
    assert off.get("a") is None


def test_search_without_an_embedding_model_is_a_clear_503() -> None:
    def missing_model() -> None:
        raise FileNotFoundError("no all-MiniLM-L6-v2 weights")

    settings = Settings(neo4j_uri=f"bolt://127.0.0.1:{_closed_port()}")
    with TestClient(create_app(settings, embedder_factory=missing_model)) as client:
        error = assert_error(client.get("/search", params={"q": "graph neural networks"}), 503)
        assert error["code"] == "embedder_unavailable" and "MiniLM" in error["detail"]


@pytest.mark.neo4j
def test_wrong_neo4j_password_is_a_503_that_says_so(store_config: dict[str, str]) -> None:
    settings = Settings(neo4j_uri=store_config["uri"], neo4j_password="not-the-password")
    with TestClient(create_app(settings)) as client:
        error = assert_error(client.get("/papers"), 503)
        assert error["code"] == "neo4j_auth_failed" and "NEO4J_PASSWORD" in error["message"]


def test_missing_vector_index_says_which_command_creates_it() -> None:
    from api.errors import error_response, vector_index_unavailable

    response = error_response(vector_index_unavailable(RuntimeError("no such index")))
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    body = response.body.decode()
    assert "index_unavailable" in body and "citegraph link" in body and "no such index" in body
