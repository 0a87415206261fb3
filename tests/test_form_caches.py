"""What the form pages keep per worker: program and project rows behind their data versions
(core/cache.py, bumped by an ``after_flush`` listener), and the markup of blank fields kept on their
prototypes (core/forms/base.py). A staff change shows at once; no request's values or tokens reach
another request."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from alleyweb.dongs.models import Dong
from alleyweb.extensions import db, limiter
from alleyweb.giving.models import Application
from alleyweb.programs.models import Program
from tests.giving_helpers import make_project
from tests.helpers import soup
from tests.programs_helpers import programs  # noqa: F401 - a fixture
from tests.staff_helpers import make_staff

TAXI = "/ko/programs/thousand-won-taxi"


@pytest.fixture(autouse=True)
def _fresh_limits(app):
    with app.app_context():
        limiter.reset()


def _taxi() -> Program:
    return db.session.scalar(select(Program).where(Program.slug == "thousand-won-taxi"))


def test_a_program_change_shows_at_once_on_its_page_and_its_form(app, client, programs):  # noqa: F811
    for _ in range(2):  # the second request reads the kept row
        assert "천원택시" in soup(client.get(TAXI)).h1.get_text()
        assert "천원택시" in soup(client.get(f"{TAXI}/apply")).title.get_text()
    with app.app_context():
        taxi = _taxi()
        taxi.title_ko, taxi.benefits_ko = "천원택시 새 이름", "한 번에 천 원만 내고 새로 바뀐 혜택"
        db.session.commit()
    page = soup(client.get(TAXI))
    assert page.h1.get_text(strip=True) == "천원택시 새 이름"
    assert "새로 바뀐 혜택" in page.select_one(".fact-benefits, main").get_text()  # the facts, drawn once per version
    assert "새로 바뀐 혜택" not in soup(client.get("/en/programs/thousand-won-taxi")).get_text()
    assert "천원택시 새 이름" in soup(client.get(f"{TAXI}/apply")).title.get_text()
    with app.app_context():
        _taxi().status = "closed"
        db.session.commit()
    closed = soup(client.get(f"{TAXI}/apply"))
    assert not closed.select_one('input[name="name"]')  # the closed page, not the form
    with app.app_context():
        db.session.delete(_taxi())
        db.session.commit()
    assert client.get(TAXI).status_code == 404 and client.get(f"{TAXI}/apply").status_code == 404


def test_a_project_change_a_connection_and_a_dong_rename_show_at_once(ctx):
    from alleyweb.dongs.services import DongRow, read_seed_file, sync_dongs

    staff = make_staff("caches@seogu.go.kr", "moderator")
    dong = db.session.scalar(select(Dong).order_by(Dong.sort_order, Dong.code).limit(1))
    project = make_project(staff, "반찬 나눔")
    project.dong_id = dong.id
    db.session.commit()
    client, url = ctx.test_client(), f"/ko/projects/{project.id}"

    def shown():
        page = soup(client.get(url))
        return page.h1.get_text(strip=True), [row.get_text(" ", strip=True) for row in page.select(".summary-row")]

    def listed():  # the list of projects, kept the same way
        card = soup(client.get("/ko/projects")).select_one(".project-card")
        return card.select_one(".project-title").get_text(strip=True), card.select_one(".project-meta").get_text(" ")

    for _ in range(2):  # the second request reads the kept row and counts
        title, rows = shown()
        assert title == "반찬 나눔" and any(dong.name_ko in row for row in rows)
    project.title_ko = "김장 나눔"
    db.session.commit()
    title, before = shown()
    assert title == "김장 나눔" and listed()[0] == "김장 나눔"
    db.session.add(Application(project_id=project.id, kind="offer", state="connected"))
    db.session.commit()
    after = shown()[1]
    changed = [row for row in after if row not in before]
    assert len(changed) == 1 and "1명" in changed[0] and "0명" not in changed[0]
    assert "1명" in listed()[1]
    seed = read_seed_file()
    try:
        sync_dongs([DongRow(row.code, "새이름동" if row.code == dong.code else row.name_ko, row.name_en)
                    for row in seed])
        assert any("새이름동" in row for row in shown()[1]) and "새이름동" in listed()[1]
    finally:
        sync_dongs(seed)
    assert not any("새이름동" in row for row in shown()[1])


def _tokens(response) -> tuple[str, str]:
    page = soup(response)
    return (page.select_one('input[name="csrf_token"]')["value"],
            page.select_one('input[name="idempotency_key"]')["value"])


@pytest.fixture()
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.mark.parametrize("path, name, phone", [
    ("/ko/donate", "name", "phone"), ("/en/volunteer", "name", "phone"), ("/ko/suggestions/new", "name", "phone"),
    ("/ko/stores/register", "store_name", "store_phone"), ("/en/programs/thousand-won-taxi/apply", "name", "phone")])
def test_two_people_get_their_own_tokens_and_an_error_page_shows_only_its_own_values(
        app, programs, csrf_on, path, name, phone):  # noqa: F811
    first, second = app.test_client(), app.test_client()
    one, two = _tokens(first.get(path)), _tokens(second.get(path))
    assert one[0] != two[0] and one[1] != two[1]
    assert _tokens(first.get(path))[1] != one[1]  # a new one-time token on every form drawn
    # Sent with errors (no consent, nothing else): that request's own values come back, in its page only.
    sent = first.post(path, data={"csrf_token": one[0], "idempotency_key": one[1], name: "김보람",
                                  phone: "010-2222-3333", "website": ""})
    assert sent.status_code == 400
    page = soup(sent)
    assert page.select_one(f'input[name="{name}"]')["value"] == "김보람"
    assert page.select_one(f'input[name="{phone}"]')["value"] == "010-2222-3333"
    assert page.select_one('input[name="idempotency_key"]')["value"] == one[1]
    assert page.select(".field-error")
    blank = second.get(path)
    assert "김보람" not in blank.get_data(as_text=True) and "010-2222-3333" not in blank.get_data(as_text=True)
    assert soup(blank).select_one(f'input[name="{name}"]').get("value", "") == ""
    assert not soup(blank).select(".field-error") and not soup(blank).select(".has-error")
    assert _tokens(blank) != two and _tokens(blank)[0] != one[0]


def test_a_view_changing_a_field_is_drawn_afresh_not_from_the_blank_markup(app):
    from flask import g

    from alleyweb.core.forms import components
    from alleyweb.giving.forms import VolunteerForm

    with app.test_request_context("/ko/volunteer"):
        g.lang = "ko"
        blank = str(components.text_input(VolunteerForm().name))
        assert str(components.text_input(VolunteerForm().name)) == blank  # kept
        form = VolunteerForm()
        form.name.label.text = "다른 이름표"
        assert "다른 이름표" in str(components.text_input(form.name))
        form = VolunteerForm()
        form.name.data = "홍길동"
        assert 'value="홍길동"' in str(components.text_input(form.name))
        form = VolunteerForm()
        form.name.errors = ["틀렸어요"]
        assert "틀렸어요" in str(components.text_input(form.name))
        form = VolunteerForm()
        form.name.flags.required = False
        assert str(components.text_input(form.name)) != blank
        assert str(components.text_input(VolunteerForm().name)) == blank  # nothing of those in the next form


def test_a_field_with_a_default_or_kept_options_is_kept_only_while_it_shows_them(app):
    from flask import g
    from wtforms.fields.choices import SelectChoice

    from alleyweb.core.forms import components
    from alleyweb.core.forms.widgets import Options
    from alleyweb.giving.forms import PledgeForm

    with app.test_request_context("/ko/donate"):
        g.lang = "ko"
        blank = str(components.choice(PledgeForm().donor_type))
        assert 'checked id="donor_type-0"' in blank or "checked" in blank.split("donor_type-1")[0]
        form = PledgeForm()
        form.donor_type.data = "business"
        chosen = str(components.choice(form.donor_type))
        assert chosen != blank and str(components.choice(PledgeForm().donor_type)) == blank
        form = PledgeForm()
        form.dong.choices = Options([SelectChoice("1", "가동"), SelectChoice("2", "나동")])
        first = str(components.choice(form.dong))
        form = PledgeForm()
        form.dong.choices = Options([SelectChoice("1", "가동"), SelectChoice("3", "다동")])  # a new version
        assert "다동" in str(components.choice(form.dong)) and "다동" not in first


def test_ticked_boxes_sent_with_errors_come_back_ticked_and_stay_out_of_the_blank_form(app):
    """The volunteer form's checkbox groups are kept drawn while blank: boxes a person ticked on a form sent
    with errors come back ticked on their page, never on anyone else's."""
    first, second = app.test_client(), app.test_client()
    assert not soup(first.get("/en/volunteer")).select('input[type="checkbox"][checked]')
    sent = first.post("/en/volunteer", data={"areas": ["health", "education"], "languages": ["en"], "website": ""})
    assert sent.status_code == 400
    ticked = {(box["name"], box["value"]) for box in soup(sent).select('input[type="checkbox"][checked]')}
    assert {("areas", "health"), ("areas", "education"), ("languages", "en")} <= ticked
    blank = soup(second.get("/en/volunteer"))
    assert not blank.select('.checkbox-list input[checked], .checkbox-columns input[checked]')


