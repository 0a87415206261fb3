"""BaseForm, shared validators and the form components, through a demo form on a test app."""

import pytest
from wtforms import StringField

from alleyweb import create_app
from alleyweb.config import TestingConfig
from alleyweb.core.forms.base import BaseForm
from alleyweb.core.forms.validators import bizno_is_valid, normalise_phone
from tests import formkit
from tests.helpers import soup


@pytest.fixture()
def form_client(app):
    application = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    application.register_blueprint(formkit.bp)
    return application.test_client()


VALID = {"name": "홍길동", "phone": "010-1234-5678", "kind": "a", "consent": "y"}


@pytest.mark.parametrize("raw,expected", [
    ("010-1234-5678", "010-1234-5678"), ("01012345678", "010-1234-5678"), (" 010 1234 5678 ", "010-1234-5678"),
    ("010.1234.5678", "010-1234-5678"), ("+82 10-1234-5678", "010-1234-5678"), ("(062) 360-7114", "062-360-7114"),
    ("0623607114", "062-360-7114"), ("02-123-4567", "02-123-4567"), ("011-234-5678", "011-234-5678"),
    ("010-1234-567", None), ("1234", None), ("010-abcd-5678", None), ("", None), ("０１０-1234-5678", "010-1234-5678"),
])
def test_phone_numbers_people_paste(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize("number,valid", [
    ("123-45-67891", True), ("1234567891", True), ("123-45-67890", False), ("220-81-62517", True),
    ("12345678", False), ("abc-de-fghij", False),
])
def test_business_number_check_digit(number, valid):
    assert bizno_is_valid(number) is valid


def test_valid_submission_is_normalised(form_client):
    response = form_client.post("/ko/demo-form", data={**VALID, "name": "  홍길동 ", "phone": "010 1234 5678"})
    assert soup(response).select_one(".saved").get_text() == "Saved 홍길동|010-1234-5678"


def test_decomposed_jamo_become_syllables(form_client):
    decomposed = "\u1112\u1169\u11bc\u1100\u1175\u11af\u1103\u1169\u11bc"  # 홍길동 typed as jamo
    response = form_client.post("/ko/demo-form", data={**VALID, "name": decomposed})
    assert soup(response).select_one(".saved").get_text() == "Saved 홍길동|010-1234-5678"


@pytest.mark.parametrize("bad", ["홍\x00길동", "abc\u202edcba", "a\x1bb"])
def test_control_and_bidi_override_characters_are_refused_with_a_message(form_client, bad):
    response = form_client.post("/ko/demo-form", data={**VALID, "name": bad})
    page = soup(response)
    assert not page.select_one(".saved")
    assert page.select_one('.error-summary a[href="#name"]')
    assert "보이지 않는 특수 문자" in page.select_one(".field-error").get_text()


def test_errors_are_summarised_linked_and_inline_with_input_kept(form_client):
    data = {"name": "", "phone": "010-12", "kind": "", "note": "😀" * 10 + "<script>alert(1)</script>"}
    response = form_client.post("/en/demo-form", data=data)
    page = soup(response)
    assert page.title.get_text().startswith("Error:")
    summary = page.select_one(".error-summary")
    assert summary["role"] == "alert"
    targets = [a["href"] for a in summary.select("a")]
    assert targets == ["#name", "#phone", "#kind", "#consent"]
    phone = page.select_one("#phone")
    assert phone["value"] == "010-12" and phone["aria-invalid"] == "true"
    assert phone["type"] == "tel" and phone["autocomplete"] == "tel" and phone["inputmode"] == "tel"
    described = phone["aria-describedby"].split()
    assert all(page.find(id=i) for i in described)
    assert any("010-1234-5678" in page.find(id=i).get_text() for i in described)
    assert page.select_one("#note").get_text().lstrip("\r\n") == data["note"]
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


def test_consent_block_states_purpose_items_retention_and_refusal(form_client):
    page = soup(form_client.get("/ko/demo-form"))
    block = page.select_one(".consent")
    terms = [dt.get_text(strip=True) for dt in block.select("dt")]
    assert terms == ["수집·이용 목적", "수집 항목", "보유기간", "동의를 거부할 권리"]
    assert "3년" in block.get_text()
    assert block.select_one("legend") and block.select_one("input[type=checkbox]#consent")


def test_radios_are_a_fieldset_with_a_legend(form_client):
    page = soup(form_client.get("/en/demo-form"))
    fieldset = page.select_one("#kind-0").find_parent("fieldset")
    assert fieldset.legend.get_text(strip=True).startswith("Kind")
    assert page.select_one('label[for="kind-0"]')


def test_ten_thousand_characters_get_a_length_message_not_a_crash(form_client):
    response = form_client.post("/ko/demo-form", data={**VALID, "name": "가" * 10_000})
    assert response.status_code == 200
    assert soup(response).select_one('.error-summary a[href="#name"]')


def test_base_form_strips_whitespace_on_every_string_field(app):
    class Probe(BaseForm):
        text = StringField()

    with app.test_request_context(method="POST", data={"text": "\t 안녕 \n"}):
        form = Probe(meta={"csrf": False})
        assert form.text.data == "안녕"


@pytest.mark.parametrize("typed", ["1950-03-27", "1950.3.27", "1950. 3. 27.", "19500327", "1950/03/27",
                                   "1950년 3월 27일", "１９５０-０３-２７"])
def test_dates_typed_the_way_people_write_them(form_client, typed):
    response = form_client.post("/ko/demo-form", data={**VALID, "birth": typed})
    assert soup(response).select_one(".saved").get_text() == "Saved 홍길동|010-1234-5678|1950-03-27"


@pytest.mark.parametrize("typed", ["1950-02-30", "27/03/1950", "어제", "1950-13-01"])
def test_impossible_dates_get_a_message_and_keep_the_input(form_client, typed):
    page = soup(form_client.post("/ko/demo-form", data={**VALID, "birth": typed}))
    assert not page.select_one(".saved")
    assert page.select_one('.error-summary a[href="#birth"]').get_text() == "1950-03-27처럼 실제 날짜를 입력해 주세요"
    assert page.select_one("#birth")["value"] == typed
    assert page.select_one("#birth")["type"] == "text"


def test_fast_widgets_write_what_wtforms_writes(app):
    """The fast widgets (alleyweb/core/forms/widgets.py) skip WTForms' layers but must write its HTML byte for
    byte: values to escape, flags, a ticked box, a chosen option, choices as pairs or SelectChoices."""
    from wtforms import BooleanField, IntegerField, RadioField, SelectField, TextAreaField, widgets
    from wtforms.fields.choices import SelectChoice
    from wtforms.validators import DataRequired, Length

    from alleyweb.core.forms.widgets import radio_inputs

    class Probe(BaseForm):
        text = StringField("Text", validators=[DataRequired(), Length(min=2, max=20)])
        number = IntegerField("Number")
        note = TextAreaField("Note", validators=[Length(max=500)])
        tick = BooleanField("Tick")
        pick = SelectField("Pick", choices=[SelectChoice("", "None"), SelectChoice("a&b", 'A "quoted" <b>')])
        numbers = SelectField("Numbers", choices=[SelectChoice("1", "One"), SelectChoice("2")], coerce=int)
        kind = RadioField("Kind", choices=[SelectChoice("x", "X"), SelectChoice("y&", "Y <y>")])

    data = {"text": 'He said "hi" & <left>', "number": "12", "note": "a\n<b>", "tick": "y", "pick": "a&b",
            "numbers": "2", "kind": "y&"}
    with app.test_request_context("/en/", method="POST", data=data):
        form = Probe(meta={"csrf": False})
        attrs = {"class_": "input", "aria-describedby": "text-hint", "aria-invalid": False, "autocomplete": "name"}
        for field, widget in [(form.text, widgets.TextInput()), (form.number, widgets.NumberInput()),
                              (form.note, widgets.TextArea()), (form.tick, widgets.CheckboxInput()),
                              (form.pick, widgets.Select()), (form.numbers, widgets.Select())]:
            assert type(field.widget) is not type(widget)  # the fast one
            assert str(field(**attrs)) == str(widget(field, **attrs)), field.name
        assert 'selected value="a&amp;b"' in str(form.pick())
        expected = [f"{subfield.id}|{subfield(class_='radio-input')}|{subfield.label.text}" for subfield in form.kind]
        assert [f"{option.id}|{option.input}|{option.label}"
                for option in radio_inputs(form.kind, class_="radio-input")] == expected



def _bound_as_wtforms_binds(form, name):
    """The field ``name`` of ``form``'s class bound as WTForms binds it (no prototype), for comparison."""
    from alleyweb.core.forms.base import _bind

    unbound = dict(type(form)._unbound_fields)[name]
    return _bind(form, unbound, {"name": name, "prefix": form._prefix,
                                 "translations": form.meta.get_translations(form)})


def _state(field) -> dict:
    """Everything a field holds, its label and flags as values (not a copy's link to its prototype, nor the
    markup kept for blank copies: bookkeeping of core/forms/base.py)."""
    state = {key: value for key, value in vars(field).items()
             if key not in ("label", "flags") and not key.startswith("_alleyweb_")}
    return {**state, "label": (field.label.field_id, str(field.label.text)), "flags": dict(vars(field.flags)),
            # a field may make its own validator objects (ConsentField's Consent()): compared by what they hold
            "validators": [(type(v), getattr(v, "__dict__", v)) for v in field.validators]}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_fields_copied_from_a_prototype_are_what_binding_gives(app, lang):
    """BaseForm binds each field of a form class once per name, prefix and language and copies it for
    every form after that: each copy, processed, must hold exactly what WTForms' own binding gives."""
    from flask import request

    from alleyweb.giving.forms import PledgeForm, VolunteerForm
    from alleyweb.programs.applications import ApplicationForm
    from alleyweb.stores.forms import StoreRequestForm
    from alleyweb.voice.forms import SuggestionForm

    data = {"name": " 홍길동 ", "consent": "y", "phone": "010 1234 5678", "website": ""}
    for form_class in (PledgeForm, VolunteerForm, StoreRequestForm, SuggestionForm, ApplicationForm):
        for method in ("GET", "POST", "POST"):  # the first form of a language makes the prototypes
            with app.test_request_context(f"/{lang}/", method=method, data=data if method == "POST" else None):
                form = form_class(meta={"csrf": False})
                assert list(form._fields) == [name for name, _unbound in form._unbound_fields]
                for field in form:
                    expected = _bound_as_wtforms_binds(form, field.short_name)
                    expected.process(request.form if method == "POST" else None)
                    assert type(field) is type(expected)
                    assert _state(field) == _state(expected), (form_class.__name__, field.name)
                if method == "POST" and "name" in form:
                    assert form.name.data == "홍길동"


def test_a_copied_field_shares_nothing_a_form_or_view_changes(app):
    """A view may change a field of its form in place (a label's text, the choices, flags, rendering
    keywords): the next form of the same class is not changed by it, and each form has its own CSRF field."""
    from alleyweb.giving.forms import PledgeForm

    with app.test_request_context("/ko/donate"):
        first, second = PledgeForm(meta={"csrf": True}), PledgeForm(meta={"csrf": True})
        assert first.name is not second.name and first.name._form is first and second.name._form is second
        assert first.name.meta is first.meta and second.name.meta is second.meta
        assert first.csrf_token is not second.csrf_token
        first.name.label.text = "Changed"
        first.name.flags.required = "changed"
        first.donor_type.choices.append(("x", "X"))
        first.name.render_kw = {"data-x": "1"}
        first.name.data = "typed"
        third = PledgeForm()
        for form in (second, third):
            assert str(form.name.label.text) != "Changed"
            assert form.name.flags.required is True
            assert ("x", "X") not in form.donor_type.choices
            assert form.name.render_kw is None
            assert form.name.data is None
        assert len(third.donor_type.choices) == len(second.donor_type.choices)
