from __future__ import annotations

import json
import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from alleyweb.core.forms.base import BaseForm
from alleyweb.core.forms.fields import DateInputField, blank_first
from alleyweb.core.forms.validators import Phone
from alleyweb.programs import facts
from alleyweb.programs.models import RETENTION_CHOICES, STATUSES
from alleyweb.programs.questions import QuestionError, validate_questions
from alleyweb.programs.rules import RuleError, validate_rules
from alleyweb.programs.services import CATEGORIES, RESERVED_SLUGS, STATUS_LABELS

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ProgramFilterForm(BaseForm):
    """The list's filters; a GET form, so a filtered list can be shared as a link."""

    class Meta:
        csrf = False

    q = StringField(_l("Search programs"), validators=[Optional(), Length(max=40)])
    category = SelectField(_l("Kind of help"), validators=[Optional()],
                           choices=blank_first(_l("All kinds of help"), CATEGORIES.items()))


def _required(message):
    return [DataRequired(message)]


class ProgramEditForm(BaseForm):
    """Staff edit a program's content, status, rules and questions."""

    slug = StringField(_l("Web address (slug)"), validators=[
        DataRequired(_l("Enter the web address, like thousand-won-taxi")), Length(max=60)])
    category = SelectField(_l("Kind of help"), choices=blank_first(_l("Choose a kind of help"), CATEGORIES.items()),
                           validators=_required(_l("Choose a kind of help")))
    # Not "status": BaseForm.status is the page's HTTP status.
    program_status = RadioField(_l("Status"), choices=[SelectChoice(s, STATUS_LABELS[s]) for s in STATUSES],
                        validators=_required(_l("Choose a status")))
    sort_order = IntegerField(_l("Order in the list"), default=100, validators=[
        InputRequired(_l("Enter a number for the order, like 10")), NumberRange(0, 10_000)])
    title_ko = StringField(_l("Title (Korean)"), validators=_required(_l("Enter the Korean title")) + [Length(max=120)])
    title_en = StringField(_l("Title (English)"), validators=_required(_l("Enter the English title")) + [
        Length(max=160)])
    summary_ko = StringField(_l("One-line summary (Korean)"), validators=_required(_l("Enter the Korean summary")) + [
        Length(max=300)])
    summary_en = StringField(_l("One-line summary (English)"), validators=_required(
        _l("Enter the English summary")) + [Length(max=400)])
    # Facts (programs/facts.py): empty when not known, and then shown as "to be confirmed" with the phone.
    audience_ko = TextAreaField(_l("Who it is for (Korean)"), validators=[Optional(), Length(max=4000)])
    audience_en = TextAreaField(_l("Who it is for (English)"), validators=[Optional(), Length(max=4000)])
    benefits_ko = TextAreaField(_l("What you get (Korean)"), validators=[Optional(), Length(max=4000)])
    benefits_en = TextAreaField(_l("What you get (English)"), validators=[Optional(), Length(max=4000)])
    how_to_apply_ko = TextAreaField(_l("How to apply (Korean)"), validators=[Optional(), Length(max=4000)])
    how_to_apply_en = TextAreaField(_l("How to apply (English)"), validators=[Optional(), Length(max=4000)])
    documents_ko = TextAreaField(_l("Documents needed (Korean)"), validators=[Optional(), Length(max=4000)])
    documents_en = TextAreaField(_l("Documents needed (English)"), validators=[Optional(), Length(max=4000)])
    contact_office_ko = StringField(_l("Contact office (Korean)"), validators=_required(
        _l("Enter the office to contact, in Korean")) + [Length(max=120)])
    contact_office_en = StringField(_l("Contact office (English)"), validators=_required(
        _l("Enter the office to contact, in English")) + [Length(max=160)])
    contact_phone = StringField(_l("Contact phone number"), validators=_required(
        _l("Enter the contact phone number, like 062-360-7114")) + [Phone()])
    last_checked = DateInputField(_l("Facts last confirmed on"), validators=_required(
        _l("Enter the date the facts were last confirmed, like 2026-11-21")))
    in_person_centre = RadioField(
        _l("Can residents apply in person at their dong's administrative welfare centre?"), validators=[Optional()],
        choices=[SelectChoice("", _l("To be confirmed"))] + [SelectChoice(key, text) for key, text in
                                                               facts.IN_PERSON_CHOICES.items()], default="")
    source_kind = SelectField(_l("Confirmed from"), validators=[Optional()],
                              choices=blank_first(_l("Not confirmed yet"), facts.SOURCE_KINDS.items()))
    online_application = BooleanField(_l("Residents can apply on this site while the program is open"))
    retention_days = RadioField(_l("How long applications are kept after they are closed"), coerce=int, choices=[
        SelectChoice(days, _l("%(num)d years", num=days // 365) if days > 365 else _l("1 year"))
        for days in RETENTION_CHOICES], validators=_required(_l("Choose how long applications are kept")))
    rules = TextAreaField(_l("Screener rules (JSON)"), validators=[Length(max=20_000)])
    questions = TextAreaField(_l("Application questions (JSON)"), validators=[Length(max=20_000)])

    def __init__(self, *args, current_slug: str | None = None, taken_slugs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.current_slug, self.taken_slugs = current_slug, set(taken_slugs)
        self.parsed_rules: list = []
        self.parsed_questions: list = []

    def validate_slug(self, field):
        if not SLUG_RE.match(field.data or "") or field.data in RESERVED_SLUGS:
            raise ValidationError(_l("Use lower-case letters, digits and hyphens, like thousand-won-taxi"))
        if field.data != self.current_slug and field.data in self.taken_slugs:
            raise ValidationError(_l("Another program already uses this web address"))

    @staticmethod
    def _json(field, validator, error_class):
        try:
            data = json.loads(field.data or "[]")
        except ValueError as error:
            raise ValidationError(_l("This is not valid JSON (line %(line)d, column %(column)d)",
                                     line=error.lineno, column=error.colno)) from None
        try:
            return validator(data)
        except error_class as error:
            field.errors = list(field.errors) + error.problems[:-1]
            raise ValidationError(error.problems[-1]) from None

    def validate_rules(self, field):
        self.parsed_rules = self._json(field, validate_rules, RuleError)

    def validate_questions(self, field):
        self.parsed_questions = self._json(field, validate_questions, QuestionError)

    def values(self) -> dict:
        names = ("slug", "category", "sort_order", "title_ko", "title_en", "summary_ko", "summary_en",
                 "audience_ko", "audience_en", "benefits_ko", "benefits_en", "how_to_apply_ko", "how_to_apply_en",
                 "documents_ko", "documents_en", "contact_office_ko", "contact_office_en", "contact_phone",
                 "last_checked", "online_application", "retention_days")
        values = {name: self[name].data for name in names}
        values["status"] = self.program_status.data
        for name in ("audience_ko", "audience_en", "benefits_ko", "benefits_en", "how_to_apply_ko", "how_to_apply_en",
                     "documents_ko", "documents_en"):
            values[name] = (values[name] or "").strip()
        values["facts"] = facts.clean({name: field.data for name, field in self._fields.items()
                                       if name.startswith("fact_") or name in ("source_kind", facts.IN_PERSON)})
        values["online_application"] = bool(values["online_application"])
        values["rules"], values["questions"] = self.parsed_rules, self.parsed_questions
        return values


def fact_fields(form: ProgramEditForm) -> list[tuple[str, str, list]]:
    """The facts' fields, by section (key, heading), for the staff form (programs/staff/_facts.html)."""
    return [(key, heading, [form[f"fact_{fact.key}_{lang}"] for fact in facts.FACTS if fact.section == key
                       and not fact.column for lang in ("ko", "en")]) for key, heading in facts.SECTIONS
            if any(fact.section == key and not fact.column for fact in facts.FACTS)]


def load_facts(form: ProgramEditForm, program) -> None:
    """Fill the facts' fields from a saved program (GET of the edit page)."""
    for fact in facts.FACTS:
        if not fact.column:
            for lang in ("ko", "en"):
                form[f"fact_{fact.key}_{lang}"].data = facts.value(program, fact.key, lang)
    form.source_kind.data = (program.facts or {}).get("source_kind", "")
    form.in_person_centre.data = facts.in_person(program) or ""


for _fact in facts.FACTS:
    if not _fact.column:
        for _lang, _name in (("ko", _l("Korean")), ("en", _l("English"))):
            setattr(ProgramEditForm, f"fact_{_fact.key}_{_lang}", TextAreaField(
                _l("%(fact)s (%(language)s)", fact=_fact.label, language=_name), description=_fact.hint,
                validators=[Optional(), Length(max=_fact.max_length)]))


def as_json(data) -> str:
    """Rules or questions as staff edit them: indented, Hangul kept readable."""
    return json.dumps(data, ensure_ascii=False, indent=2)