# -- form blocks kept while blank (core/forms/blank_block.py) ------------------------------------------------

FORM_PAGES = ["/ko/donate", "/en/donate", "/ko/volunteer", "/en/volunteer", "/ko/suggestions/new",
              "/en/suggestions/new", "/ko/stores/register", "/en/stores/register",
              "/ko/programs/thousand-won-taxi/apply", "/en/programs/joint-weddings/apply"]


def _masked(response) -> str:
    from benchmarks.html_snapshot import mask

    return mask(response.get_data(as_text=True))


@pytest.mark.parametrize("path", FORM_PAGES)
def test_a_kept_form_block_is_the_drawn_one_with_each_requests_own_tokens(app, programs, csrf_on, path):  # noqa: F811
    from alleyweb.core.forms import blank_block

    blank_block._blocks.clear()
    first, second = app.test_client(), app.test_client()
    drawn = first.get(path)  # drawn, and kept
    kept_first, kept_second = first.get(path), second.get(path)
    assert len(blank_block._blocks) == 1
    assert _masked(kept_first) == _masked(drawn) == _masked(kept_second)
    # The tokens are this request's: the browser's own CSRF token (signed afresh, so its text may change with
    # the second; the form below is accepted with it), a new one-time token each time.
    assert _tokens(kept_first)[0] != _tokens(kept_second)[0] and _tokens(drawn)[0] != _tokens(kept_second)[0]
    assert len({_tokens(drawn)[1], _tokens(kept_first)[1], _tokens(kept_second)[1]}) == 3
    # A form sent with errors is drawn afresh, with its values, and the next blank form has none of them.
    sent = first.post(path, data={"csrf_token": _tokens(kept_first)[0], "idempotency_key": _tokens(kept_first)[1],
                                  "name": "김보람", "store_name": "김보람", "website": ""})
    assert sent.status_code == 400 and "김보람" in sent.get_data(as_text=True)
    summary = soup(sent).select_one(".error-summary").get_text()
    assert "expired" not in summary and "시간이 지났" not in summary  # the CSRF token was this browser's
    blank = second.get(path)
    assert "김보람" not in blank.get_data(as_text=True) and not soup(blank).select(".field-error")
    assert _masked(blank) == _masked(drawn)


