"""Production behaviour: JSON request logs without personal data, and the client address behind proxies."""

from __future__ import annotations

import json
import logging

import pytest

from alleyweb import create_app
from alleyweb.config import TestingConfig
from alleyweb.core.logs import REQUEST_LOGGER, JsonFormatter
from benchmarks.servers import Deadline, free_port, start_gunicorn, start_redis, stop
from tests.helpers import soup

FAULT_SECONDS = 180  # the bound of each server/fault test below (benchmarks.servers.Deadline); about 30 s when busy


class _Lines(logging.Handler):
    """Formats each record with the application's formatter, as the production handler does."""

    def __init__(self):
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture()
def request_lines():
    handler = _Lines()
    logger = logging.getLogger(REQUEST_LOGGER)
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in handler.lines]
    finally:
        logger.removeHandler(handler)


def test_every_request_is_one_json_line_with_id_route_status_and_duration(app, request_lines):
    client = app.test_client()
    response = client.get("/ko/stores?q=%ED%99%8D%EA%B8%B8%EB%8F%99&lat=35.1&lng=126.9")
    client.get("/ko/stores/999999999")
    client.get("/ko/no-such-page")
    client.post("/ko/status", data={"receipt_no": "AAAAA-AAAAA", "phone_last4": "5678"})
    first, missing, unknown, lookup = request_lines()[-4:]
    assert first["route"] == "/<lang:lang>/stores" and first["endpoint"] == "stores.index"
    assert first["status"] == 200 and first["method"] == "GET" and first["duration_ms"] >= 0
    assert response.headers["X-Request-ID"] == first["request_id"] and len(first["request_id"]) == 32
    assert missing["route"] == "/<lang:lang>/stores/<int:id>" and missing["status"] == 404
    assert unknown["route"] is None and unknown["status"] == 404
    assert lookup["status"] == 200 and lookup["method"] == "POST"
    everything = json.dumps(request_lines(), ensure_ascii=False)
    for personal in ("홍길동", "35.1", "5678", "AAAAA", "127.0.0.1", "no-such-page"):
        assert personal not in everything, personal


def test_crlf_in_a_request_id_or_a_logged_message_cannot_forge_a_line(app, request_lines):
    client = app.test_client()
    forged = 'x\r\n{"level":"INFO","status":200}'
    client.get("/ko/", environ_base={"HTTP_X_REQUEST_ID": forged})  # what a raw socket could send
    line = request_lines()[-1]
    assert line["request_id"] != forged and "\n" not in line["request_id"]
    assert client.get("/ko/", headers={"X-Request-ID": "edge-7f3a.1"}).headers["X-Request-ID"] == "edge-7f3a.1"
    text = "a\r\nb\u2028c\x85d"
    record = logging.LogRecord("alleyweb.x", logging.WARNING, __file__, 1, "bad input: %s", (text,), None)
    formatted = JsonFormatter().format(record)
    assert len(formatted.splitlines()) == 1 and json.loads(formatted)["message"] == "bad input: " + text


def _app_behind(hops: int, database: str = "sqlite://"):
    return create_app(TestingConfig, PROXY_FIX_HOPS=hops, RATELIMIT_STORAGE_URI="memory://",
                      SQLALCHEMY_DATABASE_URI=database)


def test_behind_one_proxy_the_client_is_the_address_the_proxy_saw():
    app = _app_behind(1)

    @app.get("/_whoami")
    def whoami():
        from alleyweb.core.security import client_address

        return client_address()

    client = app.test_client()
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    assert client.get("/_whoami", headers={"X-Forwarded-For": "198.51.100.7"}, environ_base=proxy).text == \
        "198.51.100.7"
    # A client that sends its own X-Forwarded-For: the proxy appends the real address to it.
    forged = {"X-Forwarded-For": "1.2.3.4, 198.51.100.7"}
    assert client.get("/_whoami", headers=forged, environ_base=proxy).text == "198.51.100.7"
    # Without a proxy configured the header is not read at all.
    direct = _app_behind(0)
    direct.add_url_rule("/_whoami", view_func=whoami)
    assert direct.test_client().get("/_whoami", headers={"X-Forwarded-For": "1.2.3.4"},
                                    environ_base={"REMOTE_ADDR": "203.0.113.9"}).text == "203.0.113.9"


