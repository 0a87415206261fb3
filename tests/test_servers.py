"""The bound every load and fault test runs under (benchmarks.servers.Deadline)."""

from __future__ import annotations

import sys
import time

import pytest

from benchmarks.servers import Deadline, DeadlineExceeded


def test_a_child_still_running_at_the_bound_is_stopped_and_named():
    deadline = Deadline(0.5)
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded, match=r"a sleeping child: still running after the bound of 0 s"):
        deadline.run([sys.executable, "-c", "import sys, time; sys.stderr.write('asleep'); sys.stderr.flush(); "
                      "time.sleep(30)"], "a sleeping child", capture_output=True, text=True)
    assert time.monotonic() - started < 20  # not the child's 30 s
    assert deadline.expired and deadline.remaining() == 0 and deadline.remaining(5) == 5
    with pytest.raises(DeadlineExceeded, match="the load"):
        deadline.check("the load")


def test_a_child_that_finishes_in_time_gives_its_result():
    deadline = Deadline(60)
    done = deadline.run([sys.executable, "-c", "print(6 * 7)"], "a quick child", capture_output=True, text=True)
    assert done.stdout.strip() == "42" and not deadline.expired and 0 < deadline.remaining() <= 60
    deadline.check("a quick child")  # within the bound: nothing raised
