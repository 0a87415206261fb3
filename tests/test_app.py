"""The factory and configuration."""

import logging

import pytest

from alleyweb import create_app
from alleyweb.config import ProductionConfig, get_config


def test_production_refuses_to_start_without_a_strong_secret_key(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "www.example.kr")
    for weak in ["", "changeme", "short-key", "a" * 40]:
        monkeypatch.setenv("SECRET_KEY", weak)
        with pytest.raises(RuntimeError, match="SECRET_KEY"):
            create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI="sqlite://")
    monkeypatch.delenv("SECRET_KEY")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI="sqlite://")


def test_production_starts_with_a_strong_key_and_secure_cookies(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "Zx8-Kq2_vT9pLm4Rw7Yb1Nc6Hd3Gf5Js0Ae")
    app = create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI="sqlite://", TRUSTED_HOSTS=["www.example.kr"],
                     RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_production_needs_allowed_hosts(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "Zx8-Kq2_vT9pLm4Rw7Yb1Nc6Hd3Gf5Js0Ae")
    with pytest.raises(RuntimeError, match="ALLOWED_HOSTS"):
        create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI="sqlite://", TRUSTED_HOSTS=None)


def test_production_refuses_per_worker_rate_limits_unless_it_runs_one_worker(monkeypatch):
    """With memory:// every worker counts on its own, so each limit is multiplied by the workers."""
    monkeypatch.setenv("SECRET_KEY", "Zx8-Kq2_vT9pLm4Rw7Yb1Nc6Hd3Gf5Js0Ae")
    with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI"):
        create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI="sqlite://", TRUSTED_HOSTS=["www.example.kr"],
                   RATELIMIT_STORAGE_URI="memory://")
    app = create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI="sqlite://", TRUSTED_HOSTS=["www.example.kr"],
                     RATELIMIT_STORAGE_URI="memory://", RATELIMIT_ONE_WORKER=True)
    assert app.config["RATELIMIT_ONE_WORKER"] is True


def test_development_generates_and_keeps_a_key_in_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr("alleyweb.INSTANCE_DIR", tmp_path)
    first = create_app("development", SQLALCHEMY_DATABASE_URI="sqlite://")
    second = create_app("development", SQLALCHEMY_DATABASE_URI="sqlite://")
    assert len(first.config["SECRET_KEY"]) >= 48
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def _key_in_a_new_worker(instance: str, barrier, keys) -> None:
    from types import SimpleNamespace

    from alleyweb.config import DevelopmentConfig

    app = SimpleNamespace(config={}, instance_path=instance)
    barrier.wait()  # every worker looks for the key file at the same moment, as gunicorn's do at start
    DevelopmentConfig.init_secret_key(app)
    keys.put(app.config["SECRET_KEY"])


def test_workers_starting_together_on_a_fresh_instance_share_one_key(tmp_path, monkeypatch):
    """gunicorn starts its workers at once, each creating the app: they must all read the same key (a worker
    with another key refuses the others' session cookies and form tokens: 'This page has expired')."""
    import multiprocessing

    monkeypatch.delenv("SECRET_KEY", raising=False)
    fork = multiprocessing.get_context("fork")
    for attempt in range(5):
        instance = tmp_path / str(attempt)
        barrier, keys = fork.Barrier(8), fork.Queue()
        workers = [fork.Process(target=_key_in_a_new_worker, args=(str(instance), barrier, keys)) for _ in range(8)]
        for worker in workers:
            worker.start()
        found = [keys.get(timeout=60) for _ in workers]
        for worker in workers:
            worker.join(60)
        assert len(found[0]) >= 48 and set(found) == {(instance / "secret_key").read_text().strip()}


def test_unknown_environment_name_is_an_error():
    with pytest.raises(RuntimeError, match="ALLEYWEB_ENV"):
        get_config("staging")


def test_untrusted_host_is_refused_quietly(client, caplog):
    """Scanners send the server's address as Host: a plain 400 in both languages, and no error in the logs
    (the layout cannot be built without a host, which used to log a traceback for every such request)."""
    with caplog.at_level("WARNING"):
        response = client.get("/ko/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "<h1>잘못된 요청입니다</h1>" in text
    assert "The request could not be understood" in text
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_database_url_is_taken_from_the_environment(monkeypatch, tmp_path):
    import importlib

    import alleyweb.config as config_module

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/other.db")
    reloaded = importlib.reload(config_module)
    try:
        assert f"sqlite:///{tmp_path}/other.db" == reloaded.Config.SQLALCHEMY_DATABASE_URI
    finally:
        monkeypatch.delenv("DATABASE_URL")
        importlib.reload(config_module)
