"""Faults injected into a child process by the tests, never by the code under test.

``kill_after_commits(n)`` makes every ``GraphStore`` of the calling process SIGKILL it as soon
as one store has committed ``n`` write transactions: the crash-safety tests run a build in a
child process with this installed and check that a re-run repairs whatever the kill cut short.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Sequence

from graph.store import GraphStore, Row


def kill_after_commits(batches: int) -> None:
    """SIGKILL this process right after the ``batches``-th committed write transaction."""
    commit = GraphStore._write_transaction

    def commit_then_die(store: GraphStore, parts: list[tuple[str, Sequence[Row]]]) -> None:
        commit(store, parts)
        if store.batches_committed >= batches:
            os.kill(os.getpid(), signal.SIGKILL)

    GraphStore._write_transaction = commit_then_die  # type: ignore[method-assign]
