"""Fault test of the notification worker (benchmarks/notify_fault.py): real worker processes, one killed
mid-batch, the SMS gateway stopped for a while; every notice delivered exactly once afterwards. SQLite with
one worker (as DEPLOY.md says), PostgreSQL with two (when the suite runs on it). Bounded by deadlines."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.notify_fault import run  # noqa: E402
from tests.helpers import own_database  # noqa: E402


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_a_killed_worker_and_a_gateway_outage_lose_nothing_and_send_nothing_twice(database, tmp_path):
    url = own_database(database, tmp_path, "notify_fault")
    workers = 2 if database == "postgres" else 1
    result = run(database, url, workers=workers, notices=120, outage=1.5)
    assert result.killed_at < 120  # the worker was killed mid-batch
    assert result.delivered == 120 and result.delivered_twice == 0
    assert result.all_marked_sent and result.addresses_left == 0
    assert result.retries > 0  # the outage was met, and retried
    assert result.ok
