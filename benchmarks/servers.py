"""Servers that tests and benchmarks start (gunicorn, redis-server): a free port, readiness by polling
with a deadline (failing at once if the process ends, with what it logged), and a stop that always
ends the process and its children.

Each server runs in a session (process group) of its own, so that ``stop`` reaches the workers too.
Callers start a server and stop it in ``finally`` (or a fixture's teardown), so that a failing test or
an interrupted run leaves nothing listening.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READY_SECONDS = 60.0  # on a busy machine gunicorn's workers can take many seconds to import the app


class NotReady(RuntimeError):
    """A server ended, or did not answer before the deadline."""


class DeadlineExceeded(AssertionError):
    """A load or fault run went past its bound (an AssertionError: the test fails, with what was running)."""


class Deadline:
    """A bound on how long a load or fault run may take, shared by everything the run waits for.

    ``Deadline(300)`` starts the clock; ``remaining()`` is what a wait may still use (pass it as a timeout),
    ``check(what)`` raises DeadlineExceeded naming ``what`` once the bound has passed, so that a run that
    would hang fails with a clear message instead."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.started = time.monotonic()

    def remaining(self, at_least: float = 0.0) -> float:
        """Seconds left (never below ``at_least``: a short grace for stopping what was started)."""
        return max(at_least, self.started + self.seconds - time.monotonic())

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.started + self.seconds

    def check(self, what: str) -> None:
        if self.expired:
            raise DeadlineExceeded(f"{what}: still running after the bound of {self.seconds:.0f} s")

    def run(self, command: list, what: str, **kwargs) -> subprocess.CompletedProcess:
        """``subprocess.run(command, **kwargs)`` with the time left as its timeout; a child still running then
        is killed and DeadlineExceeded raised, with the end of what it wrote to standard error."""
        try:
            return subprocess.run(command, timeout=self.remaining(), **kwargs)  # noqa: S603 - the caller's command
        except subprocess.TimeoutExpired as error:
            errors = error.stderr.decode(errors="replace") if isinstance(error.stderr, bytes) else error.stderr or ""
            raise DeadlineExceeded(f"{what}: still running after the bound of {self.seconds:.0f} s"
                                   f"\n{errors[-2000:]}") from None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(log: Path | None, lines: int = 30) -> str:
    if log is None or not log.exists():
        return ""
    return "\n" + "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def wait_until_ready(process: subprocess.Popen, ready: Callable[[], bool], what: str,
                     seconds: float = READY_SECONDS, log: Path | None = None) -> None:
    """Ask ``ready()`` again and again until it says yes. Raises NotReady as soon as ``process`` has
    ended, or once ``seconds`` have passed (the process is left to the caller's ``stop``)."""
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise NotReady(f"{what} ended (exit status {process.returncode}) before it was ready{_tail(log)}")
        if ready():
            return
        if time.monotonic() > deadline:
            raise NotReady(f"{what} was not ready after {seconds:.0f} s{_tail(log)}")
        time.sleep(0.05)  # the interval between two questions, not a wait for anything


def http_ok(url: str) -> Callable[[], bool]:
    """Readiness: ``url`` answers 200."""

    def ready() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                return response.status == 200
        except OSError:  # refused, reset, timed out, or an error status while starting
            return False

    return ready


def stop(process: subprocess.Popen, timeout: float = 60, whole_group: bool = True) -> int:
    """SIGTERM (to the process group, or only to the process itself) and wait up to ``timeout`` seconds;
    if it has not ended by then, SIGKILL the whole group. Returns the exit status (negative: the signal
    that ended it)."""
    if process.poll() is not None:
        return process.returncode
    try:
        if whole_group:
            os.killpg(process.pid, signal.SIGTERM)
        else:
            process.send_signal(signal.SIGTERM)
        return process.wait(timeout)
    except ProcessLookupError:
        return process.wait()
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # not reaped yet: the group is still this one
        return process.wait()


def start_gunicorn(env: dict, port: int, log: Path, seconds: float = READY_SECONDS) -> subprocess.Popen:
    """gunicorn with gunicorn.conf.py on 127.0.0.1:``port`` (``env`` on top of this process's environment),
    its standard error in ``log``; returns once /healthz answers 200."""
    env = {**os.environ, **env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    with open(log, "ab") as errors:
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT,
                                  env=env, stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True)
    try:
        wait_until_ready(server, http_ok(f"http://127.0.0.1:{port}/healthz"), f"gunicorn on port {port}", seconds,
                         log)
    except BaseException:
        stop(server)
        raise
    return server


def _redis_is(port: int, pid: int) -> Callable[[], bool]:
    """Readiness: the redis-server answering on ``port`` is process ``pid`` (not another one that took the
    port while ours failed to bind it)."""

    def ready() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(b"INFO server\r\n")
                answer = b""
                while b"process_id:" not in answer or not answer.endswith(b"\r\n"):
                    chunk = sock.recv(65536)
                    if not chunk:
                        return False
                    answer += chunk
        except OSError:
            return False
        return f"process_id:{pid}\r\n".encode() in answer

    return ready


def start_redis(port: int, seconds: float = READY_SECONDS) -> subprocess.Popen:
    """A redis-server of the caller's own on 127.0.0.1:``port``, without persistence; returns once it answers."""
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",  # noqa: S607
                               "--appendonly", "no"], stdout=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until_ready(server, _redis_is(port, server.pid), f"redis-server on port {port}", seconds)
    except BaseException:
        stop(server)
        raise
    return server