def test_a_kept_project_page_is_the_drawn_one_and_never_a_sent_forms(ctx, csrf_on):
    from alleyweb.core.forms import blank_block

    staff = make_staff("blank-project@seogu.go.kr", "moderator")
    project = make_project(staff, "반찬 나눔")
    db.session.commit()
    blank_block._blocks.clear()
    first, second, url = ctx.test_client(), ctx.test_client(), f"/ko/projects/{project.id}"
    drawn, kept = first.get(url), second.get(url)
    assert _masked(drawn) == _masked(kept) and _tokens(drawn) != _tokens(kept) and blank_block._blocks
    sent = first.post(url, data={"csrf_token": _tokens(drawn)[0], "idempotency_key": _tokens(drawn)[1],
                                 "message": "토요일 반찬", "website": ""})
    assert sent.status_code == 400 and "토요일 반찬" in sent.get_data(as_text=True)
    assert "토요일 반찬" not in second.get(url).get_data(as_text=True)


def test_a_program_change_shows_at_once_in_its_kept_application_form(app, client, programs):  # noqa: F811
    """The form block names the program ("Back to …") and asks its questions: both follow a staff edit at once
    (the programs' data version is in the block's key)."""
    url = f"{TAXI}/apply"

    def back_link_and_questions():
        page = soup(client.get(url))
        back = page.select_one(f'a[href="{TAXI}"]').get_text(strip=True)
        return back, sorted({field["name"] for field in page.select("[name^=q_]")})

    for _ in range(2):  # the second request draws the kept block
        back, questions = back_link_and_questions()
        assert "천원택시" in back and len(questions) > 1
    with app.app_context():
        _taxi().title_ko = "천원택시 새 이름"
        db.session.commit()
    assert back_link_and_questions() == ("천원택시 새 이름 안내로 돌아가기", questions)
    with app.app_context():
        taxi = _taxi()
        taxi.questions = [question for question in taxi.questions][:1]
        db.session.commit()
    back, fewer = back_link_and_questions()
    assert "천원택시 새 이름" in back and len(fewer) == 1 and fewer[0] in questions


