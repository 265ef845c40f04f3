"""Cold loads through Neo4j's own bulk importer (``neo4j-admin database import full``).

The importer writes the store files of an empty database directly, without transactions, so
it is many times faster than batched ``UNWIND`` writes, but it only runs against a stopped
server and a database that does not exist yet (or that it may overwrite). The bundled server
(``graph.server``) already carries its jars, so no other download is needed; for a server of
your own, run its ``bin/neo4j-admin`` on the CSV files ``write_csv`` makes.

``write_csv`` turns rows into the importer's CSV files (typed header, quoted fields, arrays
joined by an ASCII unit separator); ``import_csv`` runs the importer on the bundled server's
home. Rows the importer refuses (a relationship to a missing node, a duplicate id) are skipped
and listed in the report file with the reason, not fatal: the rest is imported. Constraints
and indexes are not made by the importer: start the server and run
``GraphStore.ensure_schema`` after it (``bench/bulk_import.py`` does).
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.server import LocalNeo4j, ServerError, build_server

ARRAY_DELIMITER = "\x1f"  # ASCII unit separator: never inside a title, name or number
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
# the importer's column types this module writes
COLUMN_TYPES = frozenset(
    {"string", "int", "long", "float", "double", "boolean", "string[]", "int[]", "long[]",
     "float[]", "double[]", "boolean[]"}
)
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class NodeFile:
    """Nodes of one kind: their labels, the id space relationships refer to them by, and the
    properties (name -> importer type, e.g. ``{"title": "string", "embedding": "float[]"}``);
    every row has an ``id`` (stored as the ``id`` property)."""

    labels: tuple[str, ...]
    id_space: str
    columns: Mapping[str, str]
    rows: Iterable[Mapping[str, Any]]


@dataclass(frozen=True)
class RelationshipFile:
    """Relationships of one type from nodes of ``start_space`` to nodes of ``end_space``;
    every row has a ``source`` and a ``target`` id, plus the ``columns``."""

    type: str
    start_space: str
    end_space: str
    columns: Mapping[str, str]
    rows: Iterable[Mapping[str, Any]]


@dataclass(frozen=True)
class ImportReport:
    nodes: int
    relationships: int
    properties: int
    skipped: int  # refused entries, each listed with its reason in ``report_file``
    seconds: float
    report_file: Path


def _check_columns(columns: Mapping[str, str], what: str) -> None:
    for name, kind in columns.items():
        if not _NAME.match(name):
            raise ValueError(f"{what}: column name {name!r} is not a plain identifier")
        if kind not in COLUMN_TYPES:
            raise ValueError(
                f"{what}: column {name!r} has type {kind!r}; use one of "
                + ", ".join(sorted(COLUMN_TYPES))
            )


def _cell(value: Any, kind: str) -> str:
    """One CSV field. ``None``, an empty string and an empty list all become an absent
    property: the importer cannot tell them apart."""
    if value is None:
        return ""
    if kind.endswith("[]"):
        items = list(value)
        if kind == "string[]" and any(ARRAY_DELIMITER in str(item) for item in items):
            raise ValueError(f"an item of {items!r} holds the array delimiter U+001F")
        if kind in ("float[]", "double[]"):
            return ARRAY_DELIMITER.join(map(repr, map(float, items)))  # round-trip exact
        if kind in ("int[]", "long[]"):
            return ARRAY_DELIMITER.join(map(str, map(int, items)))
        return ARRAY_DELIMITER.join(_scalar(item) for item in items)
    return _scalar(value)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write_csv(
    directory: Path,
    nodes: Sequence[NodeFile],
    relationships: Sequence[RelationshipFile] = (),
) -> tuple[list[Path], list[Path]]:
    """Write each node and relationship set to its own CSV file in ``directory``; return the
    (node files, relationship files)."""
    directory.mkdir(parents=True, exist_ok=True)
    node_paths, relationship_paths = [], []
    for n, node_file in enumerate(nodes):
        what = f"nodes {':'.join(node_file.labels)}"
        _check_columns(node_file.columns, what)
        columns = [c for c in node_file.columns if c != "id"]
        header = [f"id:ID({node_file.id_space})", *(f"{c}:{node_file.columns[c]}" for c in columns)]
        path = directory / f"nodes-{n:02d}-{node_file.id_space}.csv"
        labels = ARRAY_DELIMITER.join(node_file.labels)
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
            writer.writerow([*header, ":LABEL"])
            for row in node_file.rows:
                writer.writerow(
                    [row["id"], *(_cell(row.get(c), node_file.columns[c]) for c in columns), labels]
                )
        node_paths.append(path)
    for n, rel_file in enumerate(relationships):
        _check_columns(rel_file.columns, f"relationships {rel_file.type}")
        columns = list(rel_file.columns)
        header = [
            f":START_ID({rel_file.start_space})",
            f":END_ID({rel_file.end_space})",
            *(f"{c}:{rel_file.columns[c]}" for c in columns),
            ":TYPE",
        ]
        path = directory / f"relationships-{n:02d}-{rel_file.type}.csv"
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
            writer.writerow(header)
            for row in rel_file.rows:
                writer.writerow(
                    [
                        row["source"],
                        row["target"],
                        *(_cell(row.get(c), rel_file.columns[c]) for c in columns),
                        rel_file.type,
                    ]
                )
        relationship_paths.append(path)
    return node_paths, relationship_paths


_COUNT = re.compile(r"^\s*(\d+)\s+(nodes|relationships|properties)\s*$", re.MULTILINE)


def import_csv(
    server: LocalNeo4j,
    node_files: Sequence[Path],
    relationship_files: Sequence[Path] = (),
    database: str = "neo4j",
    overwrite: bool = False,
    heap: str = "1g",
    threads: int | None = None,
    bad_tolerance: int = 1000,
    array_delimiter: str = ARRAY_DELIMITER,
) -> ImportReport:
    """Run ``neo4j-admin database import full`` on the bundled server's home.

    The server must be stopped. Without ``overwrite`` the database must not hold data yet:
    an existing one is refused, never replaced. Up to ``bad_tolerance`` refused entries are
    skipped and reported; past that the import stops and nothing is loaded. Files made by
    ``write_csv`` join arrays with ``ARRAY_DELIMITER``; other files often use ";"."""
    if server.status().running:
        raise ServerError(
            f"Neo4j runs on {server.uri}: the bulk importer needs it stopped "
            "(`citegraph db stop`), and starts nothing itself"
        )
    store = server.home / "data" / "databases" / database
    if not overwrite and store.is_dir() and any(store.iterdir()):
        raise ServerError(
            f"database {database!r} already exists under {store}: the bulk importer only "
            "loads an empty database; use the batched writes (`citegraph build`) to add to it, "
            "or remove it (or pass overwrite=True) to load from scratch"
        )
    java = shutil.which("java")
    if java is None:
        raise ServerError("java is not on PATH: install Java 17 to run the bulk importer")
    target = build_server()
    conf = server.home / "import-conf"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "neo4j.conf").write_text(f"server.memory.pagecache.size={server.pagecache}\n")
    report_file = server.home / "import.report"
    report_file.unlink(missing_ok=True)  # the count below is of this run's entries
    classpath = os.pathsep.join([str(target / "citegraph-neo4j.jar"), str(target / "lib" / "*")])
    cmd = [
        java, f"-Xmx{heap}", "-cp", classpath, ADMIN_CLASS,
        "database", "import", "full", database,
        *(f"--nodes={path}" for path in node_files),
        *(f"--relationships={path}" for path in relationship_files),
        f"--array-delimiter={array_delimiter}",
        "--multiline-fields=true",
        "--skip-bad-relationships=true",
        "--skip-duplicate-nodes=true",
        f"--report-file={report_file}",
        f"--bad-tolerance={bad_tolerance}",
        *([f"--threads={threads}"] if threads else []),
        *(["--overwrite-destination=true"] if overwrite else []),
    ]
    env = {**os.environ, "NEO4J_HOME": str(server.home), "NEO4J_CONF": str(conf)}
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=server.home)
    seconds = time.perf_counter() - started
    output = done.stdout + done.stderr
    if done.returncode != 0 or "IMPORT DONE" not in output:
        tail = "\n".join(line for line in output.splitlines() if "....." not in line)[-2000:]
        raise ServerError(
            f"the bulk import failed (exit {done.returncode}); nothing was loaded, and the "
            f"database directory {store} must be removed before the next try:\n{tail}"
            + _first_bad(report_file)
        )
    counts = {kind: int(number) for number, kind in _COUNT.findall(output)}
    skipped = _report_lines(report_file)
    return ImportReport(
        nodes=counts.get("nodes", 0),
        relationships=counts.get("relationships", 0),
        properties=counts.get("properties", 0),
        skipped=skipped,
        seconds=seconds,
        report_file=report_file,
    )


def _first_bad(path: Path, lines: int = 5) -> str:
    """The first refused entries of a report, as a paragraph of the error message."""
    if not path.exists():
        return ""
    with path.open(encoding="utf-8", errors="replace") as report:
        first = [line.rstrip() for _, line in zip(range(lines), report, strict=False)]
    return "\nfirst refused entries:\n" + "\n".join(first) if first else ""


def _report_lines(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open(encoding="utf-8", errors="replace") as report:
        return sum(1 for line in report if line.strip())