def test_a_forged_forwarded_for_does_not_dodge_the_rate_limit(app):
    """The status lookup allows 20 a minute per client: changing the forged part changes nothing."""
    behind = _app_behind(1, app.config["SQLALCHEMY_DATABASE_URI"])
    client = behind.test_client()
    codes = []
    for i in range(21):
        # A receipt number each time: one number is also limited on its own (tests/test_privacy_robustness.py).
        codes.append(client.post("/ko/status", data={"receipt_no": f"AAAAA-AA{i:03d}", "phone_last4": f"{i:04d}"},
                                 headers={"X-Forwarded-For": f"10.9.{i}.1, 198.51.100.23"},
                                 environ_base={"REMOTE_ADDR": "10.0.0.5"}).status_code)
    assert codes[:20] == [200] * 20 and codes[20] == 429
    # Keyed on the real client, not on the proxy: another resident behind the same proxy is still served.
    other = client.post("/ko/status", data={"receipt_no": "AAAAA-BB000", "phone_last4": "0000"},
                        headers={"X-Forwarded-For": "198.51.100.99"}, environ_base={"REMOTE_ADDR": "10.0.0.5"})
    assert other.status_code == 200


def test_gunicorn_serves_with_the_shipped_settings_and_stops_gracefully(app, tmp_path):
    """The production settings file starts real workers, which log JSON lines and stop cleanly on SIGTERM."""
    import urllib.request

    deadline = Deadline(FAULT_SECONDS)
    port, log = free_port(), tmp_path / "gunicorn.log"
    server = start_gunicorn({"GUNICORN_WORKERS": "2", "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                             "ALLEYWEB_INSTANCE_DIR": str(tmp_path)}, port, log,  # returns once /healthz is 200
                            deadline.remaining(1))
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz",  # noqa: S310
                                    timeout=deadline.remaining(1)) as response:
            assert response.status == 200 and response.headers["X-Request-ID"]
            assert "Server" not in response.headers  # gunicorn does not name itself (gunicorn.conf.py)
    finally:
        status = stop(server, timeout=deadline.remaining(40), whole_group=False)  # SIGTERM to the master only,
        # as a supervisor does (at least 40 s: its graceful_timeout is 30 s)
    assert status == 0
    err = log.read_text()
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert any(line.get("route") == "/healthz" and line["status"] == 200 for line in lines)
    assert "Booting worker" in err and "Shutting down: Master" in err


def test_a_backup_restores_exactly_what_was_there(app, clean_db, tmp_path):
    """`flask backup create` then `flask backup restore`, on the suite's database (SQLite or PostgreSQL)."""
    from sqlalchemy import select

    from alleyweb.extensions import db
    from alleyweb.submissions.models import Submission
    from alleyweb.submissions.services import create_submission

    runner = app.test_cli_runner()
    with app.app_context():
        kept = create_submission(type_key="demo", lang="ko", name="홍길동", phone="010-1234-5678", dong_id=None,
                                 details={"message": "백업 전"}).receipt_no
    result = runner.invoke(args=["backup", "create", str(tmp_path / "site.backup")])
    assert result.exit_code == 0, result.output
    with app.app_context():
        create_submission(type_key="demo", lang="ko", name="김영희", phone="010-2222-3333", dong_id=None, details={})
        db.session.delete(db.session.scalar(select(Submission).where(Submission.receipt_no == kept)))
        db.session.commit()
    assert runner.invoke(args=["backup", "restore", str(tmp_path / "site.backup")], input="n\n").exit_code == 1
    result = runner.invoke(args=["backup", "restore", "--yes", str(tmp_path / "site.backup")])
    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = db.session.scalars(select(Submission)).all()
        assert [(r.receipt_no, r.name, r.details) for r in rows] == [(kept, "홍길동", {"message": "백업 전"})]
    (tmp_path / "broken.backup").write_bytes(b"not a backup")
    result = runner.invoke(args=["backup", "restore", "--yes", str(tmp_path / "broken.backup")])
    assert result.exit_code == 1 and "Error" in result.output
    with app.app_context():
        assert db.session.scalar(select(Submission.receipt_no)) == kept  # a bad file changes nothing


