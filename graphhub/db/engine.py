"""The local Neo4j 5.26 engine: build it with Maven, start, stop and inspect it.

The engine is the small Java program in ``neo4j-embedded/``. Its state (pid,
port, data directory, log) is kept in ``<state_dir>/neo4j.json`` so that
``stop`` ends exactly the process ``start`` began, and a crash leaves a stale
file that ``status`` reports truthfully. ``stop`` leaves ``neo4j.stopped.json``
(pid and time) behind, so ``status`` tells a clean stop from "never started here".
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from graphhub.db.errors import EngineError, MissingToolError

MAIN_CLASS = "org.graphhub.engine.Main"
READY_LINE = "graphhub-neo4j ready"
MIN_JAVA = 17
JVM_OPENS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
)


@dataclass(frozen=True)
class EngineConfig:
    """Where and how to run the local engine."""

    engine_dir: Path
    state_dir: Path
    data_dir: Path
    port: int
    password: str
    heap_mb: int = 1024
    pagecache_mb: int = 512


@dataclass(frozen=True)
class EngineState:
    """What ``start`` recorded about the engine it began."""

    pid: int
    port: int
    data_dir: str
    log: str
    started_at: float

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"


@dataclass(frozen=True)
class EngineStatus:
    """The truth about the recorded engine: running, stopped, crashed or never started.

    ``condition`` is one of ``running``, ``stopped`` (a clean ``stop``), ``crashed`` (a
    stale pid file: the process is gone) and ``never`` (nothing recorded here).
    """

    state: EngineState | None
    running: bool
    message: str
    condition: str = "never"


def _state_file(state_dir: Path) -> Path:
    return state_dir / "neo4j.json"


def _stopped_file(state_dir: Path) -> Path:
    return state_dir / "neo4j.stopped.json"


def _record_stop(state_dir: Path, pid: int, crashed: bool) -> None:
    record = {"pid": pid, "stopped_at": time.time(), "crashed": crashed}
    _stopped_file(state_dir).write_text(json.dumps(record))


def _last_stop(state_dir: Path) -> tuple[str, str] | None:
    """How the last engine ended (condition, words for ``status``); None when unrecorded."""
    try:
        record = json.loads(_stopped_file(state_dir).read_text())
        when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(float(record["stopped_at"])))
        pid = int(record["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if record.get("crashed"):
        return "crashed", f"not running (pid {pid} had crashed; stale pid file removed {when})"
    return "stopped", f"not running (stopped cleanly {when}, pid {pid})"


def read_state(state_dir: Path) -> EngineState | None:
    """The recorded engine state, or None when there is none."""
    path = _state_file(state_dir)
    if not path.exists():
        return None
    try:
        return EngineState(**json.loads(path.read_text()))
    except (ValueError, TypeError):
        return None


def _is_our_process(pid: int, data_dir: str) -> bool:
    """True when ``pid`` is alive and is the engine started on ``data_dir``."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    args = [part.decode(errors="replace") for part in cmdline]
    return MAIN_CLASS in args and data_dir in args


def status(state_dir: Path) -> EngineStatus:
    """Whether the engine recorded under ``state_dir`` is running."""
    state = read_state(state_dir)
    if state is None:
        ended = _last_stop(state_dir)
        if ended is not None:
            return EngineStatus(None, False, ended[1], ended[0])
        return EngineStatus(None, False, "not running (never started here)", "never")
    if _is_our_process(state.pid, state.data_dir):
        return EngineStatus(
            state, True, f"running: pid {state.pid}, {state.uri}, data {state.data_dir}", "running"
        )
    return EngineStatus(
        state,
        False,
        f"not running: stale pid file (pid {state.pid} is gone; the engine crashed or was killed)",
        "crashed",
    )


def java_version(java: str) -> int:
    """The major version of the given java executable."""
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        raise EngineError(f"cannot tell the version of {java}")
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def require_tools(need_maven: bool) -> str:
    """The java executable, after checking Java 17+ (and Maven when a build is due)."""
    java = shutil.which("java")
    if java is None:
        raise MissingToolError(
            "Java 17 or newer is needed for the local Neo4j: install it "
            "(Debian: apt-get install openjdk-17-jdk-headless) or set GRAPHHUB_NEO4J_URI"
        )
    version = java_version(java)
    if version < MIN_JAVA:
        raise MissingToolError(
            f"Java {version} found, the local Neo4j 5.26 needs Java 17 or newer: install it "
            "or set GRAPHHUB_NEO4J_URI"
        )
    if need_maven and shutil.which("mvn") is None:
        raise MissingToolError(
            "Maven is needed to build the local Neo4j engine: install it "
            "(Debian: apt-get install maven) or set GRAPHHUB_NEO4J_URI"
        )
    return java


def _built_jar(engine_dir: Path) -> Path:
    return engine_dir / "target" / "neo4j-embedded.jar"


def needs_build(engine_dir: Path) -> bool:
    """True when the engine jar is missing or older than its sources."""
    jar = _built_jar(engine_dir)
    if not jar.exists() or not (engine_dir / "target" / "lib").is_dir():
        return True
    built = jar.stat().st_mtime
    sources = [engine_dir / "pom.xml", *(engine_dir / "src").rglob("*.java")]
    return any(src.stat().st_mtime > built for src in sources)


