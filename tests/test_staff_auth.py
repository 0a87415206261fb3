"""Staff sign-in to OWASP ASVS level 2: each control has its test here."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import unquote

import pyotp
import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from alleyweb import create_app
from alleyweb.config import TestingConfig
from alleyweb.core.database import utcnow
from alleyweb.extensions import db
from alleyweb.staff import auth
from alleyweb.staff.models import StaffSession, StaffUser
from tests.helpers import audit_count, soup
from tests.staff_helpers import PASSWORD, make_staff, sign_in_as


@pytest.fixture()
def staff_app(app, clean_db):
    with app.app_context():
        yield app


def sign_in(client, email, password=PASSWORD, code=None, user=None, lang="ko"):
    """Go through the real forms: password, then the second factor."""
    response = client.post(f"/{lang}/staff/sign-in", data={"email": email, "password": password})
    if response.status_code != 302 or code is False:
        return response
    location = response.headers["Location"]
    if location.endswith("/two-factor/setup") or location.endswith("/two-factor"):
        code = code or pyotp.TOTP(user.totp_secret).now()
        return client.post(location, data={"code": code})
    return response


# -- accounts exist only by command --------------------------------------------------------------

def test_a_fresh_database_has_no_staff_account(staff_app):
    assert db.session.scalar(select(func.count()).select_from(StaffUser)) == 0


def test_staff_create_reads_the_password_from_stdin_and_prints_the_totp_uri(staff_app):
    result = staff_app.test_cli_runner().invoke(
        args=["staff", "create", "Kim.Officer@seogu.go.kr", "--role", "moderator", "--types", "demo"],
        input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "otpauth://totp/Seo-gu%20AlleyWeb:kim.officer%40seogu.go.kr?secret=" in result.output
    user = db.session.scalar(select(StaffUser).where(StaffUser.email == "kim.officer@seogu.go.kr"))
    assert user.role == "moderator" and user.allowed_types == ["demo"]
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash
    assert user.totp_confirmed_at is None


def test_passwords_are_hashed_at_full_strength_in_every_configuration_but_the_tests():
    """The suite's own configuration hashes with a cheaper scrypt (config.TestingConfig); the site never does."""
    from werkzeug.security import check_password_hash

    from alleyweb import config
    from alleyweb.staff.auth import hash_password

    for name in ("Config", "DevelopmentConfig", "ProductionConfig"):
        assert getattr(config, name).PASSWORD_HASH == "scrypt:32768:8:1", name
    assert config.TestingConfig.PASSWORD_HASH == "scrypt:1024:8:1"
    site = create_app(config.DevelopmentConfig, SQLALCHEMY_DATABASE_URI="sqlite://")
    with site.app_context():
        made = hash_password(PASSWORD)
    assert made.startswith("scrypt:32768:8:1$") and check_password_hash(made, PASSWORD)


def test_staff_create_has_no_password_argument(staff_app):
    result = staff_app.test_cli_runner().invoke(args=["staff", "create", "a@seogu.go.kr", "--role", "admin",
                                                      "--password", PASSWORD])
    assert result.exit_code != 0 and "No such option" in result.output


@pytest.mark.parametrize("password", ["short password", "passwordpassword", "123456789012345", "qwertyuiopasdfgh",
                                      "aaaaaaaaaaaaaaaaaaaa", "officer.kim@seogu2026", "iloveyouiloveyou"])
def test_weak_and_common_passwords_are_refused(staff_app, password):
    result = staff_app.test_cli_runner().invoke(
        args=["staff", "create", "officer.kim@seogu.go.kr", "--role", "viewer"], input=password + "\n")
    assert result.exit_code != 0
    assert db.session.scalar(select(func.count()).select_from(StaffUser)) == 0


def test_long_passphrases_are_accepted(staff_app):
    long_one = "갈매기 나는 서창동 들녘에 노을이 지면 " * 3  # 64+ characters, Hangul and spaces
    assert len(long_one) > 64
    user = make_staff("long@seogu.go.kr", "viewer", password=long_one)
    assert auth.check_password_login("long@seogu.go.kr", long_one) == user


