"""The three kinds of submission the giving feature adds to the console: pledges, volunteer sign-ups and
project applications. Their lifecycles live in this package's rows; each step reaches the status page
through ``record_step`` with the labels declared here."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from alleyweb.core import retention
from alleyweb.submissions.lifecycle import Lifecycle, Step
from alleyweb.submissions.registry import DetailField, SubmissionType

PLEDGE = "pledge"
VOLUNTEER = "volunteer"
APPLICATION = "project_application"


def _approve_volunteer(submission, staff) -> None:
    from alleyweb.giving.services import approve_volunteer

    approve_volunteer(submission, staff)


PLEDGE_TYPE = SubmissionType(
    key=PLEDGE,
    label=_l("Donation pledge"),
    retention=retention.RetentionRule(
        key=PLEDGE,
        service=_l("Donation pledges (Seo-gu Honors)"),
        purpose=_l("Confirming your pledge, arranging payment and donation receipts, and thanking you"),
        items_required=_l("Name, mobile number, dong; for a business, its name"),
        items_optional=_l("The name shown on the hall of fame; business registration number"),
        retention_days=5 * 365,
        legal_basis=_l("Donation records are kept for 5 years for tax purposes."),
    ),
    fields=(
        DetailField("donor_type_label", _l("Donor")),
        DetailField("business_name", _l("Business or organisation")),
        DetailField("business_number", _l("Business registration number"), personal=True),
        DetailField("frequency_label", _l("How often")),
        DetailField("amount_label", _l("Amount")),
        DetailField("total_label", _l("Total pledged")),
        DetailField("area_label", _l("Area")),
        DetailField("tier_label", _l("Seo-gu Honors tier")),
        DetailField("hall_of_fame_label", _l("Hall of fame")),
        DetailField("display_name", _l("Name on the hall of fame")),
        DetailField("receipt_label", _l("Donation receipt")),
        DetailField("message", _l("Message"), personal=True),
    ),
    steps=(
        ("received", _l("Pledged")),
        ("confirmed", _l("Confirmed")),
        ("instalment", _l("Payment received")),
        ("paid", _l("Paid in full")),
        ("recognised", _l("Recognised")),
        ("withdrawn", _l("Withdrawn")),
    ),
    detail_template="giving/staff/_pledge_panel.html",
    decisions=("needs_info",),
)

VOLUNTEER_TYPE = SubmissionType(
    key=VOLUNTEER,
    label=_l("Volunteer sign-up"),
    retention=retention.RetentionRule(
        key=VOLUNTEER,
        service=_l("Volunteer sign-up"),
        purpose=_l("Checking your sign-up and connecting you with sharing projects that need you"),
        items_required=_l("Name, mobile number, date of birth, areas, availability; for under-14s, a "
                          "guardian's name and mobile number"),
        items_optional=_l("Preferred dong, talents and skills, languages spoken"),
        retention_days=2 * 365,
    ),
    fields=(
        DetailField("birth_date", _l("Date of birth"), personal=True),
        DetailField("guardian_label", _l("Guardian's consent"), personal=True),
        DetailField("areas_label", _l("Areas")),
        DetailField("talents_label", _l("Talents and skills")),
        DetailField("availability_label", _l("Availability")),
        DetailField("languages_label", _l("Languages spoken")),
        DetailField("dong_label", _l("Preferred dong")),
        DetailField("message", _l("Message"), personal=True),
    ),
    on_approve=_approve_volunteer,
    steps=(
        ("approved", _l("Registered as a volunteer")),
        ("connected", _l("Connected to a project")),
        ("project_completed", _l("Project completed")),
        ("project_declined", _l("Connection to a project ended")),
        ("done", _l("Registration ended")),
    ),
    detail_template="giving/staff/_volunteer_panel.html",
    decisions=("approve", "reject", "needs_info", "done"),
)

def _project_title(submission) -> str:
    """The project's name in the current language on the status and receipt pages."""
    from alleyweb.core.i18n import current_lang
    from alleyweb.extensions import db
    from alleyweb.giving.models import Project

    project_id = submission.details.get("project_id")
    project = db.session.get(Project, project_id) if isinstance(project_id, int) else None
    return project.title(current_lang()) if project else submission.details.get("project_title", "")


APPLICATION_TYPE = SubmissionType(
    key=APPLICATION,
    label=_l("Sharing project application"),
    retention=retention.RetentionRule(
        key=APPLICATION,
        service=_l("Offering or asking for help on a sharing project"),
        purpose=_l("Connecting people who offer help with neighbours who need it, and telling you the result"),
        items_required=_l("Name, mobile number, dong, what you offer or need; when asking for a neighbour, "
                          "the neighbour's name and that they agreed"),
        items_optional=_l("The neighbour's phone number"),
        retention_days=3 * 365,
    ),
    fields=(
        DetailField("project_title", _l("Project")),
        DetailField("kind_label", _l("Application")),
        DetailField("for_whom_label", _l("For whom")),
        DetailField("neighbour_name", _l("Neighbour's name"), personal=True),
        DetailField("neighbour_phone", _l("Neighbour's phone number"), personal=True),
        DetailField("neighbour_consent_label", _l("Neighbour's consent"), personal=True),
        DetailField("message", _l("What is offered or needed"), personal=True),
    ),
    steps=(
        ("received", _l("Applied")),
        ("connected", _l("Connected")),
        ("completed", _l("Completed")),
        ("declined", _l("Declined")),
    ),
    detail_template="giving/staff/_application_panel.html",
    decisions=("needs_info",),
    subject_field="project_title",
    title=_project_title,
)


# A pledge: pledged → confirmed → (instalments) → paid → recognised; withdrawn before it is paid in full.
PLEDGES = Lifecycle("pledge", {
    "confirm": Step(("pledged",), "confirmed", _l("Only a pledge that has not been confirmed yet can be confirmed."),
                    status="approved", stamp="confirmed_at"),
    "pay_part": Step(("confirmed",), "confirmed", _l("Payments are recorded on confirmed pledges that are not fully "
                                                     "paid yet."), event="instalment", status="approved",
                     action="payment"),
    "pay_rest": Step(("confirmed",), "paid", _l("Payments are recorded on confirmed pledges that are not fully paid "
                                                "yet."), status="approved", action="payment"),
    "recognise": Step(("paid",), "recognised", _l("A pledge is recognised once it has been paid in full."),
                      status="done", stamp="recognised_at"),
    "withdraw": Step(("pledged", "confirmed"), "withdrawn", _l("Only a pledge that is not paid in full can be "
                                                               "withdrawn."), status="rejected",
                     reason_required=_l("Give the reason: the donor will read it on the status page.")),
})

# An offer of or a request for help on a project: applied → connected → completed; declined before it is
# completed. A volunteer's project has no submission of its own: its steps are told on the volunteer's.
APPLICATIONS = Lifecycle("project", {
    "connect": Step(("applied",), "connected", _l("Only an application that has not been connected or declined can "
                                                  "be connected."), status="approved", stamp="connected_at"),
    "complete": Step(("connected",), "completed", _l("Only a connected application can be completed."),
                     status="done", stamp="completed_at", elsewhere_event="project_completed"),
    "decline": Step(("applied", "connected"), "declined", _l("Only an application that is not completed or declined "
                                                             "can be declined."), status="rejected",
                    reason_required=_l("Give the reason: the applicant will read it on the status page."),
                    elsewhere_event="project_declined"),
})
