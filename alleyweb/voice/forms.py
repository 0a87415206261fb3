from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from alleyweb.core.forms.base import BaseForm
from alleyweb.core.forms.fields import (
    ConsentField,
    DateInputField,
    NotifyMeField,
    blank_first,
    honeypot_field,
    your_name_field,
)
from alleyweb.core.forms.validators import Phone
from alleyweb.voice.catalogue import CHANNELS, DEPARTMENTS, TOPICS, URGENCY_LABELS
from alleyweb.voice.services import normalise_tags

MESSAGE_MAX = 2000


def _district_or_dong(form, message) -> bool:
    """Whether the form names a shopping district or a dong; if neither, ``message`` is put on the dong."""
    if not form.district.data and not form.dong.data and not form.dong.errors:
        form.dong.errors = list(form.dong.errors) + [message]
        return False
    return True


class SuggestionForm(BaseForm):
    """A merchant's suggestion to the Alley Economy 119 line."""

    topic = RadioField(_l("What is it about?"), choices=[SelectChoice(k, v) for k, v in TOPICS.items()],
                       validators=[DataRequired(_l("Choose what your suggestion is about"))])
    district = SelectField(_l("Shopping district or market"), validators=[Optional()])
    dong = SelectField(_l("Dong"), validators=[Optional()])
    message = TextAreaField(_l("Your suggestion"), validators=[
        DataRequired(_l("Write your suggestion")),
        Length(max=MESSAGE_MAX, message=_l("Shorten your suggestion to %(max)d characters or fewer"))])
    name = your_name_field()
    store_name = StringField(_l("Name of your store"), validators=[DataRequired(_l("Enter your store's name")),
                                                          Length(max=100)])
    phone = StringField(_l("Phone number"), validators=[
        DataRequired(_l("Enter a phone number, like 010-1234-5678 or 062-360-7114")), Phone()])
    notify_me = NotifyMeField()
    may_publish = BooleanField(_l("Yes, once it is answered, my suggestion and the answer may be published on "
                                  "the Alley Office page without my name, store or phone number"))
    consent = ConsentField(_l("Consent to the collection and use of personal data"), refusal=_l(
        "You may refuse. If you do, we cannot take your suggestion online, because we need your name and number "
        "to answer you; you can also make it by phone to the Seo-gu Office on {phone}."))
    website = honeypot_field()

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        return _district_or_dong(self, _l("Choose your shopping district, or the dong your store is in")) and valid


