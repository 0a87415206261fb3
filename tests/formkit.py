"""A demo form that uses every shared form component, mounted only on apps built by tests."""

from flask import Blueprint, render_template_string
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from alleyweb.core import retention
from alleyweb.core.errors import rerender_on_csrf_error
from alleyweb.core.forms.base import BaseForm
from alleyweb.core.forms.fields import ConsentField, DateInputField
from alleyweb.core.forms.validators import Phone
from alleyweb.dongs.models import Dong
from alleyweb.extensions import db

DEMO_RULE = retention.RetentionRule(
    key="zz-demo", service="Demo", purpose="Testing the form components",
    items_required="Name, mobile number", retention_days=365 * 3,
)


class DemoForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(message="Enter your name"), Length(max=50)])
    phone = StringField(_l("Mobile number"), validators=[DataRequired(message="Enter your mobile number"),
                                                          Phone(mobile_only=True)])
    birth = DateInputField(_l("Date of birth"), birth=True, validators=[Optional()])
    kind = RadioField(_l("Kind"), choices=[SelectChoice("a", "A"), SelectChoice("b", "B")],
                      validators=[DataRequired(message="Choose one")])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    consent = ConsentField(_l("Consent to collect personal data"))


PAGE = """{% extends "base.html" %}
{% import "components/forms.html" as f %}
{% set error_prefix = form.errors or form.form_errors %}
{% block title %}Demo form{% endblock %}
{% block content %}
<h1>Demo form</h1>
{{ f.error_summary(form) }}
{% if saved %}<p class="saved">Saved {{ saved }}</p>{% endif %}
<form method="post" novalidate>
  {{ form.csrf_token }}
  {{ f.text_input(form.name, autocomplete='name') }}
  {{ f.phone_input(form.phone) }}
  {{ f.date_input(form.birth) }}
  {{ f.choice(form.kind) }}
  {{ f.textarea(form.note) }}
  {{ f.consent_block(form.consent, rule) }}
  {{ f.submit('Send') }}
</form>
{% endblock %}"""

bp = Blueprint("demo", __name__, url_prefix="/<lang:lang>")


@bp.route("/demo-form", methods=["GET", "POST"])
@rerender_on_csrf_error
def demo_form():
    form = DemoForm()
    saved = None
    if form.validate_on_submit():
        saved = f"{form.name.data}|{form.phone.data}" + (f"|{form.birth.data.isoformat()}" if form.birth.data else "")
    # Touch the database so that tests can make it fail.
    db.session.execute(select(Dong.id).limit(1))
    return render_template_string(PAGE, form=form, rule=DEMO_RULE, saved=saved)
