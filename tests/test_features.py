"""The feature contract (alleyweb/core/features.py): each feature declares what it brings in one object,
create_app installs them in one loop, and what they declare lives on the app, not in module globals."""

from __future__ import annotations

import inspect
import re
from importlib import import_module

from flask import Blueprint
from flask_babel import lazy_gettext as _l

import alleyweb
from alleyweb import FEATURES, create_app, load_features
from alleyweb.config import TestingConfig
from alleyweb.core.features import Feature, MenuItem, registry
from alleyweb.core.retention import RetentionRule
from alleyweb.home.services import Door
from alleyweb.submissions.registry import SubmissionType, all_types, get_type
from tests.helpers import soup
from tests.staff_helpers import make_staff, sign_in_as


def test_each_feature_module_exposes_one_feature():
    for name in FEATURES:
        module = import_module(name)
        features = [value for value in vars(module).values() if isinstance(value, Feature)]
        assert features == [module.feature], name
    assert len({f.name for f in load_features()}) == len(FEATURES)


def test_create_app_registers_nothing_but_through_the_loop():
    source = inspect.getsource(alleyweb.create_app)
    assert not re.search(r"register\w*\(", source)
    assert "install(app" in source


def _two_apps(database):
    """The full site, and one without merchant voice but with a feature of the test's own."""
    door = Door("extra", "Extra service", "Something only this app has", "extra.page", order=99)
    extra_bp = Blueprint("extra", __name__, url_prefix="/<lang:lang>")
    extra_bp.add_url_rule("/extra", "page", lambda: "extra page")
    staff_bp = Blueprint("extra_staff", __name__)
    staff_bp.add_url_rule("/extra", "page", lambda: "extra staff page")
    kind = SubmissionType("zz-extra", "Extra kind", RetentionRule("zz-extra", "Extra", "Testing", "Name", 30))
    extra = Feature("extra", blueprints=(extra_bp,), staff_blueprints=(staff_bp,), doors=(door,),
                    staff_menu=(MenuItem(_l("Extra"), "staff.extra_staff.page", order=99),),
                    submission_types=(kind,), action_labels={"extra.act": "Did the extra thing"})
    full = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database)
    other = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database,
                       features=[f for f in load_features() if f.name != "voice"] + [extra])
    return full, other


def test_two_apps_in_one_process_share_no_registry(app):
    full, other = _two_apps(app.config["SQLALCHEMY_DATABASE_URI"])
    assert registry(full) is not registry(other)
    with full.app_context():
        assert get_type("voice_suggestion") is not None and get_type("zz-extra") is None
        assert "voice.publish" in registry().action_labels and "extra.act" not in registry().action_labels
        assert "zz-extra" not in {t.key for t in all_types()}
    with other.app_context():
        assert get_type("voice_suggestion") is None and get_type("zz-extra") is not None
        assert "extra.act" in registry().action_labels and "voice.publish" not in registry().action_labels
    assert "voice.new_suggestion" in full.view_functions and "voice.new_suggestion" not in other.view_functions
    assert "staff.voice.suggestions" in full.view_functions and "staff.voice.suggestions" not in other.view_functions
    assert "staff.extra_staff.page" in other.view_functions and "staff.extra_staff.page" not in full.view_functions
    assert other.test_client().get("/ko/extra").text == "extra page"
    assert full.test_client().get("/ko/extra").status_code == 404
    # The home page's doors and the privacy policy follow each app's own features.
    full_home = soup(full.test_client().get("/en/")).get_text()
    other_home = soup(other.test_client().get("/en/")).get_text()
    assert "Merchants: send a suggestion" in full_home and "Extra service" not in full_home
    assert "Extra service" in other_home and "Merchants: send a suggestion" not in other_home
    assert "Extra" in soup(other.test_client().get("/en/privacy")).select_one("#items").get_text()
    # And the suite's own app still has all of its own.
    with app.app_context():
        assert get_type("voice_suggestion") is not None and get_type("zz-extra") is None


def test_a_features_staff_pages_sit_behind_the_staff_sign_in(app, clean_db):
    full, other = _two_apps(app.config["SQLALCHEMY_DATABASE_URI"])
    client = other.test_client()
    assert client.get("/ko/staff/extra").headers["Location"].endswith("/ko/staff/sign-in")
    with other.app_context():
        user = make_staff("extra@seogu.go.kr", "admin")
        sign_in_as(client, user)
    response = client.get("/ko/staff/extra")
    assert response.text == "extra staff page" and response.headers["Cache-Control"] == "no-store"
    menu = [a.get_text() for a in soup(client.get("/en/staff/")).select(".staff-nav li a")]
    assert "Extra" in menu and "Merchant voice" not in menu
