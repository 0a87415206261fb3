"""Staff pages of notifications: each officer's choice of e-mails (``staff.notify.preferences``) and the
wording of the texts, edited by administrators and audited (``staff.notify.texts``)."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from alleyweb.core.audit import record
from alleyweb.core.database import utcnow
from alleyweb.core.forms.base import BaseForm
from alleyweb.core.i18n import supported
from alleyweb.extensions import db
from alleyweb.notify.messages import MESSAGES, TEMPLATE_MAX, template_errors, wording
from alleyweb.notify.models import TextTemplate
from alleyweb.notify.services import OFFICER_PERMISSION, officer_mode, set_officer_mode
from alleyweb.staff.access import form_page

bp = Blueprint("notify", __name__)

MODE_LABELS = {
    "immediate": _l("An e-mail for each new submission"),
    "daily": _l("One e-mail a day, with the number of new submissions of each kind"),
    "off": _l("No e-mails"),
}


class PreferenceForm(BaseForm):
    mode = RadioField(_l("E-mails about new submissions"), choices=[SelectChoice(k, v) for k, v in MODE_LABELS.items()],
                      validators=[DataRequired(_l("Choose how you want to hear of new submissions"))])


class TemplateForm(BaseForm):
    key = HiddenField()
    lang = HiddenField()
    text = TextAreaField(_l("Text"), validators=[DataRequired(_l("Write the text")), Length(max=TEMPLATE_MAX)])


TEMPLATE_ERRORS = {
    "unknown": _l("Use only the placeholders listed: remove %(names)s"),
    "braces": _l("Use curly brackets only around a placeholder, like {receipt}"),
    "missing": _l("Keep %(names)s in the text"),
    "long": _l("Shorten the text to %(names)s characters or fewer"),
}


@form_page(bp, "/notifications", "view_queue")
def preferences():
    form = PreferenceForm(mode=officer_mode(g.staff.id))
    if form.validate_on_submit():
        set_officer_mode(g.staff, form.mode.data)
        record("notify.preference", staff=g.staff, target=g.staff, detail={"mode": form.mode.data}, commit=False)
        db.session.commit()
        flash(_("Saved"))
        return redirect(url_for("staff.notify.preferences"))
    return render_template("notify/staff/preferences.html", form=form,
                           handles=g.staff.can(OFFICER_PERMISSION)), form.status


@form_page(bp, "/notifications/texts", "manage_accounts")
def texts():
    editable = [m for m in MESSAGES.values() if m.editable]
    langs = supported()
    posted = TemplateForm()
    failed = None
    if posted.validate_on_submit() and posted.key.data in MESSAGES and MESSAGES[posted.key.data].editable \
            and posted.lang.data in langs:
        problems = template_errors(posted.key.data, posted.text.data)
        if problems:
            posted.text.errors = [TEMPLATE_ERRORS[code] % {"names": names} for code, names in problems]
            failed = (posted.key.data, posted.lang.data)
        else:
            row = db.session.get(TextTemplate, (posted.key.data, posted.lang.data))
            if row is None:
                row = TextTemplate(key=posted.key.data, lang=posted.lang.data, text="")
                db.session.add(row)
            row.text, row.updated_at, row.updated_by = posted.text.data, utcnow(), g.staff.id
            record("notify.template", staff=g.staff, detail={"key": posted.key.data, "lang": posted.lang.data},
                   commit=False)
            db.session.commit()
            flash(_("Saved"))
            return redirect(url_for("staff.notify.texts"))
    elif posted.is_submitted():
        failed = (posted.key.data, posted.lang.data)
    forms = []
    for message in editable:
        for lang in langs:
            if failed == (message.key, lang):
                form = posted
            else:
                form = TemplateForm(formdata=None, key=message.key, lang=lang, text=wording(message.key, lang))
            forms.append((message, lang, form))
    return render_template("notify/staff/texts.html", forms=forms), (posted.status if failed else 200)
