"""The store fails loudly: an unreachable Neo4j raises GraphStoreError naming the server."""

from __future__ import annotations

import pytest

from graph import queries
from graph.server import free_port
from graph.store import GraphStore, GraphStoreError


def test_unreachable_database_raises_a_clear_error() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"  # nothing listens there
    with GraphStore(uri, "neo4j", "whatever-password") as store:
        with pytest.raises(GraphStoreError, match="not reachable") as raised:
            store.check()
        assert str(raised.value).endswith("Connection refused")  # one line, the cause last
        assert "\n" not in str(raised.value)
        with pytest.raises(GraphStoreError, match=uri.split("//")[1]):
            store.write_batches(queries.WRITE_PAPERS, [{"id": "p"}])


def test_invalid_uri_raises_a_clear_error() -> None:
    with pytest.raises(GraphStoreError, match="invalid Neo4j URI 'foo://x'"):
        GraphStore("foo://x", "neo4j", "whatever-password")


@pytest.mark.neo4j
def test_refused_statement_raises_with_the_server_message(empty_db: dict[str, str]) -> None:
    with GraphStore(**empty_db) as store:
        with pytest.raises(GraphStoreError, match="refused"):
            store.read("MATCH (p:Paper) RETURN p.id AS id ORDER BY")


@pytest.mark.neo4j
def test_stream_hands_out_a_large_result_in_order_and_fails_loudly(
    empty_db: dict[str, str],
) -> None:
    # more records than one fetch, so the stream pulls several batches from the server
    query = "UNWIND range(1, $n) AS i RETURN i AS n, 'p' + toString(i) AS id"
    with GraphStore(**empty_db) as store:
        streamed = store.stream(query, n=12_345)
        assert next(streamed) == {"n": 1, "id": "p1"}  # rows come before the read is over
        rest = list(streamed)
        assert [row["n"] for row in rest] == list(range(2, 12_346))
        assert rest == store.read(query, n=12_345)[1:]
        with pytest.raises(GraphStoreError, match="refused"):
            list(store.stream("MATCH (p:Paper) RETURN p.id AS id ORDER BY"))
        with pytest.raises(GraphStoreError, match="refused"):  # a write is refused in a read
            list(store.stream("CREATE (p:Paper {id: 'x'}) RETURN p.id AS id"))