def test_figures_are_counted_at_most_once_a_minute_per_worker(app, clean_db, monkeypatch):
    """With the production setting the statistics page and the home page's figures are kept 60 s."""
    import time as clock

    from alleyweb.stores.services import save_district, save_store

    monkeypatch.setitem(app.config, "FIGURES_CACHE_SECONDS", 60)
    from alleyweb.home import views as home_views
    from alleyweb.stats import views as stats_views

    stats_views._figures.clear()
    home_views._figures.clear()
    client = app.test_client()

    def stats_text():
        return soup(client.get("/ko/stats")).select_one("main").get_text(" ", strip=True)

    before, home_before = stats_text(), client.get("/ko/").get_data(as_text=True)
    with app.app_context():
        from sqlalchemy import select

        from alleyweb.dongs.models import Dong
        from alleyweb.extensions import db

        dong = db.session.scalar(select(Dong))
        market = save_district("새시장", dong.id, "market")
        save_store(name="새가게", district_id=market.id, items="", accepts_paper=True, accepts_digital=True,
                   visible=True)
        db.session.commit()
    assert stats_text() == before and client.get("/ko/").get_data(as_text=True) == home_before
    later = clock.monotonic() + 61
    monkeypatch.setattr(clock, "monotonic", lambda: later)
    assert stats_text() != before


def test_with_redis_down_public_pages_and_forms_keep_working(app, tmp_path):
    """Rate limits fall back to each worker's memory while the shared storage is unreachable (run in a
    separate process: the limiter is one object per process)."""
    import sys
    from pathlib import Path

    script = """
import sys
from alleyweb import create_app
from alleyweb.config import TestingConfig
app = create_app(TestingConfig, RATELIMIT_STORAGE_URI="redis://127.0.0.1:9/0", SQLALCHEMY_DATABASE_URI=sys.argv[1],
                 TESTING=False, PROPAGATE_EXCEPTIONS=False)
client = app.test_client()
codes = [client.get("/ko/").status_code]
codes += [client.post("/ko/status", data={"receipt_no": f"AAAAA-AA{i:03d}", "phone_last4": "1234"}).status_code
          for i in range(21)]
print(" ".join(map(str, codes)))
"""
    root = Path(__file__).resolve().parent.parent
    result = Deadline(FAULT_SECONDS).run([sys.executable, "-c", script, app.config["SQLALCHEMY_DATABASE_URI"]],
                                         "the app with Redis unreachable", cwd=root, capture_output=True, text=True)
    codes = result.stdout.split()
    assert codes[:21] == ["200"] * 21, result.stderr[-2000:]
    assert codes[21] == "429"  # still limited, per worker


class _OutputLines:
    """A child process's standard output, line by line, each line awaited with a deadline: a child that
    hangs fails the test instead of stopping the run."""

    def __init__(self, stream):
        import queue
        import threading

        self._lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for line in stream:
            self._lines.put(line)
        self._lines.put("")  # the end

    def next(self, errors, seconds: float = 120) -> str:
        import queue

        try:
            return self._lines.get(timeout=seconds)
        except queue.Empty:
            raise AssertionError(f"no answer in {seconds:.0f} s: {errors.read_text()[-2000:]}") from None


