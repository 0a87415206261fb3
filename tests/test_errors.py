"""Friendly error pages for every error a visitor can meet; no traceback; input kept after a POST."""

import pytest
from flask import abort

from alleyweb import create_app
from alleyweb.config import TestingConfig
from tests import formkit
from tests.helpers import soup
from tests.test_pages import assert_security_headers


@pytest.fixture()
def error_app(app):
    """A separate app on the same database, with routes that fail on purpose."""
    application = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                             PROPAGATE_EXCEPTIONS=False)
    application.register_blueprint(formkit.bp)

    @application.get("/<lang:lang>/boom")
    def boom():
        raise RuntimeError("secret internal detail")

    @application.get("/<lang:lang>/forbidden")
    def forbidden():
        abort(403)

    @application.get("/<lang:lang>/limited")
    def limited():
        abort(429)

    @application.get("/<lang:lang>/bad")
    def bad():
        abort(400)

    return application


@pytest.mark.parametrize("path,status", [
    ("/ko/bad", 400), ("/en/forbidden", 403), ("/ko/nowhere", 404), ("/en/limited", 429), ("/ko/boom", 500),
])
def test_error_pages_are_friendly_and_in_the_layout(error_app, path, status):
    response = error_app.test_client().get(path)
    assert response.status_code == status
    page = soup(response)
    assert page.select_one("#krds-masthead") and page.select_one("footer")
    assert len(page.find_all("h1")) == 1
    assert page.html["lang"] == path.split("/")[1]
    assert_security_headers(response)
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "secret internal detail" not in body and "RuntimeError" not in body


def test_error_pages_are_translated(error_app):
    client = error_app.test_client()
    assert soup(client.get("/ko/nowhere")).h1.get_text(strip=True) == "페이지를 찾을 수 없습니다"
    assert soup(client.get("/en/nowhere")).h1.get_text(strip=True) == "Page not found"
    korean_500 = soup(client.get("/ko/boom")).get_text()
    assert "Sorry" not in korean_500


def test_405_names_the_allowed_methods(client):
    response = client.post("/ko/privacy")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert soup(response).select_one("#krds-masthead")


def test_a_one_megabyte_post_is_413(error_app):
    response = error_app.test_client().post("/ko/demo-form", data={"note": "가" * (1024 * 1024)})
    assert response.status_code == 413
    assert soup(response).h1
    assert_security_headers(response)


def test_database_down_is_a_503_that_keeps_what_was_typed(app):
    down = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:9/none",
                      SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"connect_timeout": 2}})
    down.register_blueprint(formkit.bp)
    client = down.test_client()
    page = client.get("/ko/")
    assert page.status_code == 503
    assert page.headers["Retry-After"]
    assert_security_headers(page)
    response = client.post("/ko/demo-form", data={"name": "홍길동", "phone": "010 1234 5678", "note": "<b>안녕</b>"})
    assert response.status_code == 503
    form = soup(response).select_one("form.resend")
    kept = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    assert kept["name"] == "홍길동" and kept["phone"] == "010 1234 5678" and kept["note"] == "<b>안녕</b>"
    assert "<b>안녕</b>" not in response.get_data(as_text=True)  # shown escaped
    assert "csrf_token" in kept  # a fresh token, so "send again" works


def test_readyz_is_503_when_the_database_is_unreachable():
    down = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:9/none",
                      SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"connect_timeout": 2}})
    response = down.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}


class TestExpiredForm:
    @pytest.fixture()
    def csrf_app(self, app):
        application = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                                 WTF_CSRF_ENABLED=True)
        application.register_blueprint(formkit.bp)

        @application.post("/<lang:lang>/plain-action")
        def plain_action():
            return "done"

        return application

    def test_expired_token_re_shows_the_form_with_the_input_kept(self, csrf_app):
        client = csrf_app.test_client()
        data = {"name": "김영희", "phone": "010-2222-3333", "kind": "a", "consent": "y", "csrf_token": "stale"}
        response = client.post("/ko/demo-form", data=data)
        assert response.status_code == 400
        page = soup(response)
        assert page.select_one(".error-summary")
        assert "시간이 지났" in page.select_one(".error-summary").get_text()
        assert page.select_one("#name")["value"] == "김영희"
        assert page.select_one("#phone")["value"] == "010-2222-3333"
        assert not page.select_one(".saved"), "nothing may be saved without a valid token"
        fresh = page.select_one("input[name=csrf_token]")["value"]
        assert fresh and fresh != "stale"
        # Sending again with the fresh token works.
        again = client.post("/ko/demo-form", data={**data, "csrf_token": fresh})
        assert again.status_code == 200 and soup(again).select_one(".saved")

    def test_other_posts_without_a_token_are_400_with_the_input_shown(self, csrf_app):
        response = csrf_app.test_client().post("/en/plain-action", data={"message": "hello there"})
        assert response.status_code == 400
        page = soup(response)
        assert "hello there" in page.select_one("form.resend").get_text()

    def test_a_valid_token_passes(self, csrf_app):
        client = csrf_app.test_client()
        page = soup(client.get("/ko/demo-form"))
        token = page.select_one("input[name=csrf_token]")["value"]
        response = client.post("/ko/demo-form", data={"name": "이철수", "phone": "01098765432", "kind": "b",
                                                      "consent": "y", "csrf_token": token})
        assert soup(response).select_one(".saved").get_text() == "Saved 이철수|010-9876-5432"
