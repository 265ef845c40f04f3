"""The one class that owns the Neo4j driver: schema setup, batched writes, reads."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from typing import Any

from neo4j import Bookmarks, Driver, GraphDatabase, ManagedTransaction, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph import queries
from graph.schema import EMBEDDING_DIM

log = logging.getLogger(__name__)

Row = dict[str, Any]
# one write transaction: statements, each run over its own ``$rows``
Transaction = Sequence[tuple[str, Sequence[Row]]]

# A lost connection (server stopped, network gone) is retried this long before failing: enough
# for a blip or a deadlock retry, short enough that a build under a stopped server ends promptly.
RETRY_SECONDS = 5.0
# The connection errors: the server is gone, or went away in the middle of a transaction.
CONNECTION_ERRORS = (ServiceUnavailable, SessionExpired, OSError)
STREAM_FETCH = 5_000  # records per network round trip of ``stream``


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


class GraphUnavailableError(GraphStoreError):
    """Neo4j is not reachable (not started, stopped, or the connection was lost)."""


# the driver's connection errors span several lines and end with "(reason <the cause>)"
_REASON = re.compile(r"\(reason (.+)\)\s*$")


def unreachable(uri: str, error: Exception) -> GraphUnavailableError:
    """A one-line error naming the server and the cause of a failed connection."""
    found = _REASON.search(str(error))
    cause = found.group(1) if found else " ".join(str(error).split())
    return GraphUnavailableError(f"Neo4j at {uri} is not reachable: {cause}")


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
        workers: int = 2,
        retry_seconds: float = RETRY_SECONDS,
        bookmarks: Sequence[str] = (),
        **driver_options: Any,
    ) -> None:
        """``driver_options`` go to the Neo4j driver as they are (timeouts, pool size);
        ``bookmarks``: reads wait until the server serving them has these writes (another
        process's, see ``connection_args``). In a cluster reads go to readers, writes to the
        leader, and every read of this store sees its own earlier writes."""
        self.uri = uri
        self.user = user
        self.database = database
        self._auth = (user, password)
        self.batch_size = batch_size
        self.workers = max(1, workers)  # concurrent transactions in ``write_transactions``
        # "property does not exist yet" notifications are expected on a fresh graph
        try:
            self._driver: Driver = GraphDatabase.driver(
                uri,
                auth=(user, password),
                notifications_min_severity="OFF",
                max_transaction_retry_time=retry_seconds,
                **driver_options,
            )
        except (ConfigurationError, ValueError) as error:
            raise GraphStoreError(f"invalid Neo4j URI {uri!r}: {error}") from error
        # one causal chain for reads and writes: a reader replica serves a read only once it
        # has applied the writes before it
        self._bookmarks = GraphDatabase.bookmark_manager(
            initial_bookmarks=Bookmarks.from_raw_values(bookmarks) if bookmarks else None
        )
        self._batches_committed = 0
        self._commit_lock = threading.Lock()

    @property
    def driver(self) -> Driver:
        """The driver, for the one caller that needs its own session settings: read-only
        Cypher with a server-side timeout (``POST /cypher``)."""
        return self._driver

    def connection_args(self) -> dict[str, Any]:
        """What another process needs to open the same store, ``GraphStore(**args)``, and to
        read everything this one has written so far (its bookmarks)."""
        user, password = self._auth
        bookmarks = sorted(self._bookmarks.get_bookmarks())
        return {"uri": self.uri, "user": user, "password": password, "database": self.database,
                "bookmarks": bookmarks}

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
        except (*CONNECTION_ERRORS, Neo4jError, ValueError) as error:  # ValueError: DNS
            raise unreachable(self.uri, error) from error

    def ensure_schema(self, embedding_dim: int = EMBEDDING_DIM) -> None:
        """Create every constraint and index (``IF NOT EXISTS``) and wait until they are online;
        the paper vector index for vectors of ``embedding_dim``."""
        for statement in queries.SCHEMA:
            self.execute(statement)
        self.ensure_vector_index(embedding_dim)

    def ensure_vector_index(self, dimension: int) -> None:
        """Make the paper vector index index vectors of ``dimension``: created when missing,
        dropped and created again when it was made for another length (another embedding
        backend); waits until it is online."""
        found = self.read(queries.PAPER_VECTOR_DIMENSION)
        replaced = bool(found) and found[0]["dimension"] != dimension
        if replaced:
            log.warning(
                "the paper vector index was made for %s-d vectors; re-creating it for %s-d "
                "(the embedding backend changed: every paper is embedded again)",
                found[0]["dimension"], dimension,
            )
            self.execute(queries.DROP_PAPER_VECTOR_INDEX)
        if replaced or not found:
            self.execute(queries.create_paper_vector_index(dimension))
        self.execute(queries.AWAIT_INDEXES)

    def clear(self, chunk: int = 1_000) -> None:
        """Delete every node and relationship (schema stays), in chunks.

        Chunks are counted in nodes; each takes its relationships along, so they stay small
        enough for the server's transaction memory limit on densely linked graphs.
        """
        while self.execute(queries.DELETE_ALL_BATCH, limit=chunk)[0]["deleted"]:
            pass

    def execute(self, query: str, **params: Any) -> list[Row]:
        """Run one auto-committed write (or schema) statement and return its records."""
        return self._run(query, params, RoutingControl.WRITE)

    def read(self, query: str, **params: Any) -> list[Row]:
        """Run one read statement and return its records as dicts."""
        return self._run(query, params, RoutingControl.READ)

    def stream(self, query: str, **params: Any) -> Iterator[Row]:
        """A read's records one by one, as the server sends them, for results too large to
        hold as a list (every mention pair, every link of the graph). The read runs in one
        read transaction that stays open until the iterator is finished or closed; it is not
        retried once records have been handed out."""
        try:
            with self._driver.session(
                database=self.database, bookmark_manager=self._bookmarks,
                default_access_mode="READ", fetch_size=STREAM_FETCH,
            ) as session:
                with session.begin_transaction() as tx:
                    for record in tx.run(query, params):
                        yield dict(record.items())
        except CONNECTION_ERRORS as error:
            raise unreachable(self.uri, error) from error
        except Neo4jError as error:
            raise GraphStoreError(f"Neo4j refused a statement: {error.message}") from error

    def rows(self, query: str, **params: Any) -> list[Row]:
        """A read's records as plain dicts, driver errors raised as they are: the API's error
        handlers turn them into its error shape (503 while Neo4j is away)."""
        records, _, _ = self._driver.execute_query(
            query, params, database_=self.database, routing_=RoutingControl.READ
        )
        return [record.data() for record in records]

    def one(self, query: str, **params: Any) -> Row | None:
        """The first row of ``rows``, or None when the read matched nothing."""
        found = self.rows(query, **params)
        return found[0] if found else None

    def _run(self, query: str, params: dict[str, Any], routing: RoutingControl) -> list[Row]:
        try:
            records, _, _ = self._driver.execute_query(
                query, params, database_=self.database, routing_=routing,
                bookmark_manager_=self._bookmarks,
            )
        except CONNECTION_ERRORS as error:
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
        self, transactions: Iterable[Transaction], concurrent: bool = False
    ) -> int:
        """Run each item's statements (each with its own ``$rows``) in one transaction.

        This is how replace semantics stay crash-safe: e.g. deleting a paper's old mentions and
        creating the new ones commit together or not at all. ``concurrent=True`` runs up to
        ``workers`` transactions at once (the server then uses more than one core); only for
        transactions that do not depend on each other's order, such as replacing the outgoing
        links of disjoint sets of papers. The first failure stops the rest and is raised.
        """
        if not concurrent or self.workers == 1:
            done = 0
            for steps in transactions:
                self._write_transaction(list(steps))
                done += 1
            return done
        return self._write_concurrently(transactions)

    def _write_concurrently(self, transactions: Iterable[Transaction]) -> int:
        done = 0
        with ThreadPoolExecutor(self.workers, thread_name_prefix="citegraph-write") as pool:
            running: set[Future[None]] = set()
            for steps in transactions:
                if len(running) >= 2 * self.workers:  # keep memory bounded: a few queued
                    finished, running = wait(running, return_when=FIRST_EXCEPTION)
                    done += _count_or_raise(finished, running)
                running.add(pool.submit(self._write_transaction, list(steps)))
            finished, running = wait(running, return_when=FIRST_EXCEPTION)
            done += _count_or_raise(finished, running)
        return done

    def _write_transaction(self, parts: list[tuple[str, Sequence[Row]]]) -> None:
        def work(tx: ManagedTransaction) -> None:
            for query, part_rows in parts:
                if part_rows:
                    tx.run(query, rows=list(part_rows)).consume()

        try:
            with self._driver.session(
                database=self.database, bookmark_manager=self._bookmarks
            ) as session:
                session.execute_write(work)
        except CONNECTION_ERRORS as error:
            raise unreachable(self.uri, error) from error
        except Neo4jError as error:
            raise GraphStoreError(f"Neo4j refused a write: {error.message}") from error
        with self._commit_lock:
            self._batches_committed += 1


def _count_or_raise(finished: set[Future[None]], running: set[Future[None]]) -> int:
    """How many of ``finished`` committed; on a failure cancel what waits and raise it."""
    for future in finished:
        if future.exception() is not None:
            for pending in running:
                pending.cancel()
            wait(running)
            raise future.exception()  # type: ignore[misc]
    return len(finished)
