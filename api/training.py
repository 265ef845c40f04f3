"""Link-prediction training as a job: run it (in the foreground, or in the background once the API
answers) and keep its state in ``<data dir>/models/gnn/status.json``, which ``/health`` reports.

States: ``training`` (with the epoch reached), ``ready`` (predictions written), ``unchanged``
(the graph has not changed since the last training; its predictions are kept), ``failed``
(with the reason) and ``interrupted`` (the process that trained is gone before it finished).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from api.settings import Settings
from graph.server import pid_alive

State = Literal["training", "ready", "unchanged", "failed", "interrupted"]
# Early stopping for ``train``/``up``: validation MRR is checked every 5 epochs and training
# stops once it has not risen by PLATEAU_MIN_GAIN for PLATEAU_PATIENCE epochs.
PLATEAU_PATIENCE = 20
PLATEAU_MIN_GAIN = 0.002


class TrainingStatus(BaseModel):
    """Where link-prediction training stands."""

    state: State
    epoch: int = 0
    max_epochs: int = 0
    best_val_mrr: float | None = None
    predicted_links: int | None = None
    started_at: str | None = None
    finished_at: str | None = None
    message: str = ""
    pid: int = 0


def status_path(settings: Settings) -> Path:
    """The status file of the data directory's link predictor."""
    from api import wiring

    return wiring.models_dir(settings) / "gnn" / "status.json"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_status(path: Path, status: TrainingStatus) -> None:
    """Replace the status file atomically (a reader never sees half of it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    staged.write_text(status.model_dump_json())
    os.replace(staged, path)


def read_status(path: Path) -> TrainingStatus | None:
    """The last status written, ``interrupted`` when its training process has died; None when
    nothing was ever trained in this data directory (or the file is unreadable)."""
    try:
        status = TrainingStatus.model_validate_json(path.read_text())
    except (OSError, ValueError):
        return None
    if status.state == "training" and status.pid and not pid_alive(status.pid):
        return status.model_copy(update={"state": "interrupted"})
    return status


class StatusReporter:
    """Turns the trainer's per-evaluation progress rows into status-file updates."""

    def __init__(self, path: Path, max_epochs: int, echo: Callable[[dict[str, float]], None]
                 | None = None) -> None:
        self.path = path
        self.status = TrainingStatus(state="training", max_epochs=max_epochs, started_at=now(),
                                     pid=os.getpid())
        self.echo = echo
        write_status(path, self.status)

    def __call__(self, row: dict[str, float]) -> None:
        best = max(self.status.best_val_mrr or 0.0, row["val_mrr"])
        self.status = self.status.model_copy(update={"epoch": int(row["epoch"]),
                                                     "best_val_mrr": round(best, 4)})
        write_status(self.path, self.status)
        if self.echo:
            self.echo(row)

    def finish(self, state: State, message: str = "", links: int | None = None) -> None:
        self.status = self.status.model_copy(update={
            "state": state, "message": message, "predicted_links": links, "finished_at": now()})
        write_status(self.path, self.status)


def train_when_serving(host: str, port: int, job: Callable[[], None],
                       timeout_s: float = 600.0) -> threading.Thread:
    """Run ``job`` in a daemon thread as soon as ``host:port`` accepts connections (the API is
    up), so the graph is served while the link predictor trains."""
    import socket

    def wait_then_run() -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                sock.settimeout(0.5)
                if sock.connect_ex((host, port)) == 0:
                    break
            time.sleep(0.2)
        job()

    thread = threading.Thread(target=wait_then_run, name="link-prediction-training", daemon=True)
    thread.start()
    return thread

