"""Faults injected into a child process by the tests, never by the code under test.

``kill_after_commits(n)`` makes every ``GraphStore`` of the calling process SIGKILL it as soon
as one store has committed ``n`` write transactions: the crash-safety tests run a build in a
child process with this installed and check that a re-run repairs whatever the kill cut short.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from graph.store import GraphStore, Row


def kill_after_commits(batches: int) -> None:
    """SIGKILL this process right after the ``batches``-th committed write transaction."""
    commit = GraphStore._write_transaction

    def commit_then_die(store: GraphStore, parts: list[tuple[str, Sequence[Row]]]) -> None:
        commit(store, parts)
        if store.batches_committed >= batches:
            os.kill(os.getpid(), signal.SIGKILL)

    GraphStore._write_transaction = commit_then_die  # type: ignore[method-assign]


def run_build_child(
    child: Path, config: Path, kill_after: int | None, env: Mapping[str, str], timeout: int
) -> tuple[int, str]:
    """Run the build script ``child`` on ``config``, killing itself after ``kill_after``
    commits when given: (its exit code, its stdout). Any other failure fails the test."""
    kill = [] if kill_after is None else [str(kill_after)]
    done = subprocess.run(
        [sys.executable, str(child), str(config), *kill],
        cwd=child.parent.parent,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode not in (0, -signal.SIGKILL):
        raise AssertionError(f"child build failed:\n{done.stderr[-3000:]}")
    return done.returncode, done.stdout