# -- the second factor ---------------------------------------------------------------------------

def test_first_sign_in_sets_up_totp_and_shows_recovery_codes_once(staff_app):
    user = make_staff("first@seogu.go.kr", "moderator", confirmed=False)
    client = staff_app.test_client()
    response = client.post("/ko/staff/sign-in", data={"email": "first@seogu.go.kr", "password": PASSWORD})
    assert response.headers["Location"].endswith("/ko/staff/two-factor/setup")
    # Until the code is confirmed, nothing else is reachable.
    assert client.get("/ko/staff/submissions").headers["Location"].endswith("/ko/staff/sign-in")
    setup = soup(client.get("/ko/staff/two-factor/setup"))
    src = setup.select_one("img.qr")["src"]
    assert src.startswith("data:image/svg+xml")
    assert "xmlns" in unquote(src)  # an SVG image (not inline markup) needs its namespace to display
    assert setup.select_one("code.secret").get_text().replace(" ", "") == user.totp_secret
    wrong = client.post("/ko/staff/two-factor/setup", data={"code": "000000"})
    assert wrong.status_code == 400
    done = client.post("/ko/staff/two-factor/setup", data={"code": pyotp.TOTP(user.totp_secret).now()})
    codes = [c.get_text() for c in soup(done).select(".recovery-codes code")]
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}", c) for c in codes)
    db.session.refresh(user)
    assert user.totp_confirmed_at is not None
    assert all(code.replace("-", "") not in str(rc.code_hash) for code in codes for rc in user.recovery_codes)
    assert client.get("/ko/staff/submissions").status_code == 200


def test_password_alone_is_not_enough(staff_app):
    make_staff("two@seogu.go.kr", "admin")
    client = staff_app.test_client()
    response = client.post("/ko/staff/sign-in", data={"email": "two@seogu.go.kr", "password": PASSWORD})
    assert response.headers["Location"].endswith("/ko/staff/two-factor")
    for path in ["/ko/staff/", "/ko/staff/submissions", "/ko/staff/accounts", "/ko/staff/audit"]:
        assert client.get(path).headers["Location"].endswith("/ko/staff/sign-in"), path


def test_a_totp_code_works_once(staff_app):
    user = make_staff("once@seogu.go.kr", "admin")
    code = pyotp.TOTP(user.totp_secret).now()
    first = staff_app.test_client()
    assert sign_in(first, "once@seogu.go.kr", code=code, user=user).status_code == 302
    second = staff_app.test_client()
    replay = sign_in(second, "once@seogu.go.kr", code=code, user=user)
    assert replay.status_code == 400


def test_a_recovery_code_signs_in_once(staff_app):
    user = make_staff("recover@seogu.go.kr", "admin")
    codes = auth.issue_recovery_codes(user)
    db.session.commit()
    client = staff_app.test_client()
    assert sign_in(client, "recover@seogu.go.kr", code=codes[3].upper(), user=user).status_code == 302
    again = staff_app.test_client()
    assert sign_in(again, "recover@seogu.go.kr", code=codes[3], user=user).status_code == 400
    assert audit_count("auth.recovery_code_used") == 1


# -- failures, throttling, lockout ----------------------------------------------------------------

def test_the_message_never_tells_whether_the_email_exists(staff_app):
    make_staff("real@seogu.go.kr", "admin")
    client = staff_app.test_client()
    wrong_password = soup(client.post("/ko/staff/sign-in", data={"email": "real@seogu.go.kr", "password": "x" * 20}))
    no_account = soup(client.post("/ko/staff/sign-in", data={"email": "nobody@seogu.go.kr", "password": "x" * 20}))
    assert wrong_password.select_one(".error-summary").get_text() == no_account.select_one(".error-summary").get_text()


