"""A short version of benchmarks/load.py on every run: real gunicorn workers, concurrent residents sending
forms, and every acknowledged submission stored exactly once (SQLite, and PostgreSQL when the suite runs
on it)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.load import run  # noqa: E402
from tests.helpers import own_database  # noqa: E402

# Each run is bounded (benchmarks.servers.Deadline): past it the run stops everything it started and the test
# fails saying so, instead of holding the suite for many minutes on a busy machine.
LOAD_SECONDS = 300


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_concurrent_residents_lose_nothing_and_store_nothing_twice(database, tmp_path):
    url = own_database(database, tmp_path, "load")
    result = run(database, url, clients=8, submissions=120, workers=2, seconds=LOAD_SECONDS)
    assert result.residents == 120 and result.posts == 132
    assert result.acknowledged == 120 and result.stored == 120 and result.errors == 0
    assert (result.lost, result.duplicates, result.unacknowledged_stored) == (0, 0, 0)
    assert result.double_clicks_same_receipt == "12/12"
    assert result.ok


def test_workers_killed_during_the_load_lose_nothing_acknowledged(tmp_path):
    """SIGKILL a worker every second (six at most) while residents send forms: some posts fail, none
    acknowledged is lost. Unbounded, this took 841 s on a busy machine: each new worker imports the app again."""
    result = run("sqlite", f"sqlite:///{tmp_path / 'load.db'}", clients=8, submissions=120, workers=2, fault="kill",
                 seconds=LOAD_SECONDS, kills=6)
    assert result.fault != "0 workers killed"
    assert (result.lost, result.duplicates) == (0, 0)
    assert result.acknowledged + result.unacknowledged_stored == result.stored
    assert result.ok


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")
def test_with_redis_stopped_during_the_load_residents_notice_nothing_and_sign_in_fails_closed(tmp_path):
    """Rate limits in a redis-server that is stopped 1 s into the load and started 2 s later (or once a sign-in
    was answered while it was down): no resident sees an error, and staff sign-in (tried every 0.2 s) answers
    503 exactly while Redis is down."""
    result = run("sqlite", f"sqlite:///{tmp_path / 'load.db'}", clients=8, submissions=400, workers=2,
                 fault="stop-redis", outage=(1.0, 2.0), seconds=LOAD_SECONDS)
    assert result.errors == 0 and result.acknowledged == result.stored == 400
    assert set(result.sign_in["down"]) == {503}
    assert 503 not in result.sign_in["before"] and 503 not in result.sign_in["after"]
    assert result.ok


def test_a_full_disk_during_the_load_loses_nothing_and_leaves_sqlite_intact(tmp_path):
    """The SQLite database's tmpfs is filled 1 s into the load and freed 1.5 s later (needs root)."""
    probe = tmp_path / "probe"
    probe.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(probe)], capture_output=True).returncode:
        pytest.skip("needs permission to mount a tmpfs (root)")
    subprocess.run(["umount", str(probe)], check=True)
    folder = tmp_path / "disk"
    folder.mkdir()
    result = run("sqlite", f"sqlite:///{folder / 'load.db'}", clients=8, submissions=400, workers=2,
                 fault="disk-full", outage=(1.0, 1.5), seconds=LOAD_SECONDS)
    assert result.errors > 0 and result.errors_by_status.startswith("503")  # the disk did fill up
    assert result.error_pages_keeping_the_form.split("/")[0] == result.error_pages_keeping_the_form.split("/")[1]
    assert result.checks == "integrity_check: ok; foreign_key_check: 0 problems"
    assert (result.lost, result.duplicates) == (0, 0)
    assert result.ok
