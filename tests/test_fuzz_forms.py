"""Every public form, driven by hypothesis with what real people and robots send: NUL bytes, right-to-left
overrides, decomposed jamo, emoji, 10,000 characters, phone numbers with spaces, junk choices, missing and
repeated fields. The answer is always 200, 302, 400, 413 or 429 — never a 500 — and a refused form
stores nothing at all, an accepted one exactly one submission. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import itertools
from datetime import date
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from alleyweb.extensions import db
from alleyweb.submissions.models import Submission
from tests.helpers import soup

ALLOWED = {200, 302, 400, 413, 429}
_ADDRESSES = itertools.count(1)  # a new client address for every post: rate limits are tested elsewhere
NASTY = [
    "\x00", "a\x00b", "\u202e\u202d악성", "\u1112\u1169\u11bc\u1100\u1175\u11af\u1103\u1169\u11bc", "ㄱㅂㅊㄱ",
    "🍗🎉👩‍👩‍👧",
    "가" * 10_000, "010 1234 5678", " 010-1234-5678 ", "+82 10 1234 5678", "０１０１２３４５６７８", "", "   ",
    "<script>alert(1)</script>", "' OR 1=1 --", "1e309", "-1", "0", "99999999999999999999999", "1,000,000원",
    "₩1,000,000", "2026-02-30", "1900-01-01", "9999-12-31", "\r\n", "on", "y", "true",
]
TEXT = st.one_of(st.sampled_from(NASTY), st.text(max_size=40), st.text(alphabet="0123456789-, ", max_size=16))
# What a person would type, by the field's name: most examples get these, so accepted forms are driven too.
PLAUSIBLE = [
    (("phone", "mobile"), ["010-1234-5678", "010 2345 6789", "01034567890", "062-360-7114"]),
    (("last4",), ["5678", "0000"]),
    (("receipt",), ["AAAAA-AAAAA", "7k3qp9xpd2"]),
    (("year",), ["1950", "2016", "1990"]),
    (("month",), ["3", "12"]),
    (("day",), ["1", "31"]),
    (("birth", "date", "_on"), ["1950-03-01", "2016-06-01", "1990-12-31"]),
    (("amount", "won"), ["1000000", "30,000,000", "₩50,000,000", "100만원"]),
    (("months",), ["12"]),
    (("business_number", "bizno"), ["123-45-67891"]),
    (("consent", "agree"), ["y"]),
    (("name",), ["홍길동", "Kim Minsu", "김 영희"]),
    (("email",), ["resident@example.com"]),
]
PROSE = ["골목 입구에 주차가 많습니다.", "반찬 만들기를 돕고 싶어요.", "경열로 33", "Cars park at the entrance."]


def _plausible(name: str) -> list[str]:
    lowered = name.lower()
    for words, values in PLAUSIBLE:
        if any(word in lowered for word in words):
            return values
    return PROSE


@pytest.fixture()
def forms_world(app, clean_db):
    """The programs the site starts with and an open sharing project, so that every form is reachable."""
    with app.app_context():
        from alleyweb.giving import services as giving
        from alleyweb.programs.content import seed_programs

        seed_programs()

        class Officer:
            id = None

        project = giving.save_project(
            None, Officer(), title_ko="반찬 나눔", title_en="Side dishes", area="health", dong_id=None,
            description_ko="설명", description_en="About", starts_on=date(2026, 1, 1), ends_on=None,
            helpers_needed=3, recipients_needed=3, status="open")
        db.session.commit()
        from alleyweb.programs.models import Program
        from alleyweb.programs.questions import validate_questions

        # One program asks a question of every kind (yes/no, date, number), so that they are driven too.
        visits = db.session.scalar(select(Program).where(Program.slug == "multicultural-family-visits"))
        visits.questions = validate_questions([*visits.questions, *(
            {"key": f"fuzz_{kind}", "type": kind, "label_ko": kind, "label_en": kind, "required": kind != "date"}
            for kind in ("yesno", "date", "number"))])
        db.session.commit()
        slugs = [p.slug for p in db.session.scalars(select(Program)) if p.accepts_applications]
        project_id = project.id
    pages = ["/ko/status", "/en/stores/register", "/ko/suggestions/new", "/en/donate", "/ko/volunteer",
             f"/ko/projects/{project_id}", "/ko/programs/check", *(f"/en/programs/{slug}/apply" for slug in slugs)]
    return pages


def _fields(form):
    """(name, kind, choices) of a form's fields, hidden ones with their value."""
    fields = []
    for element in form.select("input[name], select[name], textarea[name]"):
        name = element["name"]
        if element.name == "select":
            fields.append((name, "choice", [o.get("value", "") for o in element.select("option")]))
        elif element.get("type") in ("radio", "checkbox"):
            fields.append((name, "choice", [element.get("value", "on")]))
        elif element.get("type") == "hidden":
            fields.append((name, "hidden", [element.get("value", "")]))
        else:
            fields.append((name, "text", []))
    return fields


def _table_counts() -> dict[str, int]:
    counts = {}
    for table in db.metadata.sorted_tables:
        if table.name in ("data_versions", "audit_events"):
            continue
        counts[table.name] = db.session.scalar(select(func.count()).select_from(table))
    return counts


