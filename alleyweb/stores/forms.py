import math

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FloatField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from alleyweb.core.forms.base import BaseForm
from alleyweb.core.forms.fields import (
    ConsentField,
    DateInputField,
    ListSelectField,
    NotifyMeField,
    honeypot_field,
    your_mobile_field,
    your_name_field,
)
from alleyweb.core.forms.validators import BusinessNumber, Phone
from alleyweb.core.numbers import ascii_digits, parse_int
from alleyweb.stores.services import in_seogu


def finite(form, field):
    """NumberRange lets NaN through (every comparison with it is false); a position is a finite number."""
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError(_l("Enter a number"))


class StoreSearchForm(BaseForm):
    """The directory's filters; a GET form, so results can be shared as a link."""

    class Meta:
        csrf = False

    q = StringField(_l("Store name or initial consonants"), validators=[Optional(), Length(max=40)])
    dong = ListSelectField(_l("Dong"), validators=[Optional()])
    category = ListSelectField(_l("Category"), validators=[Optional()])
    market = ListSelectField(_l("Shopping district or market"), validators=[Optional()])
    accepts = SelectField(_l("Gift certificate"), validators=[Optional()], choices=[
        SelectChoice("", _l("Any")), SelectChoice("paper", _l("Takes paper certificates")),
        SelectChoice("digital", _l("Takes digital certificates (card or mobile)"))])
    sort = SelectField(_l("Sort by"), validators=[Optional()], choices=[
        SelectChoice("name", _l("By name")), SelectChoice("distance", _l("Nearest first"))])
    lat = FloatField(validators=[Optional(), NumberRange(-90, 90), finite])
    lng = FloatField(validators=[Optional(), NumberRange(-180, 180), finite])


class StoreRequestForm(BaseForm):
    """A merchant asks to list a store or to correct one."""

    kind = RadioField(_l("What would you like to do?"), choices=[
        SelectChoice("new", _l("List a store that takes Onnuri gift certificates")),
        SelectChoice("correction", _l("Correct the details of a listed store"))],
        default="new", validators=[DataRequired(_l("Choose what you would like to do"))])
    store_id = HiddenField()
    store_name = StringField(_l("Store name"), validators=[DataRequired(_l("Enter the store's name")),
                                                          Length(max=100)])
    market = SelectField(_l("Shopping district or market"), validators=[Optional()])
    dong = SelectField(_l("Dong"), validators=[DataRequired(_l("Choose the dong the store is in"))])
    address = StringField(_l("Road-name address"), validators=[DataRequired(_l("Enter the store's road-name "
                                                                                "address")), Length(max=200)])
    store_phone = StringField(_l("Store phone number"), validators=[Optional(), Phone()])
    hours = StringField(_l("Opening hours"), validators=[Optional(), Length(max=200)])
    items = StringField(_l("What the store sells"), validators=[Optional(), Length(max=200)])
    accepts_paper = BooleanField(_l("Takes paper certificates"))
    accepts_digital = BooleanField(_l("Takes digital certificates (card or mobile)"))
    business_number = StringField(_l("Business registration number"), validators=[
        DataRequired(_l("Enter the business registration number, like 123-45-67890")), BusinessNumber()])
    note = TextAreaField(_l("What should we change, or anything else we should know?"),
                         validators=[Optional(), Length(max=1000)])
    applicant_name = your_name_field()
    applicant_phone = your_mobile_field()
    notify_me = NotifyMeField(phone_field="applicant_phone")
    consent = ConsentField(_l("Consent to the collection and use of personal data"), refusal=_l(
        "You may refuse. If you do, we cannot take this request online, because we need your name and number "
        "to tell you the result; to ask another way, call the Seo-gu Office on {phone}."))
    website = honeypot_field()

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not (self.accepts_paper.data or self.accepts_digital.data):
            self.accepts_paper.errors = list(self.accepts_paper.errors) + [
                _l("Tick at least one: paper or digital certificates")]
            valid = False
        return valid


class _TypedNumberField(StringField):
    """A number typed as text: ``data`` is what ``read`` makes of it (stripped, at most 40 characters), None
    when empty; a refused one is shown again as it was typed."""

    def read(self, text: str):
        raise NotImplementedError

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "").strip()[:40]
        self.data = None  # also when read() refuses it
        if self.raw:
            self.data = self.read(self.raw)

    def _value(self):
        return self.raw if getattr(self, "raw", None) is not None else ("" if self.data is None else str(self.data))


class PositionField(_TypedNumberField):
    """A latitude or longitude as people paste it from a map (digits of any script); None when empty.
    NaN and infinity are refused (``float`` reads them, and every comparison with NaN is false)."""

    def read(self, text: str) -> float:
        try:
            value = float(ascii_digits(text))
        except ValueError:
            raise ValueError(_l("Enter a number, like 35.1525")) from None
        if not math.isfinite(value):
            raise ValueError(_l("Enter a number, like 35.1525"))
        return value


class PositionForm(BaseForm):
    """A position inside Seo-gu, both numbers or neither."""

    lat = PositionField(_l("Latitude"))
    lng = PositionField(_l("Longitude"))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not valid:
            return False
        if (self.lat.data is None) != (self.lng.data is None):
            empty = self.lat if self.lat.data is None else self.lng
            empty.errors = [*empty.errors, _l("Enter both the latitude and the longitude, or neither")]
            return False
        if self.lat.data is not None and not in_seogu(self.lat.data, self.lng.data):
            self.lat.errors = [*self.lat.errors, _l("This position is outside Seo-gu. Check the numbers, and that "
                                                   "the latitude (about 35.1) comes first")]
            return False
        return True


class StorePlaceForm(PositionForm):
    """Staff change where a store is and how to reach it."""

    address = StringField(_l("Road-name address"), validators=[Optional(), Length(max=200)])
    phone = StringField(_l("Store phone number"), validators=[Optional(), Phone()])
    hours = StringField(_l("Opening hours"), validators=[Optional(), Length(max=200)])


class ShopsField(_TypedNumberField):
    """A count of shops: a whole number through ``parse_int``; None when empty."""

    def read(self, text: str) -> int:
        shops = parse_int(text.replace(",", ""), minimum=1, maximum=100_000)
        if shops is None:
            raise ValueError(_l("Enter a whole number of shops, like 120"))
        return shops


class DistrictFactsForm(PositionForm):
    """Staff record a shopping district's count of shops (with its date) and its centre."""

    shops = ShopsField(_l("Shops in the district, members and not"))
    counted_on = DateInputField(_l("Date of the count"))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and (self.shops.data is None) != (self.counted_on.data is None):
            empty = self.shops if self.shops.data is None else self.counted_on
            empty.errors = [*empty.errors, _l("Enter the number of shops and the date of the count together")]
            return False
        return valid
