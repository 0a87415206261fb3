"""The Docker files (Dockerfile, .dockerignore, compose.yaml, deploy/), checked without Docker.

docs/DEPLOY.md ("Docker") says how they were tried in containers; these tests keep the files consistent with
the app: every variable compose sets is one the app reads, nothing secret goes into the image, and the
container's health check gets 200 from a production-like app that refuses unknown Host headers.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from alleyweb import create_app
from alleyweb.config import TestingConfig

ROOT = Path(__file__).resolve().parent.parent
# Read by compose itself or by the deploy/ scripts, not by the app.
COMPOSE_ONLY = {"POSTGRES_PASSWORD", "POSTGRES_DB", "POSTGRES_USER", "ALLEYWEB_PUBLISH", "PURGE_AT", "TZ"}


def _variables_the_app_reads() -> set[str]:
    pattern = re.compile(r"""(?:os\.environ\.get|os\.environ\[|_env_list|_env_bool)\(?\s*["']([A-Z][A-Z0-9_]*)["']""")
    names = set()
    for path in [*ROOT.joinpath("alleyweb").rglob("*.py"), ROOT / "gunicorn.conf.py"]:
        names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return names


def _compose_environment() -> dict[str, list[str]]:
    """Variable names under each `environment:` mapping of compose.yaml (a line-based reading: the file
    keeps to plain `KEY: value` lines there), keyed by the block's owner."""
    blocks: dict[str, list[str]] = {}
    top, owner, env_indent, names = "", "", None, []
    for line in ROOT.joinpath("compose.yaml").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        if env_indent is not None and indent > env_indent:
            match = re.match(r"\s+([A-Za-z_][A-Za-z0-9_]*):", line)
            assert match, f"compose.yaml: not a KEY: value line under environment: {line!r}"
            names.append(match.group(1))
            continue
        env_indent = None
        key = line.strip().split(":")[0]
        if indent == 0:
            top = owner = key
        elif indent == 2 and top == "services":
            owner = key
        if line.strip() == "environment:":
            env_indent, names = indent, blocks.setdefault(owner, [])
    return blocks


def test_every_variable_compose_gives_the_app_is_one_it_reads():
    blocks = _compose_environment()
    assert {"x-app", "db"} <= blocks.keys()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "RATELIMIT_STORAGE_URI", "PROXY_FIX_HOPS"} <= \
        set(blocks["x-app"])
    unknown = set(blocks["x-app"]) - _variables_the_app_reads() - {"ALLEYWEB_ENV"}
    assert not unknown, f"compose.yaml sets variables the app never reads: {sorted(unknown)}"


def test_every_variable_in_the_env_example_is_read_and_no_secret_is_filled_in():
    lines = ROOT.joinpath("deploy/env.example").read_text(encoding="utf-8").splitlines()
    settings = dict(line.lstrip("#").split("=", 1) for line in lines
                    if re.match(r"#?[A-Z][A-Z0-9_]*=", line))
    unknown = settings.keys() - _variables_the_app_reads() - COMPOSE_ONLY
    assert not unknown, f"deploy/env.example lists variables nothing reads: {sorted(unknown)}"
    assert settings["SECRET_KEY"] == "" and settings["POSTGRES_PASSWORD"] == ""
    # gunicorn reachable around nginx would let clients write their own X-Forwarded-For (PROXY_FIX_HOPS=1).
    assert re.search(r"\$\{ALLEYWEB_PUBLISH:-127\.0\.0\.1:\d+\}:8000", ROOT.joinpath("compose.yaml").read_text())


def _dockerfile_instructions() -> list[tuple[str, str]]:
    text = ROOT.joinpath("Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    return [tuple(line.split(None, 1)) for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_the_image_runs_gunicorn_with_the_shipped_settings_as_a_user_without_secrets():
    final = _dockerfile_instructions()
    final = final[max(i for i, (op, _) in enumerate(final) if op == "FROM"):]  # the image's own stage
    cmd = [arg for op, arg in final if op == "CMD"]
    assert cmd == ['["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]']
    users = [arg for op, arg in final if op == "USER"]
    assert users and users[-1] not in {"root", "0"}
    env = " ".join(arg for op, arg in final if op in {"ENV", "ARG"})
    assert "GUNICORN_BIND=0.0.0.0:8000" in env
    for secret in ("SECRET_KEY", "DATABASE_URL", "PASSWORD"):
        assert secret not in env, f"{secret} must come from the environment at run time, not the image"


def test_the_build_context_leaves_out_environments_data_and_secrets():
    ignored = {line.strip() for line in ROOT.joinpath(".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")}
    assert {".venv", "instance", ".env", ".git", "node_modules", "test-artifacts"} <= ignored


def _healthcheck():
    spec = importlib.util.spec_from_file_location("healthcheck", ROOT / "deploy" / "healthcheck.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("allowed", ["www.example.go.kr", ".example.go.kr, other.example"])
def test_the_container_health_check_passes_a_production_host_check(monkeypatch, allowed):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI="sqlite://",
                     TRUSTED_HOSTS=[name.strip() for name in allowed.split(",")])
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        check = _healthcheck()
        monkeypatch.setenv("GUNICORN_BIND", f"0.0.0.0:{server.server_port}")
        monkeypatch.setenv("ALLOWED_HOSTS", allowed)
        assert check.main() == 0
        # What it guards against: the default Host (127.0.0.1) is refused by such an app.
        monkeypatch.setenv("ALLOWED_HOSTS", "127.0.0.1")
        assert check.main() == 1
    finally:
        server.shutdown()
        server.server_close()
    monkeypatch.setenv("ALLOWED_HOSTS", allowed)
    assert check.main() == 1  # nothing listening


def test_the_purge_schedule_runs_the_documented_command():
    script = ROOT.joinpath("deploy/purge-daily.sh").read_text(encoding="utf-8")
    assert "flask --app wsgi retention purge" in script
    compose = ROOT.joinpath("compose.yaml").read_text(encoding="utf-8")
    migrate = re.search(r'command: \["sh", "-c", "(.*)"\]', compose).group(1)
    assert shlex.split(migrate) == ["flask", "--app", "wsgi", "db", "upgrade", "&&",
                                    "flask", "--app", "wsgi", "seed", "programs"]