class RecordedSuggestionForm(BaseForm):
    """A suggestion an officer records from a call to the Alley Economy 119 Phone, a text message or a visit."""

    channel = RadioField(_l("How did it come in?"),
                         choices=[SelectChoice(k, v) for k, v in CHANNELS.items() if k != "web"],
                         validators=[DataRequired(_l("Choose how the suggestion came in"))])
    received_date = DateInputField(_l("Date received"), validators=[
        DataRequired(_l("Enter the date it came in, like 2026-12-03"))])
    received_time = StringField(_l("Time received"), validators=[
        DataRequired(_l("Enter the time it came in, like 14:05")),
        Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", message=_l("Enter the time like 14:05"))])
    topic = RadioField(_l("What is it about?"), choices=[SelectChoice(k, v) for k, v in TOPICS.items()],
                       validators=[DataRequired(_l("Choose what the suggestion is about"))])
    district = SelectField(_l("Shopping district or market"), validators=[Optional()])
    dong = SelectField(_l("Dong"), validators=[Optional()])
    message = TextAreaField(_l("The suggestion, as the merchant said it"), validators=[
        DataRequired(_l("Write the suggestion")),
        Length(max=MESSAGE_MAX, message=_l("Shorten the suggestion to %(max)d characters or fewer"))])
    name = StringField(_l("Merchant's name"), validators=[DataRequired(_l("Enter the merchant's name")),
                                                        Length(max=50)])
    store_name = StringField(_l("Store name"), validators=[DataRequired(_l("Enter the store's name")),
                                                          Length(max=100)])
    phone = StringField(_l("Phone number"), validators=[
        DataRequired(_l("Enter a phone number, like 010-1234-5678 or 062-360-7114")), Phone()])
    privacy_agreed = BooleanField(_l("I read the notice above to the merchant, and the merchant agreed"),
                                  validators=[DataRequired(_l("Read the notice to the merchant and tick this once "
                                                              "they agree. Without their agreement, do not record "
                                                              "their name, store or phone number"))])
    may_publish = BooleanField(_l("The merchant agreed that, once answered, the suggestion and the answer may "
                                  "be published on the Alley Office page without their name, store or phone "
                                  "number"))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        return _district_or_dong(self, _l("Choose the shopping district, or the dong the store is in")) and valid


class TriageForm(BaseForm):
    urgency = RadioField(_l("Urgency"), choices=[SelectChoice(k, v) for k, v in URGENCY_LABELS.items()],
                         validators=[DataRequired(_l("Choose how urgent it is"))])
    tags = StringField(_l("Tags"), validators=[Optional(), Length(max=200)])
    department = SelectField(_l("Department in charge"), choices=blank_first(_l("Not assigned yet"),
                                                                             DEPARTMENTS.items()),
                             validators=[Optional()])

    def validate_tags(self, field):
        tags = normalise_tags(field.data)
        if len(tags) > 8 or any(len(tag) > 30 for tag in tags):
            raise ValidationError(_l("Use at most 8 tags of up to 30 characters, separated by commas"))


class MergeForm(BaseForm):
    into = StringField(_l("Receipt number of the suggestion about the same problem"), validators=[
        DataRequired(_l("Enter the receipt number, like 7K3QP-9XPD2")), Length(max=20)])


class PublishForm(BaseForm):
    text = TextAreaField(_l("The suggestion as the public will read it"), validators=[
        DataRequired(_l("Write the suggestion as the public will read it")), Length(max=2000)])


class ReplyForm(BaseForm):
    kind = RadioField(_l("What is this reply?"), choices=[
        SelectChoice("update", _l("A progress update (the suggestion stays open)")),
        SelectChoice("answer", _l("The answer (closes the suggestion for every merchant in the thread)"))],
        validators=[DataRequired(_l("Choose whether this is an update or the answer"))])
    text_ko = TextAreaField(_l("Reply in Korean"), validators=[Optional(), Length(max=4000)])
    text_en = TextAreaField(_l("Reply in English"), validators=[Optional(), Length(max=4000)])

    def __init__(self, *args, languages=("ko",), **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for lang, field in (("ko", self.text_ko), ("en", self.text_en)):
            if lang in self.languages and not field.data and not field.errors:
                field.errors = list(field.errors) + [
                    _l("Write the reply in Korean: a merchant in this thread wrote in Korean") if lang == "ko" else
                    _l("Write the reply in English: a merchant in this thread wrote in English")]
                valid = False
        return valid


class VisitForm(BaseForm):
    visit_date = DateInputField(_l("Date"), validators=[DataRequired(_l("Enter the date, like 2026-12-03"))])
    start_time = StringField(_l("Start time"), validators=[
        Optional(), Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", message=_l("Enter the time like 14:00"))])
    dong = SelectField(_l("Dong"), validators=[DataRequired(_l("Choose the dong"))])
    district = SelectField(_l("Shopping district or market"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[DataRequired(_l("Enter where the office will be")),
                                                 Length(max=200)])
    host_shop = StringField(_l("Shop hosting the office"), validators=[
        DataRequired(_l("Enter the name of the shop hosting the office")), Length(max=100)])


class VisitChangeForm(BaseForm):
    """Move a visit to another day, or cancel it, with a note the public and the merchants read."""

    action = RadioField(_l("What has changed?"), choices=[
        SelectChoice("move", _l("The visit moves to another date (its agenda goes with it)")),
        SelectChoice("cancel", _l("The visit is cancelled (its agenda goes back to the suggestions to choose from)"))],
        validators=[DataRequired(_l("Choose whether the visit moves or is cancelled"))])
    new_date = DateInputField(_l("New date"), validators=[Optional()])
    new_time = StringField(_l("New start time"), validators=[
        Optional(), Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", message=_l("Enter the time like 14:00"))])
    note = TextAreaField(_l("Note for the public and the merchants"), validators=[
        DataRequired(_l("Write why the visit changed: it is shown on the Alley Office page")), Length(max=500)])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.action.data == "move" and self.new_date.data is None and not self.new_date.errors:
            self.new_date.errors = list(self.new_date.errors) + [_l("Enter the new date, like 2026-12-03")]
            valid = False
        return valid


class AgendaForm(BaseForm):
    """Add or remove one thread (by its lead's id) on a visit's agenda."""

    suggestion = StringField(validators=[DataRequired(), Regexp(r"^[0-9]{1,9}$")])