def test_per_account_lockout_with_backoff(staff_app):
    user = make_staff("lock@seogu.go.kr", "admin")
    for _ in range(auth.LOCK_AFTER_FAILURES):
        assert auth.check_password_login("lock@seogu.go.kr", "wrong password here") is None
    db.session.refresh(user)
    first_lock = user.locked_until
    assert first_lock is not None
    # Even the right password is refused while locked, with the same answer.
    assert auth.check_password_login("lock@seogu.go.kr", PASSWORD) is None
    with freeze_time(utcnow() + timedelta(minutes=2)):
        assert auth.check_password_login("lock@seogu.go.kr", "wrong again, still") is None
        db.session.refresh(user)
        second = user.locked_until
    assert (second - utcnow().replace(tzinfo=None) if second.tzinfo is None else second - utcnow()) > timedelta(
        minutes=2.5)
    with freeze_time(utcnow() + timedelta(hours=2)):
        assert auth.check_password_login("lock@seogu.go.kr", PASSWORD) == user


def test_ten_failures_a_minute_from_one_address_get_429(staff_app):
    throttled = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=staff_app.config["SQLALCHEMY_DATABASE_URI"])
    client = throttled.test_client()
    codes = [client.post("/ko/staff/sign-in", data={"email": f"x{i}@seogu.go.kr", "password": "y" * 20},
                         environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code for i in range(11)]
    assert codes[:10] == [400] * 10 and codes[10] == 429
    # Another address is not affected.
    other = client.post("/ko/staff/sign-in", data={"email": "z@seogu.go.kr", "password": "y" * 20},
                        environ_base={"REMOTE_ADDR": "203.0.113.10"})
    assert other.status_code == 400


def test_successful_sign_ins_do_not_count_towards_the_limit(staff_app):
    throttled = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=staff_app.config["SQLALCHEMY_DATABASE_URI"])
    with throttled.app_context():
        make_staff("often@seogu.go.kr", "viewer")
    for _ in range(12):
        client = throttled.test_client()
        response = client.post("/ko/staff/sign-in", data={"email": "often@seogu.go.kr", "password": PASSWORD})
        assert response.status_code == 302


# -- sessions -------------------------------------------------------------------------------------

def test_sign_in_issues_a_new_session_id(staff_app):
    """Session fixation: a session cookie planted before sign-in is worthless after it."""
    user = make_staff("fix@seogu.go.kr", "admin")
    client = staff_app.test_client()
    with client.session_transaction() as session:
        session[auth.SESSION_KEY] = "attacker-chosen-token"
        session["planted"] = "yes"
    sign_in(client, "fix@seogu.go.kr", user=user)
    with client.session_transaction() as session:
        assert session[auth.SESSION_KEY] != "attacker-chosen-token"
        assert "planted" not in session
    # The half-signed-in session after the password is replaced again after the second factor.
    rows = db.session.scalars(select(StaffSession).where(StaffSession.staff_id == user.id)
                                .order_by(StaffSession.id)).all()
    assert len(rows) == 2 and rows[0].revoked_at is not None and rows[1].revoked_at is None


def test_cookie_replay_after_sign_out_is_rejected(staff_app):
    user = make_staff("out@seogu.go.kr", "admin")
    client = staff_app.test_client()
    sign_in(client, "out@seogu.go.kr", user=user)
    assert client.get("/ko/staff/submissions").status_code == 200
    stolen = client.get_cookie("alleyweb_session").value
    assert client.get("/ko/staff/sign-out").status_code == 405  # sign-out is a POST
    assert client.post("/ko/staff/sign-out").status_code == 302
    thief = staff_app.test_client()
    thief.set_cookie("alleyweb_session", stolen)
    assert thief.get("/ko/staff/submissions").headers["Location"].endswith("/ko/staff/sign-in")


@pytest.mark.parametrize("minutes,ok", [(29, True), (31, False)])
def test_idle_timeout_is_30_minutes(staff_app, minutes, ok):
    user = make_staff("idle@seogu.go.kr", "viewer")
    client = staff_app.test_client()
    sign_in_as(client, user)
    with freeze_time(utcnow() + timedelta(minutes=minutes)):
        response = client.get("/ko/staff/submissions")
    assert (response.status_code == 200) is ok


