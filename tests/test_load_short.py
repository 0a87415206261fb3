"""A short version of benchmarks/load.py on every run: real gunicorn workers, concurrent residents sending
forms, and every acknowledged submission stored exactly once (SQLite, and PostgreSQL when the suite runs
on it)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.load import run  # noqa: E402


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_concurrent_residents_lose_nothing_and_store_nothing_twice(database, tmp_path):
    if database == "postgres":
        url = os.environ.get("TEST_DATABASE_URL")
        if not url or not url.startswith("postgresql"):
            pytest.skip("the suite runs on SQLite: TEST_DATABASE_URL is not a PostgreSQL URL")
        url = url.rsplit("/", 1)[0] + "/" + url.rsplit("/", 1)[1] + "_load"
    else:
        url = f"sqlite:///{tmp_path / 'load.db'}"
    result = run(database, url, clients=8, submissions=120, workers=2)
    assert result.residents == 120 and result.posts == 132
    assert result.acknowledged == 120 and result.stored == 120 and result.errors == 0
    assert (result.lost, result.duplicates, result.unacknowledged_stored) == (0, 0, 0)
    assert result.double_clicks_same_receipt == "12/12"
    assert result.ok


def test_workers_killed_during_the_load_lose_nothing_acknowledged(tmp_path):
    """SIGKILL a worker every second while residents send forms: some posts fail, none acknowledged is lost."""
    result = run("sqlite", f"sqlite:///{tmp_path / 'load.db'}", clients=8, submissions=240, workers=2, fault="kill")
    assert result.fault != "0 workers killed"
    assert (result.lost, result.duplicates) == (0, 0)
    assert result.acknowledged + result.unacknowledged_stored == result.stored
    assert result.ok
