"""Applications to a program: the form (common fields, the program's own questions, guardian and
sensitive-data consent), the kind of submission they become, and the retention each program declares."""

from __future__ import annotations

import json
from datetime import date

from cachetools import LRUCache
from flask_babel import force_locale, gettext, ngettext
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from alleyweb.core import retention
from alleyweb.core.dates import age_on, seoul_today
from alleyweb.core.forms.base import BaseForm
from alleyweb.core.forms.fields import (
    ConsentField,
    DateInputField,
    NotifyMeField,
    WholeNumberField,
    honeypot_field,
)
from alleyweb.core.forms.validators import Phone, RequiredWhen
from alleyweb.core.i18n import current_lang, locale_name
from alleyweb.programs.models import RETENTION_CHOICES, Program
from alleyweb.programs.questions import (
    ANSWER_LENGTH,
    DATE_YEARS_AHEAD,
    NUMBER_MAX,
    answer_text,
    answered,
    asks_sensitive,
    is_sensitive_answer,
    label,
)
from alleyweb.submissions.intake import NewSubmission
from alleyweb.submissions.registry import DetailField, SubmissionType

PROGRAM_APPLICATION = "program_application"
GUARDIAN_AGE = 14  # under this age a legal guardian's consent is needed (docs/ARCHITECTURE.md, "Privacy rules")
PURPOSE = _l("Checking whether you can receive the program, contacting you, and telling you the result")
ITEMS = _l("Name, date of birth, mobile number, dong, road-name address, your answers to the program's questions; "
           "for applicants under 14, the legal guardian's name, relationship and phone number")


