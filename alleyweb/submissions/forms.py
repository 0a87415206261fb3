from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from alleyweb.core.forms.base import BaseForm
from alleyweb.core.forms.fields import WholeNumberField
from alleyweb.core.forms.validators import Phone, typed_digits
from alleyweb.submissions.times import MAX_DAYS, MAX_TEXT


class StatusLookupForm(BaseForm):
    receipt_no = StringField(_l("Receipt number"), validators=[
        DataRequired(_l("Enter your receipt number, like 7K3QP-9XPD2")), Length(max=20)])
    phone_last4 = StringField(_l("Last 4 digits of your phone number"), filters=[typed_digits], validators=[
        DataRequired(_l("Enter the last 4 digits of the phone number you gave")),
        Regexp(r"^[0-9]{4}$", message=_l("Enter 4 digits, like 5678"))])


class ProcessingTimeForm(BaseForm):
    """Staff set how long a kind of submission takes (submissions/times.py): days and/or a short text in both
    languages, and the responsible phone. All empty: "to be confirmed"."""

    days = WholeNumberField(_l("About how many days"), minimum=1, maximum=MAX_DAYS,
                            message=_l("Enter a whole number of days from 1 to 365, like 14"))
    text_ko = StringField(_l("In words (Korean)"), validators=[Optional(), Length(max=MAX_TEXT)])
    text_en = StringField(_l("In words (English)"), validators=[Optional(), Length(max=MAX_TEXT)])
    phone = StringField(_l("Responsible department's phone"), validators=[Optional(), Phone()])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for field, other, message in (
                (self.text_en, self.text_ko, _l("Enter the English words too, or leave both empty")),
                (self.text_ko, self.text_en, _l("Enter the Korean words too, or leave both empty"))):
            if other.data and not field.data and not field.errors and not other.errors:
                field.errors = [*field.errors, message]
                valid = False
        return valid

    def values(self) -> dict:
        return {"days": self.days.data, "text_ko": self.text_ko.data or "", "text_en": self.text_en.data or "",
                "phone": self.phone.data or ""}
