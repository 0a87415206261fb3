"""The giving feature's forms: pledge, volunteer sign-up, project application, and the staff forms."""

from __future__ import annotations

import re

from flask import current_app, g
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, StopValidation, ValidationError

from alleyweb.core.dates import age_on, seoul_today
from alleyweb.core.forms.base import BaseForm
from alleyweb.core.forms.fields import (
    ConsentField,
    DateInputField,
    NotifyMeField,
    blank_first,
    honeypot_field,
    your_mobile_field,
    your_name_field,
)
from alleyweb.core.forms.validators import BusinessNumber, Phone, RequiredWhen
from alleyweb.core.numbers import parse_int
from alleyweb.giving.labels import (
    AREA_LABELS,
    AVAILABILITY_LABELS,
    DONOR_TYPE_LABELS,
    FREQUENCY_LABELS,
    GIFT_AREA_LABELS,
    LANGUAGE_LABELS,
    MONTHS_CHOICES,
    PROJECT_STATUS_LABELS,
    TALENT_LABELS,
    VOLUNTEER_AREA_LABELS,
)
from alleyweb.giving.money import AmountError, format_money, parse_won

MIN_PLEDGE_WON = 1_000
OTHER_AMOUNT = "other"
# Below the Honors tiers, then the tiers themselves (the view adds them from the configuration).
SMALL_PRESETS = (10_000, 30_000, 100_000, 1_000_000)
UNDER_14 = 14


