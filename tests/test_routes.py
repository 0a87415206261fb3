"""The URL contract: kebab-case paths, typed ids, CSRF on every POST route."""

import re

from flask import url_for

from alleyweb import create_app
from alleyweb.config import TestingConfig
from alleyweb.core.numbers import BoundedIntConverter
from alleyweb.extensions import csrf
from tests.staff_helpers import make_staff, sign_in_as

SEGMENT = re.compile(r"^(<[^>]+>|[a-z0-9]+(-[a-z0-9]+)*(\.(xml|txt|csv))?)$")


def route_problems(app) -> list[str]:
    problems = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for segment in filter(None, rule.rule.split("/")):
            if not SEGMENT.match(segment):
                problems.append(f"{rule.rule}: segment {segment!r} is not kebab-case")
        for name, converter in rule._converters.items():
            if (name == "id" or name.endswith("_id")) and not isinstance(converter, BoundedIntConverter):
                problems.append(f"{rule.rule}: {name} is not typed <int:...> (the bounded converter)")
        if not re.match(r"^[a-z_]+(\.[a-z_]+)+$", rule.endpoint):
            problems.append(f"{rule.rule}: endpoint {rule.endpoint} is not snake_case blueprint(.child).view")
    return problems


def post_routes_without_csrf(app, client=None) -> list[str]:
    """POST routes that a request without a CSRF token can reach (CSRFProtect would answer 400).

    Pass a signed-in staff client so that the sign-in check does not answer first."""
    missing = []
    client = client or app.test_client()
    for rule in app.url_map.iter_rules():
        if "POST" not in (rule.methods or ()):
            continue
        values = {name: ("ko" if name == "lang" else 1) for name in rule.arguments}
        with app.test_request_context():
            url = url_for(rule.endpoint, **values)
        response = client.post(url, data={"probe": "1"})
        to_sign_in = response.status_code == 302 and response.headers["Location"].endswith("/staff/sign-in")
        if response.status_code != 400 and not to_sign_in:
            missing.append(f"{rule.rule} answered {response.status_code}")
    return missing


def test_every_route_is_kebab_case_with_typed_ids(app):
    assert route_problems(app) == []


def test_the_route_check_catches_bad_routes():
    bad = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI="sqlite://")
    bad.add_url_rule("/<lang:lang>/storeList/<id>", "core.store_list", lambda lang, id: "")
    problems = route_problems(bad)
    assert any("storeList" in p for p in problems)
    assert any("not typed" in p for p in problems)


def test_every_post_route_requires_a_csrf_token(app, clean_db):
    checked = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                         WTF_CSRF_ENABLED=True)
    with checked.app_context():
        admin = make_staff("csrf-admin@seogu.go.kr", "admin")
        client = checked.test_client()
        sign_in_as(client, admin)
    assert post_routes_without_csrf(checked, client) == []
    assert post_routes_without_csrf(checked) == []  # and signed out


def test_the_csrf_check_catches_an_exempt_route(app):
    checked = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                         WTF_CSRF_ENABLED=True)

    @checked.post("/<lang:lang>/unsafe-action")
    @csrf.exempt
    def unsafe_action():
        return "changed"

    @checked.post("/<lang:lang>/safe-action")
    def safe_action():
        return "changed"

    missing = post_routes_without_csrf(checked)
    assert missing == ["/<lang:lang>/unsafe-action answered 200"]
