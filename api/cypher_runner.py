"""User Cypher under hard bounds: a deadline, a cap on queries at once, rows and bytes.

Neo4j enforces the transaction timeout only where a query checks for it; a single expression
(``reduce`` over a huge list) never does. So each query runs on a worker thread and the
request waits at most ``timeout + GRACE_S``: past that it answers 408 and terminates the
transaction by its metadata. A worker keeps its slot until Neo4j lets it go, so queries the
server cannot stop never outnumber the cap; beyond the cap requests get 429.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, Literal

from neo4j import READ_ACCESS, Driver
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

from api import queries
from api.errors import ApiError
from api.graph_json import to_json
from api.responses import CypherResult

log = logging.getLogger(__name__)
GRACE_S = 1.0  # after the server-side timeout, before the API gives up on its own
# What the bounds are for: one query for each thing a user's Cypher can exhaust (paths,
# pairs, rows, a sort, memory). The bounds test and the abuse benchmark send them all.
RUNAWAY_QUERIES = (
    "MATCH p = ()-[*0..]->() RETURN p",
    "MATCH p = ()-[*]-() RETURN count(p)",
    "MATCH (a), (b) WHERE a <> b MATCH p = shortestPath((a)-[*]-(b)) RETURN count(p)",
    "UNWIND range(1, 100000000) AS x RETURN count(x)",
    "UNWIND range(1, 1000000000) AS x WITH x ORDER BY x DESC RETURN x LIMIT 1",
    "MATCH (a), (b), (c) RETURN count(*)",
    "MATCH (a), (b) RETURN size(collect([a, b]))",
)


def uninterruptible_query(n: int) -> str:
    """One expression Neo4j checks no timeout inside, quadratic in ``n`` (about 1 s at 30,000
    on a quiet machine, ~10 s at 100,000): the API's own deadline must answer for it."""
    return f"WITH reduce(s = '', x IN range(1, {n}) | s + 'xxxxxxxxxx') AS s RETURN size(s)"
REQUEST_KEY = "citegraph_cypher_request"  # transaction metadata naming the API request


class CypherRunner:
    """Runs read-only user Cypher on ``driver`` within ``timeout_s``, ``max_concurrent`` at once."""

    def __init__(
        self, driver: Driver, database: str, timeout_s: float, max_concurrent: int
    ) -> None:
        self.driver, self.database = driver, database
        self.timeout_s, self.max_concurrent = timeout_s, max_concurrent
        self._lock = threading.Lock()
        self._running = 0  # queries whose worker has not ended, cut off ones included

    def run(self, text: str, params: dict[str, Any], max_rows: int, max_bytes: int) -> CypherResult:
        """The query's result, or ApiError 429 (too many at once) / 408 (past the deadline)."""
        if not self._take_slot():
            raise ApiError(
                429,
                f"too many Cypher queries at once (at most {self.max_concurrent}); retry shortly",
                code="cypher_busy",
                detail={"max_concurrent": self.max_concurrent},
                retry_after=1,
            )
        request = uuid.uuid4().hex
        outcome: Future[CypherResult] = Future()
        worker = threading.Thread(
            target=self._work,
            args=(outcome, request, text, params, max_rows, max_bytes),
            name=f"citegraph-cypher-{request[:8]}",
            daemon=True,
        )
        worker.start()
        try:
            return outcome.result(timeout=self.timeout_s + GRACE_S)
        except FutureTimeout:
            threading.Thread(target=self._terminate, args=(request,), daemon=True).start()
            raise timed_out(self.timeout_s, "the server did not stop it in time") from None

    @property
    def running(self) -> int:
        """Queries running now, those the API gave up on but Neo4j still runs included."""
        return self._running

    def _take_slot(self) -> bool:
        with self._lock:
            if self._running >= self.max_concurrent:
                return False
            self._running += 1
            return True

    def _work(
        self,
        outcome: Future[CypherResult],
        request: str,
        text: str,
        params: dict[str, Any],
        max_rows: int,
        max_bytes: int,
    ) -> None:
        try:
            result = self._read(request, text, params, max_rows, max_bytes)
        except BaseException as exc:  # handed to the waiting request, which raises it
            self._end()
            outcome.set_exception(exc)
        else:
            self._end()
            outcome.set_result(result)

    def _end(self) -> None:
        """Free the slot before the answer goes out, so a client's next query finds it free."""
        with self._lock:
            self._running -= 1

    def _read(
        self, request: str, text: str, params: dict[str, Any], max_rows: int, max_bytes: int
    ) -> CypherResult:
        started = time.perf_counter()
        rows: list[list[Any]] = []
        size = 0
        cut: Literal["rows", "bytes"] | None = None
        with self.driver.session(database=self.database, default_access_mode=READ_ACCESS) as s:
            metadata = {REQUEST_KEY: request}
            with s.begin_transaction(timeout=self.timeout_s, metadata=metadata) as tx:
                result = tx.run(text, params)
                columns = list(result.keys())
                for record in result:
                    if len(rows) >= max_rows:
                        cut = "rows"
                        break
                    row = [to_json(value) for value in record.values()]
                    size += len(json.dumps(row, default=str))
                    if size > max_bytes:
                        cut = "bytes"
                        break
                    rows.append(row)
                tx.rollback()  # nothing to keep, and nothing was written
        elapsed = round((time.perf_counter() - started) * 1000, 2)
        return CypherResult(
            columns=columns,
            rows=rows,
            row_count=len(rows),
            truncated=cut is not None,
            truncated_by=cut,
            elapsed_ms=elapsed,
        )

    def _terminate(self, request: str) -> None:
        """Ask Neo4j to stop the transaction of ``request`` (best effort: it may have ended)."""
        try:
            records, _, _ = self.driver.execute_query(
                queries.FIND_TRANSACTIONS, key=REQUEST_KEY, request=request, database_=self.database
            )
            ids = records[0]["ids"] if records else []
            if ids:
                terminate = queries.TERMINATE_TRANSACTIONS
                self.driver.execute_query(terminate, ids=ids, database_=self.database)
                log.warning("terminated Cypher transaction(s) %s past the deadline", ids)
        except (Neo4jError, ServiceUnavailable, SessionExpired, OSError) as exc:
            log.warning("could not terminate a Cypher transaction past the deadline: %s", exc)


def timed_out(timeout_s: float, detail: str) -> ApiError:
    """408 for a query cut off at the timeout."""
    return ApiError(
        408,
        f"the query ran past the {timeout_s:g} s timeout and was stopped",
        code="cypher_timeout",
        detail=detail,
    )
