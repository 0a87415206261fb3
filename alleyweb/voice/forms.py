from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from alleyweb.core.forms.base import BaseForm
from alleyweb.core.forms.fields import ConsentField, DateInputField, blank_first
from alleyweb.core.forms.validators import Phone
from alleyweb.voice.catalogue import DEPARTMENTS, TOPICS, URGENCY_LABELS
from alleyweb.voice.services import normalise_tags

MESSAGE_MAX = 2000


class SuggestionForm(BaseForm):
    """A merchant's suggestion to the Alley Economy 119 line."""

    topic = RadioField(_l("What is it about?"), choices=[SelectChoice(k, v) for k, v in TOPICS.items()],
                       validators=[DataRequired(_l("Choose what your suggestion is about"))])
    district = SelectField(_l("Shopping district or market"), validators=[Optional()])
    dong = SelectField(_l("Dong"), validators=[Optional()])
    message = TextAreaField(_l("Your suggestion"), validators=[
        DataRequired(_l("Write your suggestion")),
        Length(max=MESSAGE_MAX, message=_l("Shorten your suggestion to %(max)d characters or fewer"))])
    name = StringField(_l("Your name"), validators=[DataRequired(_l("Enter your name")), Length(max=50)])
    store_name = StringField(_l("Name of your store"), validators=[DataRequired(_l("Enter your store's name")),
                                                          Length(max=100)])
    phone = StringField(_l("Phone number"), validators=[
        DataRequired(_l("Enter a phone number, like 010-1234-5678 or 062-360-7114")), Phone()])
    may_publish = BooleanField(_l("Yes, once it is answered, my suggestion and the answer may be published on "
                                  "the Alley Office page without my name, store or phone number"))
    consent = ConsentField(_l("Consent to the collection and use of personal data"))
    # Left empty by people; filled in by form-filling robots, whose requests are then dropped.
    website = StringField(validators=[Optional(), Length(max=200)])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.district.data and not self.dong.data and not self.dong.errors:
            self.dong.errors = list(self.dong.errors) + [
                _l("Choose your shopping district, or the dong your store is in")]
            valid = False
        return valid


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


class AgendaForm(BaseForm):
    """Add or remove one thread (by its lead's id) on a visit's agenda."""

    suggestion = StringField(validators=[DataRequired(), Regexp(r"^[0-9]{1,9}$")])
