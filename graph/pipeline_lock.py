"""One pipeline run at a time per data dir: a lock file, ``<data dir>/pipeline.lock``.

The incremental pipeline reads what is pending, computes, then writes (mentions, entity
counts, links); two runs interleaving those steps on overlapping papers could duplicate
mentions or keep a stale count. Every writer of a data dir (``citegraph build``/``ingest``
and the API's ``POST /papers``) takes this lock around a run, so concurrent writers end in
the graph of running them one after the other. The lock is an ``flock``: the kernel drops
it when its holder exits, killed or not, so it never goes stale. Processes writing one
external Neo4j from different data dirs are not covered: give them one data dir.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import time
from pathlib import Path
from types import TracebackType
from typing import IO


class PipelineBusyError(RuntimeError):
    """Another pipeline run holds the data dir's lock; the message names it."""


class PipelineLock:
    """``with PipelineLock(data_dir, wait_s=…):`` runs the body alone among the data dir's
    writers; waits up to ``wait_s`` seconds (0: refuse at once, None: wait as long as it takes)."""

    def __init__(self, data_dir: Path, wait_s: float | None = 0.0, purpose: str = "build") -> None:
        self.path = Path(data_dir) / "pipeline.lock"
        self.wait_s, self.purpose = wait_s, purpose
        self._handle: IO[str] | None = None

    def holder(self) -> str:
        """Who holds the lock, as its holder wrote it (empty when nobody does)."""
        try:
            return self.path.read_text().strip()
        except OSError:
            return ""

    def acquire(self) -> None:
        """Take the lock or raise ``PipelineBusyError`` once ``wait_s`` has passed."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")  # noqa: SIM115 (held until release)
        deadline = None if self.wait_s is None else time.monotonic() + self.wait_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    handle.close()
                    raise PipelineBusyError(
                        f"another citegraph {self.holder() or 'writer'} is running on data dir "
                        f"{self.path.parent} (lock file {self.path}); wait for it to finish, "
                        "then run this again"
                    ) from None
                time.sleep(0.2)
        started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        handle.seek(0)
        handle.truncate()
        handle.write(f"{self.purpose} (pid {os.getpid()}, since {started})\n")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.seek(0)
            self._handle.truncate()
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> PipelineLock:
        self.acquire()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