class CheckedInValidate:
    """Marks a field required without checking it here: the form's ``validate`` checks it with the fields
    it depends on (an amount chosen, or another amount typed)."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        if not field.raw_data or not str(field.raw_data[0]).strip():
            field.errors[:] = []  # nothing chosen is not an error by itself (as Optional)
            raise StopValidation()


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(key, label) for key, label in labels.items()]


def _error(field, message) -> None:
    field.errors = list(field.errors) + [message]


def _tags(text: str | None, limit: int = 10) -> list[str]:
    """Free tags typed with commas (or the Korean list mark), lower-cased, without repeats."""
    tags = []
    for part in re.split(r"[,，、/;]", text or ""):
        tag = " ".join(part.split()).lower()[:30]
        if tag and tag not in tags:
            tags.append(tag)
    return tags[:limit]


class PledgeForm(BaseForm):
    donor_type = RadioField(_l("Who is giving?"), choices=_choices(DONOR_TYPE_LABELS), default="individual",
                            validators=[DataRequired(_l("Choose whether you give as an individual or a business"))])
    business_name = StringField(_l("Name of the business or organisation"), validators=[Optional(), Length(max=100)])
    business_number = StringField(_l("Business registration number"), validators=[Optional(), BusinessNumber()])
    frequency = RadioField(_l("How would you like to give?"), choices=_choices(FREQUENCY_LABELS), default="once",
                           validators=[DataRequired(_l("Choose a one-time or a monthly gift"))])
    months = SelectField(_l("For how long? (monthly gifts)"), default="12", validators=[Optional()], choices=[
        SelectChoice(str(m), _l("%(num)d months", num=m)) for m in MONTHS_CHOICES])
    # Required (the mark says so); validate() checks it together with "another amount".
    amount_choice = RadioField(_l("Amount"), validators=[CheckedInValidate()])
    amount_other = StringField(_l("Another amount, in won"), validators=[Optional(), Length(max=40)])
    area = RadioField(_l("Which area should your gift support?"), choices=_choices(GIFT_AREA_LABELS),
                      default="any", validators=[DataRequired(_l("Choose an area, or where it is most needed"))])
    hall_of_fame = BooleanField(_l("Show my name on the Seo-gu Honors hall of fame"))
    display_name = StringField(_l("Name to show on the hall of fame"), validators=[Optional(), Length(max=60)])
    receipt = BooleanField(_l("I would like a donation receipt for tax purposes"))
    message = TextAreaField(_l("Anything you would like to tell us?"), validators=[Optional(), Length(max=1000)])
    name = your_name_field()
    phone = your_mobile_field()
    notify_me = NotifyMeField()
    dong = SelectField(_l("Your dong"), validators=[DataRequired(_l("Choose your dong"))])
    consent = ConsentField(_l("Consent to the collection and use of personal data"), refusal=_l(
        "You may refuse. If you do, we cannot take your pledge online; to give another way, call the Seo-gu "
        "Office on {phone}."))
    website = honeypot_field()

    amount_won: int | None = None
    months_count: int = 1

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        lang = g.get("lang", "ko")
        if self.donor_type.data == "business" and not self.business_name.data:
            _error(self.business_name, _l("Enter the name of the business or organisation"))
            valid = False
        if self.hall_of_fame.data and not self.display_name.data:
            _error(self.display_name, _l("Enter the name to show on the hall of fame, or untick the box"))
            valid = False
        months = (parse_int(self.months.data or "", minimum=1, maximum=max(MONTHS_CHOICES)) or 12) \
            if self.frequency.data == "monthly" else 1
        choice = self.amount_choice.data
        raw = self.amount_other.data if choice in (None, "", OTHER_AMOUNT) else choice
        target = self.amount_other if choice in (None, "", OTHER_AMOUNT) else self.amount_choice
        if not raw:
            _error(self.amount_choice, _l("Choose an amount, or enter another amount"))
            return False
        maximum = current_app.config["PLEDGE_MAX_WON"]
        try:
            amount = parse_won(raw)
        except AmountError as error:
            if error.kind != "large":
                _error(target, _l("Enter an amount more than zero") if error.kind in ("negative", "zero")
                       else _l("Enter the amount in won using digits, like 1,000,000 or 1,000,000원"))
                return False
            amount = maximum + 1  # more digits than any pledge: the same answer as any amount over the limit
        if amount < MIN_PLEDGE_WON:
            _error(target, _l("Enter at least %(amount)s", amount=format_money(MIN_PLEDGE_WON, lang)))
            return False
        if amount * months > maximum:
            _error(target, _l("Online pledges go up to %(amount)s in all. For a larger gift, call us and an officer "
                              "will arrange it with you.", amount=format_money(maximum, lang)))
            return False
        self.amount_won, self.months_count = amount, months
        return valid


class VolunteerForm(BaseForm):
    name = your_name_field()
    phone = your_mobile_field()
    notify_me = NotifyMeField()
    birth_date = DateInputField(_l("Date of birth"), birth=True, validators=[
        DataRequired(_l("Enter your date of birth, like 1960-03-27"))])
    guardian_name = StringField(_l("Guardian's name"), validators=[Optional(), RequiredWhen(), Length(max=50)])
    guardian_phone = StringField(_l("Guardian's mobile number"), validators=[
        Optional(), RequiredWhen(), Phone(mobile_only=True)])
    guardian_consent = BooleanField(_l("I am this child's parent or legal guardian, and I agree to the collection "
                                       "and use of the child's personal data as described below"))
    areas = SelectMultipleField(_l("Which areas would you like to help in?"),
                                choices=_choices(VOLUNTEER_AREA_LABELS),
                                validators=[DataRequired(_l("Choose at least one area"))])
    talents = SelectMultipleField(_l("Talents and skills"), choices=_choices(TALENT_LABELS), validators=[Optional()])
    skills = StringField(_l("Other talents or skills"), validators=[Optional(), Length(max=200)])
    availability = SelectMultipleField(_l("When can you help?"), choices=_choices(AVAILABILITY_LABELS),
                                       validators=[DataRequired(_l("Choose at least one time you can help"))])
    dong = SelectField(_l("Where would you like to help?"), validators=[Optional()])
    languages = SelectMultipleField(_l("Languages you speak"), choices=_choices(LANGUAGE_LABELS),
                                    validators=[Optional()])
    other_languages = StringField(_l("Other languages"), validators=[Optional(), Length(max=100)])
    message = TextAreaField(_l("Anything you would like to tell us?"), validators=[Optional(), Length(max=1000)])
    consent = ConsentField(_l("Consent to the collection and use of personal data"), refusal=_l(
        "You may refuse. If you do, we cannot take your sign-up online; to volunteer another way, call the "
        "Seo-gu Office on {phone}."))
    website = honeypot_field()

    under_14 = False

    @property
    def skill_tags(self) -> list[str]:
        return _tags(self.skills.data)

    @property
    def language_tags(self) -> list[str]:
        return _tags(self.other_languages.data, limit=5)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        birth = self.birth_date.data
        if birth is None:
            return False
        today = seoul_today()
        age = age_on(birth, today)
        if birth > today or age > 110:
            _error(self.birth_date, _l("Enter your real date of birth, like 1960-03-27"))
            return False
        self.under_14 = age < UNDER_14
        if self.under_14:
            # DESIGN §8: nothing about a child under 14 is stored until a guardian has agreed.
            if not self.guardian_name.data:
                _error(self.guardian_name, _l("You are under 14: enter your parent's or guardian's name"))
                valid = False
            if not self.guardian_phone.data:
                _error(self.guardian_phone, _l("You are under 14: enter your parent's or guardian's mobile number"))
                valid = False
            if not self.guardian_consent.data:
                _error(self.guardian_consent, _l("You are under 14: your parent or guardian must tick this box "
                                                 "to agree"))
                valid = False
        return valid


class ApplicationForm(BaseForm):
    kind = RadioField(_l("What would you like to do?"), choices=[
        SelectChoice("offer", _l("Offer to help")), SelectChoice("request", _l("Ask for help"))],
        validators=[DataRequired(_l("Choose whether you offer help or ask for help"))])
    for_whom = RadioField(_l("If you ask for help: who is it for?"), choices=[
        SelectChoice("self", _l("For me")), SelectChoice("neighbour", _l("For a neighbour"))],
        default="self", validators=[Optional()])
    neighbour_name = StringField(_l("Neighbour's name"), validators=[Optional(), Length(max=50)])
    neighbour_phone = StringField(_l("Neighbour's phone number"), validators=[Optional(), Phone()])
    neighbour_consent = BooleanField(_l("My neighbour agreed that I ask for help for them and that the office may "
                                        "contact them about it"))
    message = TextAreaField(_l("What can you offer, or what help is needed?"), validators=[
        DataRequired(_l("Tell us what you can offer or what help is needed")), Length(max=1000)])
    name = your_name_field()
    phone = your_mobile_field()
    notify_me = NotifyMeField()
    dong = SelectField(_l("Your dong"), validators=[DataRequired(_l("Choose your dong"))])
    consent = ConsentField(_l("Consent to the collection and use of personal data"), refusal=_l(
        "You may refuse. If you do, we cannot take this request online; to offer or ask for help another way, "
        "call the Seo-gu Office on {phone}."))
    website = honeypot_field()

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.kind.data == "request" and self.for_whom.data == "neighbour":
            if not self.neighbour_name.data:
                _error(self.neighbour_name, _l("Enter your neighbour's name"))
                valid = False
            if not self.neighbour_consent.data:
                _error(self.neighbour_consent, _l("Ask your neighbour first: we can only take a request for them "
                                                  "if they agreed"))
                valid = False
        return valid


# -- staff --------------------------------------------------------------------------------------

# A project's status is shown by its tag ("Open" / "Closed"), never in its title as well.
_STATUS_IN_TITLE = re.compile(r"[(\[（［【]\s*(마감|모집\s*마감|종료|closed|finished|ended)\s*[)\]）］】]"
                              r"|(^|\s)(마감|closed)$", re.IGNORECASE)


def _no_status_in_title(form, field) -> None:
    if _STATUS_IN_TITLE.search((field.data or "").strip()):
        raise ValidationError(_l("Leave “(마감)” or “(closed)” out of the title: the project's status shows "
                                 "whether it is open or closed"))


class ProjectForm(BaseForm):
    title_ko = StringField(_l("Title in Korean"), validators=[DataRequired(_l("Enter the title in Korean")),
                                                              Length(max=120), _no_status_in_title])
    title_en = StringField(_l("Title in English"), validators=[DataRequired(_l("Enter the title in English")),
                                                               Length(max=160), _no_status_in_title])
    description_ko = TextAreaField(_l("Description in Korean"), validators=[
        DataRequired(_l("Enter the description in Korean")), Length(max=4000)])
    description_en = TextAreaField(_l("Description in English"), validators=[
        DataRequired(_l("Enter the description in English")), Length(max=4000)])
    area = SelectField(_l("Area"), choices=blank_first(_l("Choose an area"), AREA_LABELS.items()),
                       validators=[DataRequired(_l("Choose an area"))])
    dong = SelectField(_l("Dong"), validators=[Optional()])
    starts_on = DateInputField(_l("Starts on"), validators=[DataRequired(_l("Enter the start date, like 2026-12-01"))])
    ends_on = DateInputField(_l("Ends on"), validators=[Optional()])
    helpers_needed = IntegerField(_l("Helpers needed"), default=0, validators=[
        Optional(), NumberRange(0, 10_000, _l("Enter a number from 0 to 10,000"))])
    recipients_needed = IntegerField(_l("Recipients who can be helped"), default=0, validators=[
        Optional(), NumberRange(0, 10_000, _l("Enter a number from 0 to 10,000"))])
    # Not "status": BaseForm.status is the page's HTTP status.
    project_status = RadioField(_l("Status"), choices=_choices(PROJECT_STATUS_LABELS), default="open",
                        validators=[DataRequired(_l("Choose whether the project is open"))])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.starts_on.data and self.ends_on.data and self.ends_on.data < self.starts_on.data:
            _error(self.ends_on, _l("The end date must be on or after the start date"))
            valid = False
        return valid


class NoteForm(BaseForm):
    """A lifecycle button with an optional note shown to the submitter (a reason, where one is needed)."""

    note = TextAreaField(_l("Note shown to the submitter"), validators=[Optional(), Length(max=2000)])


class PaymentForm(BaseForm):
    amount = StringField(_l("Amount received, in won"), validators=[
        DataRequired(_l("Enter the amount received, like 1,000,000")), Length(max=40)])
    paid_on = DateInputField(_l("Received on"), validators=[DataRequired(_l("Enter the date, like 2026-11-21"))])
    note = TextAreaField(_l("Note shown to the donor"), validators=[Optional(), Length(max=2000)])

    amount_won: int | None = None

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.amount.data:
            try:
                self.amount_won = parse_won(self.amount.data)
            except AmountError:
                _error(self.amount, _l("Enter the amount in won using digits, like 1,000,000 or 1,000,000원"))
                valid = False
        if self.paid_on.data and self.paid_on.data > seoul_today():
            _error(self.paid_on, _l("The date cannot be in the future"))
            valid = False
        return valid


class ConnectForm(BaseForm):
    partner = SelectField(_l("Connect with"), validators=[Optional()])
    note = TextAreaField(_l("Note shown to the applicant"), validators=[Optional(), Length(max=2000)])


class ConnectVolunteerForm(BaseForm):
    project = SelectField(_l("Project"), validators=[DataRequired(_l("Choose a project"))])
    note = TextAreaField(_l("Note shown to the volunteer"), validators=[Optional(), Length(max=2000)])


class VolunteerSearchForm(BaseForm):
    class Meta:
        csrf = False

    area = SelectField(_l("Area"), validators=[Optional()])
    talent = SelectField(_l("Talent"), validators=[Optional()])
    skill = StringField(_l("Other skills (words)"), validators=[Optional(), Length(max=40)])
    availability = SelectField(_l("Availability"), validators=[Optional()])
    dong = SelectField(_l("Dong"), validators=[Optional()])
    language = SelectField(_l("Language"), validators=[Optional()])
    project = HiddenField()
