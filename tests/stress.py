"""The timing-sensitive tests on a busy machine: `make test-stress`.

Runs the browser gates and the tests that start servers, workers or concurrent writers (load, faults,
gunicorn, redis-server, subprocess workers) ``--runs`` times in a row (3 by default) while CPU hogs of
its own (one per core) keep every core busy. A test that passes alone but fails here is waiting for
time instead of for the event it needs.

Each hog is a process that spins until the run ends: stopped by this script after every run (also
when the run fails, on Ctrl-C and on SIGTERM), killed by the kernel if this script dies
(PR_SET_PDEATHSIG), and in any case gone after ``--hog-seconds``.

Usage: .venv/bin/python tests/stress.py [--runs 3] [--hogs N] [--hog-seconds 1800] [-- pytest args]
Exit status 0 only if every run passed.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ["tests/browser", "tests/test_load_short.py", "tests/test_production.py", "tests/test_staff_throttle.py",
         "tests/test_deploy_files.py", "tests/test_database.py"]

# Busy work until the deadline; dies with its parent (Linux) so that nothing spins on after the run.
HOG = """
import ctypes, signal, sys, time
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
except (AttributeError, OSError):
    pass
deadline = time.monotonic() + float(sys.argv[1])
while time.monotonic() < deadline:
    sum(i * i for i in range(10000))
"""


def start_hogs(count: int, seconds: float) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", HOG, str(seconds)], start_new_session=True)
            for _ in range(count)]


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.kill()
    for process in processes:
        process.wait()


def run_once(pytest_args: list[str], hogs: list[subprocess.Popen]) -> tuple[int, str]:
    """One pytest run with the hogs spinning, its output shown as it comes; (exit status, pytest's last line).
    The hogs are stopped as soon as it ends or is interrupted. pytest runs in a session of its own, so that
    Ctrl-C reaches it once, from here, and its fixtures stop what they started."""
    tests = subprocess.Popen([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *TESTS, *pytest_args],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
                             start_new_session=True)
    last = ""
    try:
        for line in tests.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            last = line.strip(" =\n") or last
        return tests.wait(), last
    finally:
        stop(hogs)
        if tests.poll() is None:  # interrupted
            tests.send_signal(signal.SIGINT)
            try:
                sys.stdout.write(tests.communicate(timeout=120)[0])
            except subprocess.TimeoutExpired:
                tests.kill()
                tests.communicate()


def _terminate(_signum, _frame):
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hogs", type=int, default=os.cpu_count() or 2, help="CPU hogs (default: one per core)")
    parser.add_argument("--hog-seconds", type=float, default=1800, help="no hog outlives this")
    parser.add_argument("pytest_args", nargs="*", help="passed to pytest (after --)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _terminate)
    # Started in the background by a shell, a process ignores SIGINT, and so would pytest (an ignored signal
    # stays ignored across exec): with a handler here, pytest starts with the default and can be interrupted.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    results = []
    try:
        for number in range(1, args.runs + 1):
            print(f"== stress run {number}/{args.runs}: {args.hogs} CPU hogs, {' '.join(TESTS)} ==", flush=True)
            started = time.monotonic()
            status, summary = run_once(args.pytest_args, start_hogs(args.hogs, args.hog_seconds))
            results.append((status, time.monotonic() - started, summary))
    except KeyboardInterrupt:
        print("\nstress: interrupted; the hogs are stopped", file=sys.stderr)
        return 130
    finally:
        print("\n== stress results ==")
        for number, (status, seconds, summary) in enumerate(results, 1):
            print(f"run {number}: {'passed' if status == 0 else f'FAILED (exit {status})'} in {seconds:.0f} s"
                  f" — {summary}")
        print(f"{sum(1 for status, _s, _m in results if status == 0)} of {args.runs} runs passed", flush=True)
    return 0 if all(status == 0 for status, _s, _m in results) and len(results) == args.runs else 1


if __name__ == "__main__":
    sys.exit(main())