def _draw_form(data, fields) -> MultiDict:
    values = MultiDict()
    for name, kind, choices in fields:
        if data.draw(st.integers(0, 9), label=f"omit {name}") == 0:
            continue  # a missing field
        repeat = 2 if data.draw(st.integers(0, 14), label=f"repeat {name}") == 0 else 1
        for _ in range(repeat):  # sometimes the same field twice
            if kind == "hidden" and data.draw(st.integers(0, 5), label=f"keep {name}"):
                values.add(name, choices[0])
            elif kind == "choice" and data.draw(st.integers(0, 4), label=f"valid {name}"):
                values.add(name, data.draw(st.sampled_from(choices), label=name))
            elif kind == "text" and data.draw(st.integers(0, 3), label=f"plausible {name}"):
                values.add(name, data.draw(st.sampled_from(_plausible(name)), label=name))
            else:
                values.add(name, data.draw(TEXT, label=name))
    return values


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_every_public_form_survives_what_people_and_robots_send(app, forms_world, data):
    for page in forms_world:
        client = app.test_client()
        address = {"REMOTE_ADDR": f"198.51.{next(_ADDRESSES) % 256}.{next(_ADDRESSES) % 250 + 1}"}
        response = client.get(page, environ_base=address)
        assert response.status_code == 200, page
        form = next(f for f in soup(response).select("main form[method=post], main form[method=POST]"))
        fields = _fields(form)
        values = _draw_form(data, fields)
        with app.app_context():
            before = _table_counts()
        posted = client.post(form.get("action") or page, data=values, environ_base=address)
        assert posted.status_code in ALLOWED, (page, posted.status_code, values)
        with app.app_context():
            after = _table_counts()
        added = after["submissions"] - before["submissions"]
        assert added in (0, 1), page
        if added == 0:  # refused (or a lookup): nothing half-stored anywhere
            assert after == before, (page, {k: (before[k], after[k]) for k in after if after[k] != before[k]})
        else:  # accepted: the receipt page or its redirect
            assert posted.status_code in (200, 302), page
            with app.app_context():
                stored = db.session.scalars(select(Submission).order_by(Submission.id.desc())).first()
                assert "\x00" not in (stored.name or "") + (stored.phone or "") + str(stored.details)




# -- GET query parameters and path segments ---------------------------------------------------------------

SEGMENT = st.one_of(st.sampled_from(["0", "1", "-1", "²", "１", "٣", "9" * 30, "9" * 5000, "thousand-won-taxi",
                                     "%00", "..", "%2e%2e", "a" * 300, "🍗", "ㄱㅂ"]), st.text(max_size=12))


def _query_names(page) -> list[str]:
    """The query parameters a page's own GET forms and links use."""
    names = {el["name"] for form in page.select("form") if (form.get("method") or "get").lower() == "get"
             for el in form.select("[name]")}
    for link in page.select("a[href*='?']"):
        names.update(key for key, _value in parse_qsl(urlsplit(link["href"]).query))
    return sorted(names | {"page"})


@pytest.fixture()
def get_world(app, forms_world):
    """Public GET pages (sitemap) and the staff lists, with the query parameters each one reads."""
    from tests.pages import gated_paths
    from tests.staff_helpers import make_staff, sign_in_as

    with app.app_context():
        admin = app.test_client()
        sign_in_as(admin, make_staff("fuzz-admin@seogu.go.kr", "admin"))
    public = app.test_client()
    pages = [(public, path) for path in gated_paths(app) if "does-not-exist" not in path]
    pages += [(admin, f"/ko/staff/{path}") for path in ("submissions", "audit", "voice", "volunteers",
                                                         "alley-office", "projects", "programs")]
    return [(client, path, _query_names(soup(client.get(path)))) for client, path in pages], admin


# Without shrinking: a failing example is reported as drawn (shrinking one through every page took minutes).
GET_SETTINGS = settings(max_examples=25, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@GET_SETTINGS
@given(data=st.data())
def test_every_get_page_survives_hostile_query_parameters(app, get_world, data):
    pages, _admin = get_world
    for client, path, names in pages:
        query = MultiDict()
        for name in data.draw(st.lists(st.sampled_from(names), max_size=4), label=f"names {path}"):
            query.add(name, data.draw(st.one_of(TEXT, SEGMENT), label=name))
        response = client.get(path, query_string=query)
        assert response.status_code in {200, 302, 400, 404, 429}, (path, query, response.status_code)


@GET_SETTINGS
@given(data=st.data())
def test_every_route_survives_hostile_path_segments(app, get_world, data):
    import re

    _pages, admin = get_world
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or not rule.arguments - {"lang"}:
            continue

        def fill(match):
            if match.group(1) == "lang":
                return data.draw(st.sampled_from(["ko", "en", "xx"]), label="lang")
            return quote(data.draw(SEGMENT, label=match.group(1)), safe="")

        path = re.sub(r"<(?:[^:>]+:)?(\w+)>", fill, rule.rule)
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            response = admin.open(path, method=method, data={"probe": "1"})
            allowed = {200, 302, 308, 400, 404, 405, 429}  # 308: an empty segment, with its slashes merged
            assert response.status_code in allowed, (method, path[:80], response.status_code)
