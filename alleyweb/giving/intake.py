"""What the giving forms send, as submissions (submissions/intake.py): a pledge, a volunteer's sign-up, an
offer of or a request for help on a sharing project. Details in Korean, for officers; each with the
feature's own row (Pledge, Volunteer, Application), stored in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l

from alleyweb.core.database import utcnow
from alleyweb.core.dates import format_local
from alleyweb.core.privacy import redact
from alleyweb.extensions import db
from alleyweb.giving.kinds import APPLICATION, PLEDGE, VOLUNTEER
from alleyweb.giving.labels import PLEDGE_AREA_LABELS
from alleyweb.giving.models import Application, Pledge, Project, Volunteer, VolunteerTag
from alleyweb.giving.money import format_won
from alleyweb.giving.services import GivingError, tier_for, tier_label
from alleyweb.submissions.intake import NewSubmission
from alleyweb.submissions.models import Submission


@dataclass
class PledgeInput:
    donor_type: str
    business_name: str
    business_number: str
    frequency: str
    amount: int
    months: int
    area: str
    hall_of_fame: bool
    display_name: str
    receipt: bool
    message: str
    name: str
    phone: str
    dong_id: int


def pledge(data: PledgeInput) -> NewSubmission:
    """A pledge as the public form sends it: a submission with its Pledge row, stored together."""
    months = data.months if data.frequency == "monthly" else 1
    total = data.amount * months
    tier = tier_for(total)
    with force_locale("ko"):  # officers read the details in Korean
        details = {
            "donor_type": data.donor_type,
            "donor_type_label": gettext("Business or organisation") if data.donor_type == "business"
            else gettext("Individual"),
            "business_name": data.business_name if data.donor_type == "business" else "",
            "business_number": data.business_number if data.donor_type == "business" else "",
            "frequency_label": gettext("Monthly, for %(num)d months", num=months) if data.frequency == "monthly"
            else gettext("One-time"),
            "amount_label": format_won(data.amount, "ko"),
            "total_label": format_won(total, "ko"),
            "area": data.area,
            "area_label": str(PLEDGE_AREA_LABELS[data.area]),
            "tier_label": tier_label(tier, "ko"),
            "hall_of_fame_label": gettext("Yes") if data.hall_of_fame else gettext("No"),
            "display_name": data.display_name if data.hall_of_fame else "",
            "receipt_label": gettext("Wanted") if data.receipt else gettext("Not wanted"),
            "message": data.message,
        }

    def attach(submission: Submission) -> None:
        db.session.add(Pledge(
            submission=submission, donor_type=data.donor_type, frequency=data.frequency, amount=data.amount,
            months=months, total=total, area=data.area, hall_of_fame=data.hall_of_fame,
            display_name=details["display_name"], state="pledged"))

    return NewSubmission(PLEDGE, data.name, data.phone, data.dong_id, details, attach)


@dataclass
class VolunteerInput:
    name: str
    phone: str
    birth_date: date
    under_14: bool
    guardian_name: str
    guardian_phone: str
    areas: list[str]
    talents: list[str]
    skills: list[str]  # free tags
    availability: list[str]
    languages: list[str]
    other_languages: list[str]
    dong_id: int | None
    details: dict


def volunteer(data: VolunteerInput) -> NewSubmission:
    """A volunteer's sign-up: a submission with its Volunteer row and the tags officers search by."""
    def attach(submission: Submission) -> None:
        volunteer = Volunteer(submission=submission, dong_id=data.dong_id, under_14=data.under_14)
        tags = [("area", v) for v in data.areas] + [("talent", v) for v in data.talents]
        # Skills are searched by every officer who may list volunteers: any phone number or address in
        # what was typed is taken out first (submissions/visibility.py).
        tags += [("skill", redact(v)) for v in data.skills] + [("availability", v) for v in data.availability]
        tags += [("language", v) for v in data.languages] + [("language", v) for v in data.other_languages]
        volunteer.tags = [VolunteerTag(kind=kind, value=value[:40]) for kind, value in tags]
        db.session.add(volunteer)

    return NewSubmission(VOLUNTEER, data.name, data.phone, data.dong_id, data.details, attach)


@dataclass
class ApplicationInput:
    kind: str  # offer / request
    for_whom: str  # self / neighbour
    message: str
    neighbour_name: str
    neighbour_phone: str
    neighbour_consent: bool
    name: str
    phone: str
    dong_id: int


def application(project: Project, data: ApplicationInput) -> NewSubmission:
    """An offer of help or a request for help from a project's page, with its Application row."""
    if not project.is_open:
        raise GivingError(_l("This project is closed and is not taking offers or requests."))
    for_whom = data.for_whom if data.kind == "request" else "self"
    neighbour = for_whom == "neighbour"
    with force_locale("ko"):
        details = {
            "project_id": project.id,
            "project_title": project.title_ko,
            "kind": data.kind,
            "kind_label": gettext("Offers help") if data.kind == "offer" else gettext("Asks for help"),
            "for_whom_label": (gettext("For a neighbour") if neighbour else gettext("For themselves"))
            if data.kind == "request" else "",
            "neighbour_name": data.neighbour_name if neighbour else "",
            "neighbour_phone": data.neighbour_phone if neighbour else "",
            # When and how the neighbour's consent was given, as the applicant declared it.
            "neighbour_consent_label": gettext("The applicant declared on %(date)s that the neighbour agreed",
                                               date=format_local(utcnow())) if neighbour else "",
            "message": data.message,
        }

    def attach(submission: Submission) -> None:
        db.session.add(Application(project_id=project.id, submission=submission, kind=data.kind,
                                   for_whom=for_whom, state="applied"))

    return NewSubmission(APPLICATION, data.name, data.phone, data.dong_id, details, attach)