def test_absolute_timeout_is_12_hours_even_when_active(staff_app):
    user = make_staff("abs@seogu.go.kr", "viewer")
    client = staff_app.test_client()
    sign_in_as(client, user)
    start = utcnow()
    for hours in range(1, 12):  # busy all day: every 20 minutes
        for third in range(3):
            with freeze_time(start + timedelta(hours=hours - 1, minutes=20 * third + 1)):
                assert client.get("/ko/staff/").status_code == 200
    with freeze_time(start + timedelta(hours=12, minutes=1)):
        assert client.get("/ko/staff/").status_code == 302


def test_password_change_ends_every_other_session(staff_app):
    user = make_staff("change@seogu.go.kr", "moderator")
    laptop, phone = staff_app.test_client(), staff_app.test_client()
    sign_in_as(laptop, user)
    sign_in_as(phone, user)
    new = "a brand new passphrase for winter"
    response = laptop.post("/ko/staff/password", data={"current": PASSWORD, "new_password": new})
    assert response.status_code == 302
    assert laptop.get("/ko/staff/").status_code == 200  # the changer stays signed in, with a new session
    assert phone.get("/ko/staff/").status_code == 302
    assert auth.check_password_login("change@seogu.go.kr", new) is not None


def test_disabling_an_account_ends_its_sessions_at_once(staff_app):
    admin = make_staff("boss@seogu.go.kr", "admin")
    user = make_staff("leaver@seogu.go.kr", "moderator")
    boss, leaver = staff_app.test_client(), staff_app.test_client()
    sign_in_as(boss, admin)
    sign_in_as(leaver, user)
    assert leaver.get("/ko/staff/").status_code == 200
    assert boss.post(f"/ko/staff/accounts/{user.id}/disable").status_code == 302
    assert leaver.get("/ko/staff/").status_code == 302
    assert auth.check_password_login("leaver@seogu.go.kr", PASSWORD) is None


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "https://evil.example/",
                                    "/%09/evil.example", "/\t/evil.example", "javascript:alert(1)"])
def test_next_redirects_stay_on_this_site(staff_app, target):
    user = make_staff("next@seogu.go.kr", "admin")
    client = staff_app.test_client()
    client.get("/ko/staff/sign-in", query_string={"next": target})
    response = sign_in(client, "next@seogu.go.kr", user=user)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location == "/ko/staff/", location


def test_next_returns_to_the_page_asked_for(staff_app):
    user = make_staff("back@seogu.go.kr", "admin")
    client = staff_app.test_client()
    assert client.get("/ko/staff/audit?action=auth.sign_in").status_code == 302
    response = sign_in(client, "back@seogu.go.kr", user=user)
    assert response.headers["Location"] == "/ko/staff/audit?action=auth.sign_in"


def test_staff_pages_are_not_stored(staff_app):
    user = make_staff("nostore@seogu.go.kr", "admin")
    client = staff_app.test_client()
    sign_in_as(client, user)
    for path in ["/ko/staff/", "/ko/staff/submissions", "/ko/staff/sign-in", "/ko/staff/no-such-page"]:
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_every_staff_url_sends_the_signed_out_to_sign_in(staff_app):
    """Walk the url_map: every staff endpoint except the sign-in steps needs a full sign-in."""
    client = staff_app.test_client()
    open_endpoints = {"staff.auth.sign_in", "staff.auth.two_factor", "staff.auth.setup", "staff.auth.sign_out"}
    checked = 0
    for rule in staff_app.url_map.iter_rules():
        if not rule.endpoint.startswith("staff.") or rule.endpoint in open_endpoints:
            continue
        url = re.sub(r"<(?:int|bint):\w+>", "1", rule.rule.replace("<lang:lang>", "ko"))
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            response = client.open(url, method=method)
            assert response.status_code == 302, f"{method} {url}"
            assert response.headers["Location"].endswith("/ko/staff/sign-in"), f"{method} {url}"
            checked += 1
    assert checked >= 12