def test_a_form_a_view_filled_in_is_never_kept(app, client, clean_db):
    """The store request form opened from a store's page is filled in with that store: drawn afresh, not kept,
    and the blank form after it shows none of it."""
    from alleyweb.core.forms import blank_block
    from alleyweb.stores.services import save_store

    with app.app_context():
        store_id = save_store(name="양동 닭강정", items="치킨", accepts_paper=True, accepts_digital=False,
                              visible=True).id
        db.session.commit()
    blank_block._blocks.clear()
    filled = client.get(f"/ko/stores/register?store_id={store_id}")
    assert soup(filled).select_one('input[name="store_name"]')["value"] == "양동 닭강정" and not blank_block._blocks
    for _ in range(2):
        blank = client.get("/ko/stores/register")
        assert soup(blank).select_one('input[name="store_name"]').get("value", "") == ""
        assert "양동 닭강정" not in blank.get_data(as_text=True)
    assert blank_block._blocks


def test_a_block_whose_one_time_token_cannot_be_found_is_not_kept(app):
    from alleyweb.core.forms.blank_block import _TOKEN, _split

    guards = '<input type="hidden" name="idempotency_key" value="abc">'
    assert _split(f"<p>x</p>{guards}<p>y</p>", None) == (
        '<p>x</p><input type="hidden" name="idempotency_key" value="', _TOKEN, '"><p>y</p>')
    assert _split('<input value="abc" name="idempotency_key" type="hidden">', None) is None  # written otherwise
    assert _split(f"{guards}<p>idempotency_key</p>", None) is None


def test_the_programs_list_kept_while_its_filters_are_blank_shows_a_change_at_once(app, client, programs):  # noqa: F811
    """The unfiltered list is kept for the programs' data version; a filtered one is drawn (and read) each time."""
    def titles(url="/ko/programs"):
        return [link.get_text(strip=True) for link in soup(client.get(url)).select(".program-name a")]

    for _ in range(2):  # the second request draws the kept list
        assert "천원택시" in titles()
    with app.app_context():
        _taxi().title_ko = "천원택시 새 이름"
        db.session.commit()
    assert "천원택시 새 이름" in titles() and "천원택시" not in titles()
    assert titles("/ko/programs?q=새 이름") == ["천원택시 새 이름"]
    with app.app_context():
        db.session.delete(_taxi())
        db.session.commit()
    assert not any("천원택시" in title for title in titles())


def test_the_screeners_programs_kept_per_version_follow_a_change_at_once(app, client, programs):  # noqa: F811
    """The screener's programs (and so its questions) are kept per worker for the programs' data version."""
    def lead():
        page = soup(client.get("/en/programs/check"))
        return (page.select_one("p.lead") or page.select_one(".narrow p")).get_text(" ", strip=True)

    for _ in range(2):  # the second request reads the kept programs
        assert lead().startswith("Answer ")
    with app.app_context():
        for program in db.session.scalars(select(Program)):
            program.status = "closed"
        db.session.commit()
    assert lead() == "There are no programs to check right now."