def build(engine_dir: Path) -> None:
    """Build the engine with Maven (artifacts cached in ~/.m2)."""
    if not (engine_dir / "pom.xml").exists():
        raise EngineError(f"no engine project at {engine_dir} (set GRAPHHUB_ENGINE_DIR)")
    proc = subprocess.run(
        ["mvn", "-q", "-B", "-f", str(engine_dir / "pom.xml"), "package", "-DskipTests"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise EngineError(f"building the local Neo4j engine failed:\n{tail}")


def port_in_use(port: int) -> bool:
    """True when something listens on 127.0.0.1:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _command(java: str, config: EngineConfig) -> list[str]:
    engine = config.engine_dir / "target"
    classpath = f"{engine / 'neo4j-embedded.jar'}{os.pathsep}{engine / 'lib' / '*'}"
    return [
        java,
        f"-Xms{min(config.heap_mb, 512)}m",
        f"-Xmx{config.heap_mb}m",
        "-XX:+UseG1GC",
        "-XX:+ExitOnOutOfMemoryError",
        *JVM_OPENS,
        "-cp",
        classpath,
        MAIN_CLASS,
        str(config.data_dir),
        str(config.port),
    ]


def start(config: EngineConfig, timeout_s: float = 180.0) -> EngineState:
    """Start the engine in the background and wait until Bolt accepts logins."""
    current = status(config.state_dir)
    if current.running and current.state is not None:
        return current.state
    java = require_tools(need_maven=needs_build(config.engine_dir))
    if needs_build(config.engine_dir):
        build(config.engine_dir)
    if port_in_use(config.port):
        raise EngineError(
            f"port {config.port} is already in use: stop what listens there "
            "or set GRAPHHUB_NEO4J_LOCAL_PORT"
        )
    config.state_dir.mkdir(parents=True, exist_ok=True)
    config.data_dir.mkdir(parents=True, exist_ok=True)
    log_path = config.state_dir / "neo4j.log"
    env = dict(os.environ)
    env["GRAPHHUB_NEO4J_PASSWORD"] = config.password
    env["GRAPHHUB_NEO4J_PAGECACHE_MB"] = str(config.pagecache_mb)
    with log_path.open("ab") as log:
        proc = subprocess.Popen(
            _command(java, config),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    state = EngineState(
        pid=proc.pid,
        port=config.port,
        data_dir=str(config.data_dir),
        log=str(log_path),
        started_at=time.time(),
    )
    _state_file(config.state_dir).write_text(json.dumps(asdict(state), indent=2))
    _stopped_file(config.state_dir).unlink(missing_ok=True)
    _wait_ready(proc, log_path, log_path.stat().st_size, timeout_s)
    return state


def _wait_ready(
    proc: subprocess.Popen[bytes], log_path: Path, offset: int, timeout_s: float
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        code = proc.poll()
        if code is not None:
            raise EngineError(
                f"the local Neo4j exited with code {code} while starting; "
                f"last lines of {log_path}:\n{_tail(log_path)}"
            )
        if READY_LINE in _since(log_path, offset):
            return
        time.sleep(0.25)
    proc.terminate()
    raise EngineError(f"the local Neo4j did not start within {timeout_s:.0f}s; see {log_path}")


def _since(path: Path, offset: int) -> str:
    with path.open("rb") as handle:
        handle.seek(offset)
        return handle.read().decode(errors="replace")


def _tail(path: Path, lines: int = 15) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def stop(state_dir: Path, timeout_s: float = 90.0) -> str:
    """Stop the engine recorded under ``state_dir``; returns what happened."""
    current = status(state_dir)
    state = current.state
    if state is None:
        return current.message
    if not current.running:
        _state_file(state_dir).unlink(missing_ok=True)
        _record_stop(state_dir, state.pid, crashed=True)
        return f"not running (removed a stale pid file: pid {state.pid} was gone)"
    os.kill(state.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and _is_our_process(state.pid, state.data_dir):
        _reap(state.pid)
        time.sleep(0.2)
    forced = _is_our_process(state.pid, state.data_dir)
    if forced:
        os.kill(state.pid, signal.SIGKILL)
        time.sleep(0.5)
        _reap(state.pid)
    _state_file(state_dir).unlink(missing_ok=True)
    _record_stop(state_dir, state.pid, crashed=False)
    return f"stopped pid {state.pid}" + (" (killed after timeout)" if forced else "")


def _reap(pid: int) -> None:
    """Collect the exit status when the engine is our own child, so it leaves no zombie."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


@contextlib.contextmanager
def throwaway(
    engine_dir: Path, password: str, heap_mb: int = 1024, pagecache_mb: int = 512
) -> Iterator[EngineState]:
    """A local engine on a free port with a temporary data directory, all removed afterwards.

    For tests and benchmarks: nothing of it outlives the ``with`` block.
    """
    work = Path(tempfile.mkdtemp(prefix="graphhub-neo4j-"))
    config = EngineConfig(
        engine_dir=engine_dir,
        state_dir=work / "state",
        data_dir=work / "data",
        port=free_port(),
        password=password,
        heap_mb=heap_mb,
        pagecache_mb=pagecache_mb,
    )
    try:
        yield start(config)
    finally:
        stop(config.state_dir)
        shutil.rmtree(work, ignore_errors=True)