@pytest.mark.skipif(not __import__("shutil").which("redis-server"), reason="needs redis-server")
def test_with_redis_down_staff_sign_in_fails_closed_and_resumes_when_redis_is_back(app, clean_db, tmp_path):
    """Sign-in throttling must count across workers; while Redis is down a sign-in step is refused with
    503 (the password is not even checked), public forms keep working, and sign-in resumes by itself.
    A real redis-server is started, stopped and started again (separate process: one limiter per process)."""
    import subprocess
    import sys
    from pathlib import Path

    port = free_port()
    script = """
import json, sys
from alleyweb import create_app
from alleyweb.config import TestingConfig
from tests.staff_helpers import PASSWORD, make_staff
app = create_app(TestingConfig, RATELIMIT_STORAGE_URI=sys.argv[2], SQLALCHEMY_DATABASE_URI=sys.argv[1],
                 TESTING=False, PROPAGATE_EXCEPTIONS=False)
with app.app_context():
    make_staff("officer@seogu.go.kr", "moderator")
result = {}
for phase in iter(sys.stdin.readline, ""):
    phase = phase.strip()
    client = app.test_client()
    answer = client.post("/ko/staff/sign-in", data={"email": "officer@seogu.go.kr", "password": PASSWORD})
    page = client.get("/ko/staff/sign-in")
    lookup = client.post("/ko/status", data={"receipt_no": "AAAAA-AAAAA", "phone_last4": "1234"})
    result[phase] = {"sign_in": answer.status_code, "text": answer.get_data(as_text=True),
                     "location": answer.headers.get("Location", ""), "page": page.status_code,
                     "public": [client.get("/ko/").status_code, lookup.status_code]}
    print(json.dumps({phase: result[phase]["sign_in"]}), flush=True)
print(json.dumps(result), flush=True)
"""
    root = Path(__file__).resolve().parent.parent
    errors = tmp_path / "child.err"
    server = child = None
    deadline = Deadline(FAULT_SECONDS)
    try:
        server = start_redis(port, deadline.remaining(1))
        with open(errors, "w") as stderr:
            child = subprocess.Popen([sys.executable, "-c", script, app.config["SQLALCHEMY_DATABASE_URI"],
                                      f"redis://127.0.0.1:{port}/0"], cwd=root, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=stderr, text=True)
        answers = _OutputLines(child.stdout)

        def phase(name):
            child.stdin.write(name + "\n")
            child.stdin.flush()
            return answers.next(errors, deadline.remaining(1))

        assert phase("up"), errors.read_text()[-2000:]
        stop(server, timeout=10)  # down: SIGTERM, and waited for
        assert phase("down")
        server = start_redis(port, deadline.remaining(1))  # back: answering again
        assert phase("back")
        child.stdin.close()
        result = json.loads(answers.next(errors, deadline.remaining(1)))
        child.wait(deadline.remaining(1))
    finally:
        if server is not None:
            stop(server, timeout=10)
        if child is not None:
            child.kill()
            child.wait()
    up, down, back = result["up"], result["down"], result["back"]
    assert up["sign_in"] == 302 and up["location"].endswith("/two-factor")
    assert down["sign_in"] == 503 and down["location"] == ""
    assert "직원 로그인을 잠시 중단" in down["text"] and 'value="officer@seogu.go.kr"' in down["text"]
    assert down["page"] == 200 and down["public"] == [200, 200]
    assert back["sign_in"] == 302 and back["location"].endswith("/two-factor")


@pytest.mark.skipif(not __import__("shutil").which("redis-server"), reason="needs redis-server")
def test_redis_dying_in_the_middle_of_a_request_does_not_turn_a_saved_form_into_an_error(app, clean_db):
    """The limit is checked while Redis is up; Redis dies before the form's conditional deduction is
    counted (found by `benchmarks/load.py --fault stop-redis`): the resident still gets the receipt."""
    import sys
    from pathlib import Path

    port = free_port()
    script = """
import re, sys
import redis
from alleyweb import create_app
from alleyweb.config import TestingConfig
app = create_app(TestingConfig, RATELIMIT_STORAGE_URI=sys.argv[2], SQLALCHEMY_DATABASE_URI=sys.argv[1],
                 TESTING=False, PROPAGATE_EXCEPTIONS=False)

@app.after_request
def stop_redis(response):  # runs before the limiter's own after-request hook, which counts the deduction
    if response.status_code == 200 and "receipt-number" in response.get_data(as_text=True):
        try:
            redis.Redis(port=int(sys.argv[3])).shutdown(nosave=True)
        except redis.ConnectionError:
            pass
    return response

client = app.test_client()
page = client.get("/ko/suggestions/new").get_data(as_text=True)
key = re.search(r'name="idempotency_key"[^>]*value="([^"]+)"', page).group(1)
answer = client.post("/ko/suggestions/new", data={
    "topic": "parking", "dong": "2914057500", "message": "골목 입구 불법 주차 때문에 손님이 못 들어옵니다.",
    "name": "홍길동", "store_name": "양동상회", "phone": "010 2222 3333", "consent": "y", "idempotency_key": key})
print(answer.status_code, "receipt-number" in answer.get_data(as_text=True))
"""
    root = Path(__file__).resolve().parent.parent
    deadline = Deadline(FAULT_SECONDS)
    server = start_redis(port, deadline.remaining(1))
    try:
        result = deadline.run([sys.executable, "-c", script, app.config["SQLALCHEMY_DATABASE_URI"],
                               f"redis://127.0.0.1:{port}/0", str(port)], "a form sent while Redis dies", cwd=root,
                              capture_output=True, text=True)
        assert server.wait(10) is not None  # the hook did stop Redis
    finally:
        stop(server, timeout=10)
    assert result.stdout.split() == ["200", "True"], result.stderr[-3000:]
    from sqlalchemy import func, select

    from alleyweb.extensions import db
    from alleyweb.submissions.models import Submission

    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 1