class ProgramRetentionRule(retention.RetentionRule):
    """The privacy policy's row for applications: each program states its own period on its form."""

    def retention_label(self) -> str:
        years = ", ".join(str(days // 365) for days in RETENTION_CHOICES)
        return gettext("As each program's application form states: %(years)s years after the application is closed",
                       years=years)


def retention_of(details: dict) -> int:
    """The period the applicant agreed to, kept with the application (a later change does not shorten or
    stretch what was consented to)."""
    days = details.get("retention_days")
    return days if isinstance(days, int) and days > 0 else max(RETENTION_CHOICES)


def _program_of(submission):
    from alleyweb.programs.services import get_program

    return get_program(submission.details.get("program_slug", ""))


def _title(submission) -> str:
    """The program's name in the current language (the name it had when applied for, if it is gone)."""
    program = _program_of(submission)
    return program.text("title", current_lang()) if program else submission.details.get("program", "")


def _processing_time(submission) -> str:
    program = _program_of(submission)
    return program.fact("processing_time", current_lang()) if program else ""


def _phone(submission) -> str:
    from alleyweb.programs.facts import phone

    program = _program_of(submission)
    return phone(program) if program else ""


APPLICATION_TYPE = SubmissionType(
    key=PROGRAM_APPLICATION,
    label=_l("Program application"),
    retention=ProgramRetentionRule(
        key=PROGRAM_APPLICATION,
        service=_l("Applying for welfare programs"),
        purpose=PURPOSE,
        items_required=ITEMS,
        sensitive_items=_l("Health or disability, only when you answer such a question"),
        retention_days=min(RETENTION_CHOICES),
    ),
    fields=(
        DetailField("program", _l("Program")),
        DetailField("birth_date", _l("Date of birth"), personal=True),
        DetailField("address", _l("Road-name address"), personal=True),
        DetailField("answers", _l("Answers to the program's questions"), personal=True),
        DetailField("sensitive_answers", _l("Answers about health or disability"), personal=True),
        DetailField("guardian", _l("Legal guardian (under 14)"), personal=True),
        DetailField("consents", _l("Consents")),
    ),
    retention_days_of=retention_of,
    subject_field="program",
    title=_title,
    processing_time=_processing_time,
    phone=_phone,
)


def consent_rule(program: Program, lang: str) -> retention.RetentionRule:
    """The notice on this program's form: purpose, items, the program's retention period, sensitive items."""
    sensitive = [label(q, lang) for q in program.questions if asks_sensitive(q)]
    return retention.RetentionRule(
        key=f"program:{program.slug}", service=program.text("title", lang), purpose=PURPOSE, items_required=ITEMS,
        sensitive_items=(gettext("Your answers to: %(questions)s", questions=" · ".join(sensitive))
                         if sensitive else None),
        retention_days=program.retention_days)


GUARDIAN_RELATIONS = {"parent": _l("Parent"), "guardian": _l("Other legal guardian")}


class ApplicationForm(BaseForm):
    """The common part; :func:`application_form` adds the program's questions as ``q_<key>`` fields."""

    name = StringField(_l("Full name"), validators=[DataRequired(_l("Enter the applicant's full name")),
                                                    Length(max=50)])
    birth_date = DateInputField(_l("Date of birth"), birth=True, validators=[
        DataRequired(_l("Enter the applicant's date of birth, like 1950-03-27"))])
    phone = StringField(_l("Mobile number"), validators=[
        DataRequired(_l("Enter a mobile number, like 010-1234-5678")), Phone(mobile_only=True)])
    notify_me = NotifyMeField()
    dong = SelectField(_l("Dong"), validators=[DataRequired(_l("Choose the dong the applicant lives in"))])
    address = StringField(_l("Road-name address"), validators=[
        DataRequired(_l("Enter the road-name address, like 33 Gyeongyeol-ro")), Length(max=200)])
    guardian_name = StringField(_l("Guardian's full name"), validators=[Optional(), RequiredWhen(), Length(max=50)])
    guardian_relation = RadioField(_l("Relationship to the applicant"), validators=[
        Optional(), RequiredWhen()], choices=[SelectChoice(key, text) for key, text in GUARDIAN_RELATIONS.items()])
    guardian_phone = StringField(_l("Guardian's mobile number"), validators=[
        Optional(), RequiredWhen(), Phone(mobile_only=True)])
    guardian_consent = ConsentField(_l("I am the applicant's legal guardian, and I agree to the collection and use of "
                                       "their personal data as described above"), required=False)
    consent = ConsentField(_l("Consent to the collection and use of personal data"), refusal=_l(
        "You may refuse. If you do, we cannot take your application online; you can still apply at your dong "
        "community centre."), refusal_centre=True)
    sensitive_consent = ConsentField(_l("Consent to the processing of sensitive data (health, disability)"),
                                     required=False, refusal=_l(
        "You may refuse. If you do, leave the questions about health or disability unanswered; the rest of "
        "your application is taken as usual."))
    website = honeypot_field()

    program: Program

    def validate_birth_date(self, field):
        if field.data and (field.data > seoul_today() or field.data.year < 1900):
            raise ValidationError(_l("Enter a real date of birth, like 1950-03-27"))

    @property
    def error_list(self):
        """Errors in the order the page shows the fields (the program's questions come before the consents)."""
        order = ["name", "birth_date", "phone", "dong", "address", *(f"q_{q['key']}" for q in self.program.questions),
                 "consent", "sensitive_consent", "guardian_name", "guardian_relation", "guardian_phone",
                 "guardian_consent"]
        items = [(None, message) for message in self.form_errors]
        for name in order:
            items.extend((self[name].id, message) for message in self[name].errors)
        return items

    def question_fields(self):
        """(question, bound field) in the program's order."""
        return [(q, self[f"q_{q['key']}"]) for q in self.program.questions]

    def under_guardian_age(self) -> bool:
        birth = self.birth_date.data
        return bool(birth) and age_on(birth, seoul_today()) < GUARDIAN_AGE

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.under_guardian_age():
            for field, message in ((self.guardian_name, _l("Enter the guardian's full name")),
                                   (self.guardian_relation, _l("Choose the guardian's relationship to the applicant")),
                                   (self.guardian_phone, _l("Enter the guardian's mobile number, like 010-1234-5678")),
                                   (self.guardian_consent, _l("A legal guardian must agree for an applicant under 14: "
                                                              "tick the box"))):
                if not field.data and not field.errors:
                    field.errors = list(field.errors) + [message]
                    valid = False
        sensitive_given = any(is_sensitive_answer(q, field.data) for q, field in self.question_fields())
        if sensitive_given and not self.sensitive_consent.data:
            self.sensitive_consent.errors = list(self.sensitive_consent.errors) + [
                _l("To send your answers about health or disability, tick the box to agree, or leave those answers "
                   "empty")]
            valid = False
        return valid


class _Required:
    """A program question's own 'please answer' message, naming the question."""

    field_flags = {"required": True}

    def __init__(self, question_label: str, choice: bool):
        self.question_label, self.choice = question_label, choice

    def __call__(self, form, field):
        if field.process_errors:
            return  # a date or number that is not one says so itself
        if not answered(field.data):
            message = (gettext("Choose an answer to “%(question)s”", question=self.question_label) if self.choice
                       else gettext("Answer “%(question)s”", question=self.question_label))
            field.errors[:] = []
            raise ValidationError(message)


class _DateRange:
    """A date answer within a sensible range: from 1900 to DATE_YEARS_AHEAD years from today."""

    def __init__(self, question_label: str):
        self.question_label = question_label

    def __call__(self, form, field):
        today = seoul_today()
        if field.data and not date(1900, 1, 1) <= field.data <= date(today.year + DATE_YEARS_AHEAD, 12, 31):
            raise ValidationError(gettext("Enter a date from 1900 to %(year)d for “%(question)s”, like 2026-03-27",
                                          year=today.year + DATE_YEARS_AHEAD, question=self.question_label))


DONG_CHOICE = _l("Choose a dong")  # the dong list's first choice


def application_form(program: Program, dongs, lang: str, **kwargs) -> ApplicationForm:
    """The form for one program, its questions in ``lang``; ``dongs``: the dong list's choices (its first
    one :data:`DONG_CHOICE`, e.g. ``dongs.services.dong_options``)."""
    form = _form_class(program, lang)(**kwargs)
    form.program = program
    form.dong.choices = dongs
    return form


# Form classes already built, by language, locale and the questions themselves (static data: a staff edit
# of the questions is a new key). Only the class is kept; every request binds its own form.
_FORM_CLASSES: LRUCache = LRUCache(maxsize=256)


def _form_class(program: Program, lang: str) -> type:
    key = (lang, locale_name(), _questions_key(program))
    form_class = _FORM_CLASSES.get(key)
    if form_class is None:
        form_class = _FORM_CLASSES[key] = _build_form_class(program.questions, lang)
    return form_class


def _questions_key(program: Program) -> str:
    """The program's questions as JSON, written once per row read (a row kept by the public pages,
    ``services.published_program``, serves many requests) and again whenever the questions are replaced."""
    kept = getattr(program, "_questions_key", None)
    if kept is None or kept[0] is not program.questions:
        kept = program._questions_key = (program.questions, json.dumps(program.questions, sort_keys=True,
                                                                       ensure_ascii=False))
    return kept[1]


def _build_form_class(questions: list, lang: str) -> type:
    class ProgramForm(ApplicationForm):
        pass

    for question in questions:
        text, hint = label(question, lang), label(question, lang, "hint")
        kind = question["type"]
        validators = ([_Required(text, kind in ("choice", "yesno"))] if question.get("required")
                      else [] if kind in ("date", "number") else [Optional()])
        if kind == "choice":
            field = RadioField(text, description=hint, validators=validators, choices=[
                SelectChoice(c["value"], label(c, lang)) for c in question["choices"]], validate_choice=True)
        elif kind == "yesno":
            field = RadioField(text, description=hint, validators=validators, validate_choice=True,
                               choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))])
        elif kind == "date":
            field = DateInputField(text, description=hint, validators=[*validators, _DateRange(text)])
        elif kind == "number":
            field = WholeNumberField(text, description=hint, validators=validators, minimum=0, maximum=NUMBER_MAX,
                                     message=gettext("Enter a whole number from 0 to %(max)s for “%(question)s”, "
                                                     "like 30", max=f"{NUMBER_MAX:,}", question=text))
        else:
            kind = TextAreaField if question["type"] == "textarea" else StringField
            field = kind(text, description=hint, validators=[*validators, Length(max=ANSWER_LENGTH[question["type"]])])
        setattr(ProgramForm, f"q_{question['key']}", field)
    return ProgramForm


