"""The one class that owns the Neo4j driver: schema setup, batched writes, reads."""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from neo4j import Driver, GraphDatabase, ManagedTransaction, RoutingControl
from neo4j.exceptions import AuthError, ConfigurationError, Neo4jError, ServiceUnavailable

from graph import queries

Row = dict[str, Any]

# Test hook for the crash-safety test: SIGKILL this process after that many committed batches.
CRASH_AFTER_BATCHES_ENV = "CITEGRAPH_TEST_CRASH_AFTER_BATCHES"


def group_rows(rows: Sequence[Row], key: str) -> list[Row]:
    """Rows sharing ``key`` folded into one row holding a list per other field, in order."""
    grouped: dict[Any, Row] = {}
    for row in rows:
        group = grouped.setdefault(row[key], {key: row[key]})
        for field, value in row.items():
            if field != key:
                group.setdefault(field, []).append(value)
    return list(grouped.values())


class GraphStoreError(RuntimeError):
    """Neo4j could not be reached or refused a statement; the message says which."""


# the driver's connection errors span several lines and end with "(reason <the cause>)"
_REASON = re.compile(r"\(reason (.+)\)\s*$")


def unreachable(uri: str, error: Exception) -> GraphStoreError:
    """A one-line error naming the server and the cause of a failed connection."""
    found = _REASON.search(str(error))
    cause = found.group(1) if found else " ".join(str(error).split())
    return GraphStoreError(f"Neo4j at {uri} is not reachable: {cause}")


def batched(rows: Sequence[Row], size: int) -> Iterator[Sequence[Row]]:
    """Consecutive slices of ``rows`` of at most ``size`` rows."""
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


class GraphStore:
    """Neo4j access for citegraph: ``with GraphStore(uri, user, password) as store: ...``."""

    def __init__(
        self,
        uri: str,
        user: str,
        password: str,
        database: str = "neo4j",
        batch_size: int = 5000,
    ) -> None:
        self.uri = uri
        self.database = database
        self.batch_size = batch_size
        # "property does not exist yet" notifications are expected on a fresh graph
        try:
            self._driver: Driver = GraphDatabase.driver(
                uri, auth=(user, password), notifications_min_severity="OFF"
            )
        except (ConfigurationError, ValueError) as error:
            raise GraphStoreError(f"invalid Neo4j URI {uri!r}: {error}") from error
        self._batches_committed = 0
        crash_after = os.environ.get(CRASH_AFTER_BATCHES_ENV)
        self._crash_after = int(crash_after) if crash_after else None

    @property
    def batches_committed(self) -> int:
        """Write transactions committed through this store so far."""
        return self._batches_committed

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._driver.close()

    def check(self) -> None:
        """Raise ``GraphStoreError`` unless the server answers."""
        try:
            self._driver.verify_connectivity()
        except AuthError as error:
            raise GraphStoreError(
                f"Neo4j at {self.uri} refused the user or password (NEO4J_USER, NEO4J_PASSWORD): "
                f"{error.message}"
            ) from error
        except (ServiceUnavailable, Neo4jError, OSError, ValueError) as error:  # ValueError: DNS
            raise unreachable(self.uri, error) from error

    def ensure_schema(self) -> None:
        """Create every constraint and index (``IF NOT EXISTS``) and wait until they are online."""
        for statement in queries.SCHEMA:
            self.execute(statement)
        self.execute(queries.AWAIT_INDEXES)

    def clear(self, chunk: int = 10_000) -> None:
        """Delete every node and relationship (schema stays), in chunks."""
        while self.execute(queries.DELETE_ALL_BATCH, limit=chunk)[0]["deleted"]:
            pass

    def execute(self, query: str, **params: Any) -> list[Row]:
        """Run one auto-committed write (or schema) statement and return its records."""
        return self._run(query, params, RoutingControl.WRITE)

    def read(self, query: str, **params: Any) -> list[Row]:
        """Run one read statement and return its records as dicts."""
        return self._run(query, params, RoutingControl.READ)

    def _run(self, query: str, params: dict[str, Any], routing: RoutingControl) -> list[Row]:
        try:
            records, _, _ = self._driver.execute_query(
                query, params, database_=self.database, routing_=routing
            )
        except (ServiceUnavailable, OSError) as error:
            raise unreachable(self.uri, error) from error
        except Neo4jError as error:
            raise GraphStoreError(f"Neo4j refused a statement: {error.message}") from error
        # shallow: values stay as the driver decodes them (a deep ``record.data()`` walks every
        # element of every list, which dominates reading 10k embeddings); return maps with
        # ``properties(n)`` rather than nodes.
        return [dict(record.items()) for record in records]

    def write_batches(self, query: str, rows: Sequence[Row], batch_size: int | None = None) -> int:
        """Run ``query`` over ``rows`` in batches, one transaction each; return the batch count."""
        size = batch_size or self.batch_size
        return self.write_transactions([(query, part)] for part in batched(rows, size))

    def write_transactions(
        self, transactions: Iterable[Sequence[tuple[str, Sequence[Row]]]]
    ) -> int:
        """Run each item's statements (each with its own ``$rows``) in one transaction.

        This is how replace semantics stay crash-safe: e.g. deleting a paper's old mentions and
        creating the new ones commit together or not at all.
        """
        done = 0
        for steps in transactions:
            self._write_transaction(list(steps))
            done += 1
        return done

    def _write_transaction(self, parts: list[tuple[str, Sequence[Row]]]) -> None:
        def work(tx: ManagedTransaction) -> None:
            for query, part_rows in parts:
                if part_rows:
                    tx.run(query, rows=list(part_rows)).consume()

        try:
            with self._driver.session(database=self.database) as session:
                session.execute_write(work)
        except (ServiceUnavailable, OSError) as error:
            raise unreachable(self.uri, error) from error
        except Neo4jError as error:
            raise GraphStoreError(f"Neo4j refused a write: {error.message}") from error
        self._batches_committed += 1
        if self._crash_after is not None and self._batches_committed >= self._crash_after:
            os.kill(os.getpid(), signal.SIGKILL)
