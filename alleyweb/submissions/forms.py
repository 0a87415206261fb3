from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Regexp

from alleyweb.core.forms.base import BaseForm
from alleyweb.core.forms.validators import typed_digits


class StatusLookupForm(BaseForm):
    receipt_no = StringField(_l("Receipt number"), validators=[
        DataRequired(_l("Enter your receipt number, like 7K3QP-9XPD2")), Length(max=20)])
    phone_last4 = StringField(_l("Last 4 digits of your phone number"), filters=[typed_digits], validators=[
        DataRequired(_l("Enter the last 4 digits of the phone number you gave")),
        Regexp(r"^[0-9]{4}$", message=_l("Enter 4 digits, like 5678"))])
