"""The words of merchant voice: topics, departments, urgencies, the submission type and its steps."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from alleyweb.core import retention
from alleyweb.submissions.lifecycle import Lifecycle, Step
from alleyweb.submissions.registry import DetailField, SubmissionType

SUGGESTION = "voice_suggestion"

TOPICS = {
    "parking": _l("Parking"),
    "customers": _l("Customers and promotion"),
    "onnuri": _l("Onnuri membership and payment"),
    "safety": _l("Facilities and safety"),
    "cleanliness": _l("Cleanliness"),
    "rent": _l("Rent and support programs"),
    "other": _l("Other"),
}

# The district office departments a suggestion can be passed to.
DEPARTMENTS = {
    "economy": _l("Jobs and Economy Division"),
    "transport": _l("Transport Division"),
    "sanitation": _l("Sanitation Division"),
    "safety": _l("Safety Division"),
    "urban": _l("Urban Regeneration Division"),
    "dong": _l("Dong community centre"),
}

URGENCY_LABELS = {
    "urgent": _l("Urgent"),
    "high": _l("High"),
    "normal": _l("Normal"),
    "low": _l("Low"),
}
URGENCY_RANK = {"urgent": 0, "high": 1, "normal": 2, "low": 3}

STEPS = (
    ("triaged", _l("Triaged")),
    ("assigned", _l("Passed to the department in charge")),
    ("merged", _l("Joined with the same suggestion from other merchants")),
    ("on_agenda", _l("On the agenda of the mayor's Alley Office")),
    ("replied", _l("Reply from the district office")),
    ("answered", _l("Answered")),
    ("split", _l("Taken out of a thread")),
    ("visit_moved", _l("The Alley Office visit has been moved")),
    ("visit_cancelled", _l("The Alley Office visit has been cancelled")),
)

# How a suggestion reached the district (Suggestion.channel).
CHANNELS = {
    "web": _l("Web form"),
    "phone": _l("Alley Economy 119 Phone"),
    "text": _l("Text message"),
    "visit": _l("On a visit"),
}

# A suggestion's lifecycle, step by step (voice/services.py takes every step through transition() on each
# merchant's suggestion of a thread, which all share the thread's state). The answer is the one way to
# close a suggestion: the console's common decisions are not offered for this type.
OPEN_STATES = ("received", "triaged", "on_agenda")
_ANSWERED = _l("That suggestion has already been answered.")
SUGGESTIONS = Lifecycle("voice", {
    "triage": Step(("received",), "triaged", _ANSWERED, public=False),
    "retriage": Step(("triaged", "on_agenda"), "", _ANSWERED, event="triaged", public=False, action="triage"),
    "assign": Step(OPEN_STATES, "", _ANSWERED, event="assigned"),
    "merge": Step(OPEN_STATES + ("answered",), "", _ANSWERED, event="merged"),
    "split": Step(OPEN_STATES, "received", _ANSWERED, event="split", public=False),
    "split_answered": Step(("answered",), "", _ANSWERED, event="split", public=False, action="split"),
    "agenda_add": Step(("received", "triaged"), "on_agenda", _l("Only a suggestion that is not on an agenda and "
                                                                "not answered can be put on an agenda.")),
    "agenda_remove": Step(("on_agenda",), "triaged", _l("That suggestion is not on an agenda."), event="triaged",
                          public=False),
    # Taken with the visit's own step (voice.visit_move, voice.visit_cancel), which is what is audited.
    "visit_moved": Step(("on_agenda",), "", _l("That suggestion is not on an agenda."), event="visit_moved"),
    "visit_cancelled": Step(("on_agenda",), "triaged", _l("That suggestion is not on an agenda."),
                            event="visit_cancelled"),
    "reply": Step(OPEN_STATES, "", _ANSWERED, event="replied"),
    "answer": Step(OPEN_STATES, "answered", _ANSWERED, event="answered", status="done"),
})
def _title(submission) -> str:
    """"Merchant suggestion: <topic>" on the status and receipt pages."""
    from flask_babel import gettext

    topic = TOPICS.get(submission.details.get("topic", ""))
    return gettext("Merchant suggestion: %(topic)s", topic=topic) if topic else ""


SUGGESTION_TYPE = SubmissionType(
    key=SUGGESTION,
    label=_l("Merchant suggestion (Alley Economy 119)"),
    retention=retention.RetentionRule(
        key=SUGGESTION,
        service=_l("Merchant suggestions (Alley Economy 119) and the Alley Office"),
        purpose=_l("Looking into your suggestion, contacting you about it and telling you the answer"),
        items_required=_l("Your name, store name and phone number; your suggestion"),
        retention_days=3 * 365,
    ),
    fields=(
        DetailField("topic_label", _l("Topic")),
        DetailField("place_label", _l("Shopping district or dong")),
        DetailField("message", _l("Suggestion")),
        DetailField("store_name", _l("Store"), personal=True),
        DetailField("publish_label", _l("May be published once answered")),
        DetailField("channel_label", _l("Received by")),
        DetailField("privacy_label", _l("Privacy notice")),
    ),
    steps=STEPS,
    detail_template="voice/staff/panel.html",
    decisions=(),  # closed by its answer (SUGGESTIONS["answer"]), not by the common decisions
    title=_title,
)
