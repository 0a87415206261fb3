"""Sign-in throttling holds across workers: two separate processes share the count through Redis."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest

from benchmarks.servers import Deadline

ROOT = Path(__file__).resolve().parent.parent

WORKER = """
import sys
from alleyweb import create_app
from alleyweb.config import TestingConfig
app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=sys.argv[1], RATELIMIT_STORAGE_URI=sys.argv[2],
                 RATELIMIT_KEY_PREFIX=sys.argv[3])
client = app.test_client()
codes = [client.post("/ko/staff/sign-in", data={"email": "w@seogu.go.kr", "password": "p" * 20},
                     environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code for _ in range(int(sys.argv[4]))]
print(",".join(map(str, codes)))
"""


def attempts_in_a_worker(db_url: str, storage: str, prefix: str, count: int) -> list[int]:
    """Sign-in failures from one address in a separate process, like a gunicorn worker."""
    result = Deadline(120).run([sys.executable, "-c", WORKER, db_url, storage, prefix, str(count)],
                               "sign-in failures in a separate process", cwd=ROOT, capture_output=True, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    return [int(c) for c in result.stdout.strip().splitlines()[-1].split(",")]


def test_failures_in_two_workers_add_up_through_redis(app):
    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        if os.environ.get("CI") == "true":
            pytest.fail("TEST_REDIS_URL is required in CI")
        pytest.skip("TEST_REDIS_URL not set: no Redis to share counts between processes")
    prefix = f"test-{uuid.uuid4().hex}"
    db_url = app.config["SQLALCHEMY_DATABASE_URI"]
    assert attempts_in_a_worker(db_url, redis_url, prefix, 6) == [400] * 6
    assert attempts_in_a_worker(db_url, redis_url, prefix, 5) == [400, 400, 400, 400, 429]


def test_without_shared_storage_each_process_counts_alone(app):
    """The control: with in-process memory the other worker's failures are not seen (why Redis is needed)."""
    prefix = f"test-{uuid.uuid4().hex}"
    db_url = app.config["SQLALCHEMY_DATABASE_URI"]
    assert attempts_in_a_worker(db_url, "memory://", prefix, 6) == [400] * 6
    assert attempts_in_a_worker(db_url, "memory://", prefix, 5) == [400] * 5
