"""The staff form for a dong's administrative welfare centre."""

from __future__ import annotations

import math

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Length, Optional, ValidationError

from alleyweb.core.forms.base import BaseForm
from alleyweb.core.forms.validators import Phone
from alleyweb.core.numbers import ascii_digits
from alleyweb.dongs.centres import MAX_ADDRESS, MAX_HOURS, check_position


def _coordinate(form, field):
    """A decimal number (digits of any script, a comma taken for the point), kept as a float in ``number``."""
    field.number = None
    text = ascii_digits(field.data or "").replace(",", ".").strip()
    if not text:
        return
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or len(text) > 20:
        raise ValidationError(_l("Enter a decimal number, like 35.1521"))
    field.number = value


class CentreForm(BaseForm):
    address = StringField(_l("Address"), validators=[Optional(), Length(max=MAX_ADDRESS)])
    phone = StringField(_l("Phone"), validators=[Optional(), Phone()])
    hours = StringField(_l("Opening hours"), validators=[Optional(), Length(max=MAX_HOURS)])
    lat = StringField(_l("Latitude"), validators=[_coordinate])
    lng = StringField(_l("Longitude"), validators=[_coordinate])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.lat.errors and not self.lng.errors and hasattr(self.lat, "number"):
            problem = check_position(self.lat.number, self.lng.number)
            if problem:
                self.lat.errors = [*self.lat.errors, problem]
                valid = False
        return valid

    def values(self) -> dict:
        return {"address": self.address.data or "", "phone": self.phone.data or "", "hours": self.hours.data or "",
                "lat": self.lat.number, "lng": self.lng.number}
