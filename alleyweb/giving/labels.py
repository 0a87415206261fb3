"""Words for the giving feature's choices, shared by forms, pages, the console and the figures."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

AREA_LABELS = {
    "donations": _l("Donations"),
    "network": _l("Network building"),
    "talent": _l("Talent sharing"),
    "health": _l("Health"),
    "education": _l("Education"),
}
ANY_AREA = "any"
PLEDGE_AREA_LABELS = {**AREA_LABELS, ANY_AREA: _l("Where most needed")}
# What a pledge or a volunteer is offered to choose: "Donations" is how a project collects gifts, not an
# area a gift goes to or a field a volunteer works in (the labels above still name older records).
GIFT_AREA_LABELS = {key: label for key, label in PLEDGE_AREA_LABELS.items() if key != "donations"}
VOLUNTEER_AREA_LABELS = {key: label for key, label in AREA_LABELS.items() if key != "donations"}

DONOR_TYPE_LABELS = {"individual": _l("An individual"), "business": _l("A business or organisation")}
FREQUENCY_LABELS = {"once": _l("One-time gift"), "monthly": _l("Monthly gift")}
MONTHS_CHOICES = (12, 24, 36, 60)

PLEDGE_STATE_LABELS = {
    "pledged": _l("Pledged"),
    "confirmed": _l("Confirmed"),
    "paid": _l("Paid in full"),
    "recognised": _l("Recognised"),
    "withdrawn": _l("Withdrawn"),
}
APPLICATION_STATE_LABELS = {
    "applied": _l("Applied"),
    "connected": _l("Connected"),
    "completed": _l("Completed"),
    "declined": _l("Declined"),
}
APPLICATION_KIND_LABELS = {"offer": _l("Offers help"), "request": _l("Asks for help")}
FOR_WHOM_LABELS = {"self": _l("For themselves"), "neighbour": _l("For a neighbour")}
PROJECT_STATUS_LABELS = {"open": _l("Open"), "closed": _l("Closed")}

TALENT_LABELS = {
    "cooking": _l("Cooking and side dishes"),
    "repairs": _l("Cleaning and home repairs"),
    "tutoring": _l("Teaching and tutoring"),
    "interpreting": _l("Interpreting and translation"),
    "care": _l("Care and health (nurse, carer)"),
    "beauty": _l("Haircuts and beauty"),
    "digital": _l("Smartphones and computers"),
    "arts": _l("Music, art and performance"),
    "driving": _l("Driving and deliveries"),
    "advice": _l("Legal, tax or benefits advice"),
    "befriending": _l("Visiting and befriending"),
    "photography": _l("Photography and video"),
}
AVAILABILITY_LABELS = {
    "weekday_morning": _l("Weekday mornings"),
    "weekday_afternoon": _l("Weekday afternoons"),
    "weekday_evening": _l("Weekday evenings"),
    "weekend_morning": _l("Weekend mornings"),
    "weekend_afternoon": _l("Weekend afternoons"),
    "weekend_evening": _l("Weekend evenings"),
}
# Languages volunteers can interpret in: Seo-gu's neighbours come from many countries.
LANGUAGE_LABELS = {
    "ko": _l("Korean"),
    "en": _l("English"),
    "zh": _l("Chinese"),
    "vi": _l("Vietnamese"),
    "ja": _l("Japanese"),
    "ru": _l("Russian"),
    "uz": _l("Uzbek"),
    "tl": _l("Filipino (Tagalog)"),
    "th": _l("Thai"),
    "km": _l("Khmer"),
    "mn": _l("Mongolian"),
}