def application_submission(program: Program, form: ApplicationForm, dong) -> NewSubmission:
    """The application as one submission (submissions/intake.py); details in Korean, for officers."""
    under = form.under_guardian_age()
    answers, sensitive = [], []
    with force_locale("ko"):
        for question, field in form.question_fields():
            if not answered(field.data):
                continue
            is_sensitive = is_sensitive_answer(question, field.data)
            if is_sensitive and not form.sensitive_consent.data:
                continue  # never kept without its consent (validation already refused this)
            line = f"{label(question, 'ko')}: {answer_text(question, field.data, 'ko')}"
            (sensitive if is_sensitive else answers).append(line)
        agreed, refused = gettext("Agreed"), gettext("Not agreed")
        personal, sensitive_data, guardian_label = gettext("Personal data"), gettext("Sensitive data"), \
            gettext("Legal guardian")
        consents = [f"{personal}: {agreed}"]
        if program.has_sensitive_questions:
            consents.append(f"{sensitive_data}: {agreed if form.sensitive_consent.data else refused}")
        if under:
            consents.append(f"{guardian_label}: {agreed}")
        guardian = ""
        if under:
            relation = GUARDIAN_RELATIONS[form.guardian_relation.data]
            guardian = f"{form.guardian_name.data} ({relation}), {form.guardian_phone.data}"
        years = ngettext("%(num)d year", "%(num)d years", program.retention_days // 365)
    details = {
        "program_slug": program.slug, "program": program.title_ko, "birth_date": form.birth_date.data.isoformat(),
        "address": form.address.data, "answers": "\n".join(answers), "sensitive_answers": "\n".join(sensitive),
        "guardian": guardian, "consents": " · ".join(consents) + f" ({years})",
        "retention_days": program.retention_days,
    }
    return NewSubmission(PROGRAM_APPLICATION, form.name.data, form.phone.data, dong.id, details)
