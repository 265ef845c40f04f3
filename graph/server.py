"""The bundled local Neo4j: the Community engine, embedded in a small Java program with its
Bolt connector enabled, run as a background process under the data dir.

The Java part (``graph/neo4j_server``) is built by Maven on first use and cached; the server
keeps its data in ``<home>/data`` between runs and logs to ``<home>/neo4j.log``. Every
transaction is bounded by the server: a timeout (``db.transaction.timeout``) and memory
limits per transaction and for all together (``db.memory.transaction.max``,
``dbms.memory.transaction.total.max``; by default a quarter and 60% of the heap).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ClientError, ServiceUnavailable

JAVA_PROJECT = Path(__file__).resolve().parent / "neo4j_server"
MAIN_CLASS = "org.citegraph.neo4j.Main"
NEO4J_VERSION = "5.26"


class ServerError(RuntimeError):
    """The local Neo4j could not be built, started or stopped; the message says what to do."""


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    uri: str
    home: Path
    log: Path
    answering: bool  # Bolt answered RETURN 1
    refused: bool = False  # Bolt answered but refused our user/password

    def describe(self) -> str:
        if not self.running:
            return f"Neo4j {NEO4J_VERSION} (local) is not running; data dir {self.home}"
        state = "answering" if self.answering else "NOT answering on Bolt yet"
        if self.refused:
            state = "refuses this NEO4J_PASSWORD: it was started with another one"
        return (
            f"Neo4j {NEO4J_VERSION} (local) running, pid {self.pid}, {self.uri} ({state}); "
            f"data dir {self.home}; log {self.log}"
        )


_UNITS = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


def memory_bytes(size: str) -> int:
    """``"768m"`` / ``"1g"`` / ``"1048576"`` as bytes (Neo4j's and Java's size spelling)."""
    text = size.strip().lower()
    if text and text[-1] in _UNITS:
        return int(float(text[:-1]) * _UNITS[text[-1]])
    return int(text)


def _java_sources_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted([JAVA_PROJECT / "pom.xml", *JAVA_PROJECT.glob("src/**/*.java")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_server(quiet: bool = True) -> Path:
    """Build the Java program with Maven unless a build of the current sources is cached."""
    target = JAVA_PROJECT / "target"
    jar, stamp = target / "citegraph-neo4j.jar", target / "sources.sha256"
    digest = _java_sources_digest()
    built = jar.exists() and (target / "lib").is_dir() and stamp.exists()
    if built and stamp.read_text() == digest:
        return target
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServerError("Maven (mvn) is not on PATH: install Maven and Java 17 to run the "
                          "local Neo4j, or set NEO4J_URI to use another server")
    cmd = [mvn, "-B", "-q" if quiet else "-ntp", "package", "-DskipTests"]
    done = subprocess.run(cmd, cwd=JAVA_PROJECT, capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-30:])
        raise ServerError(f"building the local Neo4j with Maven failed:\n{tail}")
    stamp.write_text(digest)
    return target


def _port_open(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def pid_alive(pid: int) -> bool:
    """True while process ``pid`` runs (a zombie is gone; another user's process runs)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child counts as gone
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except OSError:
        return True


class LocalNeo4j:
    """Start, stop and inspect the bundled Neo4j that lives under ``home``."""

    def __init__(
        self,
        home: Path,
        host: str = "127.0.0.1",
        port: int = 7687,
        user: str = "neo4j",
        password: str = "citegraph-local",
        heap: str = "1g",
        pagecache: str = "512m",
        transaction_timeout_s: float = 600.0,
        transaction_memory: str | None = None,
        transaction_memory_total: str | None = None,
    ) -> None:
        if len(password) < 8:
            raise ServerError("NEO4J_PASSWORD must have at least 8 characters (Neo4j's minimum)")
        self.home, self.host, self.port = Path(home).resolve(), host, port
        self.user, self.password, self.heap, self.pagecache = user, password, heap, pagecache
        self.pid_file, self.log = self.home / "neo4j.pid", self.home / "neo4j.log"
        self.config_file = self.home / "neo4j.conf"
        heap_bytes = memory_bytes(heap)
        self.transaction_timeout_s = transaction_timeout_s
        self.transaction_memory = transaction_memory or str(heap_bytes // 4)
        self.transaction_memory_total = transaction_memory_total or str(heap_bytes * 3 // 5)

    @property
    def uri(self) -> str:
        return f"bolt://{self.host}:{self.port}"

    def _pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None
        return pid if pid_alive(pid) else None

    def answers(self, timeout: float = 2.0) -> bool:
        """Whether Bolt answers ``RETURN 1`` with our credentials (``ServerError`` if refused)."""
        try:
            with GraphDatabase.driver(self.uri, auth=(self.user, self.password),
                                      connection_timeout=timeout) as driver:
                driver.execute_query("RETURN 1")
            return True
        except AuthError as error:  # waiting would not help: the server has another password
            raise ServerError(f"Neo4j on {self.uri} refuses user {self.user!r} with this "
                              "NEO4J_PASSWORD (it was started with another one): use that "
                              "password, or `citegraph db stop` and start it again") from error
        except (ServiceUnavailable, ClientError, OSError):
            return False

    def status(self) -> ServerStatus:
        pid = self._pid()
        answering = refused = False
        try:
            answering = pid is not None and self.answers()
        except ServerError:
            refused = True
        return ServerStatus(pid is not None, pid, self.uri, self.home, self.log, answering, refused)

    def _write_config(self) -> None:
        self.config_file.write_text(
            "\n".join([
                "# Written by citegraph on every start; edit Settings, not this file.",
                "server.bolt.enabled=true",
                f"server.bolt.listen_address={self.host}:{self.port}",
                "server.bolt.tls_level=DISABLED",
                "dbms.security.auth_enabled=true",
                f"server.memory.pagecache.size={self.pagecache}",
                "db.tx_log.rotation.retention_policy=2 files",
                "dbms.usage_report.enabled=false",
                # no transaction may hold a worker or the heap without bound
                f"db.transaction.timeout={self.transaction_timeout_s:g}s",
                f"db.memory.transaction.max={self.transaction_memory}",
                f"dbms.memory.transaction.total.max={self.transaction_memory_total}",
                "",
            ])
        )

    def start(self, timeout: float = 180.0) -> str:
        """Start the server in the background; return only when Bolt answers ``RETURN 1``."""
        current = self.status()
        if current.running:
            if not current.answering and not self._wait_until_answering(timeout, current.pid):
                raise ServerError(f"Neo4j (pid {current.pid}) runs but Bolt does not answer on "
                                  f"{self.uri}; see {self.log}\n{self.log_tail()}")
            return f"already running: {current.describe()}"
        if _port_open(self.host, self.port):
            raise ServerError(f"port {self.port} on {self.host} is taken by another program; "
                              "choose another with --bolt-port / CITEGRAPH_BOLT_PORT, or set "
                              "NEO4J_URI to use that server")
        java = shutil.which("java")
        if java is None:
            raise ServerError("java is not on PATH: install Java 17 to run the local Neo4j")
        target = build_server()
        self.home.mkdir(parents=True, exist_ok=True)
        self._write_config()
        jars = [str(target / "citegraph-neo4j.jar"), str(target / "lib" / "*")]
        classpath = os.pathsep.join(jars)
        cmd = [java, f"-Xms{self.heap}", f"-Xmx{self.heap}", "-XX:+UseG1GC",
               "-XX:+ExitOnOutOfMemoryError", "-cp", classpath, MAIN_CLASS,
               str(self.home), str(self.config_file)]
        env = {**os.environ, "CITEGRAPH_NEO4J_PASSWORD": self.password}
        log_offset = self.log.stat().st_size if self.log.exists() else 0
        with open(self.log, "ab") as log:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,
                                    stdin=subprocess.DEVNULL, start_new_session=True, cwd=self.home)
        self.pid_file.write_text(f"{proc.pid}\n")
        if not self._wait_until_answering(timeout, proc.pid, log_offset):
            self._kill(proc.pid)
            raise ServerError(f"Neo4j did not start within {timeout:.0f}s; last lines of "
                              f"{self.log}:\n{self.log_tail()}")
        return f"started: {self.status().describe()}"

    def _wait_until_answering(self, timeout: float, pid: int | None,
                              log_offset: int | None = None) -> bool:
        """Wait for the ready line the Java program logs once the password is set (probing
        earlier would count as failed logins), then for Bolt to answer."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if pid is not None and not pid_alive(pid):
                return False
            ready = log_offset is None or self._logged_ready(log_offset)
            if ready and _port_open(self.host, self.port) and self.answers():
                return True
            time.sleep(0.3)
        return False

    def _logged_ready(self, offset: int) -> bool:
        try:
            with open(self.log, "rb") as log:
                log.seek(offset)
                return b"citegraph-neo4j: ready" in log.read()
        except OSError:
            return False

    def stop(self, timeout: float = 60.0) -> str:
        """Shut the server down cleanly (SIGTERM), killing it only if it does not stop in time."""
        pid = self._pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return f"not running (data dir {self.home})"
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while pid_alive(pid) and time.monotonic() < deadline:
            _reap(pid)
            time.sleep(0.2)
        forced = pid_alive(pid)
        if forced:
            self._kill(pid)
        self.pid_file.unlink(missing_ok=True)
        return f"stopped (pid {pid}{', killed after timeout' if forced else ''})"

    def _kill(self, pid: int) -> None:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _reap(pid)

    def log_tail(self, lines: int = 25) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def _reap(pid: int) -> None:
    """Collect the exit status if the server is our own child, so it does not linger as a zombie."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