def _can_mount_tmpfs(path) -> bool:
    import subprocess

    path.mkdir(exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(path)], capture_output=True)
    if done.returncode == 0:
        subprocess.run(["umount", str(path)], check=True)
    return done.returncode == 0


def test_sqlite_on_a_full_disk_answers_503_keeping_the_form_and_stays_intact(tmp_path):
    """SQLite on a small tmpfs that fills up: every form sent meanwhile gets the 503 page with what was typed,
    nothing is half-written, the site takes forms again once there is space, and integrity_check is ok."""
    import sqlite3
    import subprocess
    import sys
    from pathlib import Path

    disk = tmp_path / "disk"
    if not _can_mount_tmpfs(disk):
        pytest.skip("needs permission to mount a tmpfs (root)")
    script = r"""
import errno, json, os, re, sys
from flask_migrate import upgrade
from alleyweb import create_app
from alleyweb.config import TestingConfig
folder = sys.argv[1]
app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/site.db", TESTING=False,
                 PROPAGATE_EXCEPTIONS=False)
with app.app_context():
    upgrade()
client = app.test_client()
MESSAGE = "골목 입구 불법 주차 때문에 손님이 못 들어옵니다."

def send():
    page = client.get("/ko/suggestions/new").get_data(as_text=True)
    key = re.search(r'name="idempotency_key"[^>]*value="([^"]+)"', page).group(1)
    answer = client.post("/ko/suggestions/new", data={
        "topic": "parking", "dong": "2914057500", "message": MESSAGE, "name": "홍길동", "store_name": "양동상회",
        "phone": "010 2222 3333", "consent": "y", "idempotency_key": key})
    text = answer.get_data(as_text=True)
    receipt = re.search(r'class="receipt-number"[^>]*>\s*([0-9A-Z]{5}-[0-9A-Z]{5})', text)
    return [answer.status_code, receipt.group(1) if receipt else None, MESSAGE in text]

out = {"before": send()}
filler = os.path.join(folder, "filler")
with open(filler, "wb", buffering=0) as handle:  # unbuffered: closing must not flush a block that cannot fit
    try:
        while True:
            handle.write(b"\0" * 65536)
    except OSError as error:
        assert error.errno == errno.ENOSPC
out["full"] = [send() for _ in range(5)]
os.remove(filler)
out["after"] = [send() for _ in range(2)]
print(json.dumps(out))
"""
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)], check=True)
    try:
        root = Path(__file__).resolve().parent.parent
        result = Deadline(FAULT_SECONDS).run([sys.executable, "-c", script, str(disk)], "forms sent to a full disk",
                                             cwd=root, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr[-3000:]
        out = json.loads(result.stdout.strip().splitlines()[-1])
        assert out["before"][:1] == [200] and out["before"][1]
        assert [answer[0] for answer in out["full"]] == [503] * 5
        assert all(kept and receipt is None for _status, receipt, kept in out["full"])  # the form, as typed
        assert [answer[0] for answer in out["after"]] == [200, 200] and all(a[1] for a in out["after"])
        told = {out["before"][1]} | {answer[1] for answer in out["after"]}
        with sqlite3.connect(disk / "site.db") as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
            stored = {row[0] for row in connection.execute("SELECT receipt_no FROM submissions")}
            suggestions = connection.execute("SELECT count(*) FROM voice_suggestions").fetchone()[0]
        assert stored == told and suggestions == 3
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
