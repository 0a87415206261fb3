"""Use-cases of merchant voice: receive a suggestion, triage it, merge duplicates, answer a thread,
schedule Alley Office visits and their agendas, and what the public pages show."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, case, func, select

from alleyweb.core.audit import record
from alleyweb.core.cache import bump_on_change
from alleyweb.core.database import utcnow
from alleyweb.core.privacy import anonymise
from alleyweb.extensions import db
from alleyweb.submissions.intake import NewSubmission
from alleyweb.submissions.lifecycle import transition
from alleyweb.submissions.models import Submission
from alleyweb.voice.catalogue import CHANNELS, DEPARTMENTS, SUGGESTION, SUGGESTIONS, TOPICS, URGENCY_LABELS
from alleyweb.voice.models import AlleyOfficeVisit, Suggestion

# What the Alley Office page shows (visits, agendas, published suggestions and answers): kept per version.
VOICE_VERSION = "voice"
bump_on_change(VOICE_VERSION, AlleyOfficeVisit, Suggestion)

AGENDA_MAX = 3
MERGED_NOTE = _l("Other merchants raised the same problem; you will all receive one answer.")


class VoiceError(Exception):
    """A request that cannot be carried out; its message is shown to the officer."""


# -- receiving ---------------------------------------------------------------------------------

def suggestion(*, topic: str, dong, district, message: str, name: str, store_name: str, phone: str,
               may_publish: bool, channel: str = "web", received_at: datetime | None = None) -> NewSubmission:
    """A merchant's suggestion, as the form sends it: a submission (receipt, status page) with its
    suggestion row, stored together (submissions/intake.py). Details in Korean, for officers."""
    with force_locale("ko"):  # officers read the request in Korean
        details = {
            "topic": topic, "topic_label": str(TOPICS[topic]),
            "place_label": district.name if district else dong.name_ko,
            "district_id": district.id if district else None,
            "message": message, "store_name": store_name,
            "may_publish": may_publish,
            "publish_label": gettext("Yes") if may_publish else gettext("No"),
            "channel_label": str(CHANNELS[channel]),
        }

    def attach(submission: Submission) -> None:
        db.session.add(Suggestion(submission=submission, received_at=received_at or utcnow(), lang=submission.lang,
                                  topic=topic, dong_id=dong.id, district_id=district.id if district else None,
                                  may_publish=may_publish, tags=[], channel=channel))

    return NewSubmission(SUGGESTION, name, phone, dong.id, details, attach)


def recorded_suggestion(*, channel: str, received_at: datetime, topic: str, dong, district, message: str,
                        name: str, store_name: str, phone: str, may_publish: bool, staff) -> NewSubmission:
    """A suggestion an officer took by the Alley Economy 119 Phone, a text message or on a visit: the same
    submission as the web form's (receipt, status page, triage, merging, agenda), told as recorded by that
    officer, at the time the merchant gave it, with the merchant's agreement to the privacy notice read
    out to them."""
    new = suggestion(topic=topic, dong=dong, district=district, message=message, name=name,
                     store_name=store_name, phone=phone, may_publish=may_publish, channel=channel,
                     received_at=received_at)
    with force_locale("ko"):
        new.details["privacy_label"] = gettext("Agreed to the privacy notice read out by %(officer)s",
                                               officer=staff.email)
    add_suggestion = new.attach

    def attach(submission: Submission) -> None:
        add_suggestion(submission)
        first = submission.events[0]  # received: by this officer, when the merchant called
        first.staff_id, first.at, first.note = staff.id, received_at, _label_in(submission.lang, CHANNELS[channel])

    new.attach = attach
    return new


def suggestion_for(submission: Submission) -> Suggestion | None:
    return db.session.scalar(select(Suggestion).where(Suggestion.submission_id == submission.id))


def lead_of(suggestion: Suggestion) -> Suggestion:
    return suggestion.lead if suggestion.thread_id else suggestion


def thread_members(lead: Suggestion) -> list[Suggestion]:
    """Every suggestion of a thread, the lead first, then by when they came in."""
    return list(db.session.scalars(
        select(Suggestion).where((Suggestion.id == lead.id) | (Suggestion.thread_id == lead.id))
        .order_by(case((Suggestion.id == lead.id, 0), else_=1), Suggestion.received_at, Suggestion.id)))


def _label_in(lang: str, lazy) -> str:
    """A message in the merchant's language (the note on their status page)."""
    with force_locale(lang):
        return str(lazy)


# -- triage ------------------------------------------------------------------------------------

def normalise_tags(raw: str) -> list[str]:
    """"주차, #입구 ,주차" → ["주차", "입구"]: split on commas, no '#', no repeats, in order."""
    tags = []
    for part in re.split(r"[,，、]", raw or ""):
        tag = part.strip().lstrip("#").strip().lower()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _thread_step(lead: Suggestion, name: str, staff, note=None, *, members=None, detail=None,
                 audit: bool = True) -> None:
    """Take step ``name`` of SUGGESTIONS on every merchant's suggestion of the thread (they share its
    state), each told in their own submission's history, ``note(member)`` the note for each; audited once,
    on the lead (unless ``audit=False``: a step of another, audited itself). Raises TransitionError when
    the thread's state does not allow the step."""
    for member in members if members is not None else thread_members(lead):
        transition(SUGGESTIONS, member, name, staff, history=member.submission,
                   note=note(member) if note is not None else "", audit=audit and member.id == lead.id,
                   detail=detail)


def triage(suggestion: Suggestion, staff, *, urgency: str, tags: list[str], department: str | None) -> None:
    """Set a thread's urgency, tags and department. Passing it to a (new) department is shown to every
    merchant in the thread; urgency and tags are for officers only. Audited; the caller commits."""
    lead = lead_of(suggestion)
    if urgency not in URGENCY_LABELS or (department and department not in DEPARTMENTS):
        raise VoiceError("unknown urgency or department")
    if lead.state == "answered":
        raise VoiceError("answered")
    new_department = department and department != lead.department
    lead.urgency, lead.tags, lead.department = urgency, list(tags), department or None
    lead.triaged_at = utcnow()
    with force_locale("ko"):
        note = " · ".join([str(URGENCY_LABELS[urgency])] + (["#" + " #".join(tags)] if tags else []))
    members = thread_members(lead)
    _thread_step(lead, "triage" if lead.state == "received" else "retriage", staff,
                 lambda member: note if member.id == lead.id else "", members=members,
                 detail={"urgency": urgency, "tags": len(tags), "department": department or ""})
    if new_department:
        _thread_step(lead, "assign", staff, lambda member: _label_in(member.lang, DEPARTMENTS[department]),
                     members=members, detail={"department": department})


def find_by_receipt(receipt_no: str) -> Suggestion | None:
    from alleyweb.submissions.services import normalise_receipt_no

    return db.session.scalar(select(Suggestion).join(Submission).where(
        Submission.receipt_no == normalise_receipt_no(receipt_no)))


def merge(suggestion: Suggestion, into: Suggestion, staff) -> Suggestion:
    """Join a suggestion (with its whole thread) to the thread of another: one answer reaches all.
    Returns the lead. Audited; the caller commits."""
    lead = lead_of(into)
    own_lead = lead_of(suggestion)
    if own_lead.id == lead.id:
        raise VoiceError("same thread")
    moving = thread_members(own_lead)
    if lead.visit_id is None and own_lead.visit_id is not None and lead.answered_at is None:
        lead.visit_id, lead.agenda_order = own_lead.visit_id, own_lead.agenda_order
        for member in thread_members(lead):
            member.state = "on_agenda"  # the thread takes the agenda slot of the one joining it
    own_lead.visit_id = None
    if lead.urgency is None and own_lead.urgency is not None:
        lead.urgency, lead.triaged_at = own_lead.urgency, own_lead.triaged_at
        for member in thread_members(lead):
            member.state = "triaged" if member.state == "received" else member.state
    lead.tags = list(dict.fromkeys(list(lead.tags or []) + list(own_lead.tags or [])))
    if lead.department is None:
        lead.department = own_lead.department
    for member in moving:
        member.thread_id = lead.id
    _thread_step(own_lead, "merge", staff, lambda member: _label_in(member.lang, MERGED_NOTE), members=moving,
                 detail={"merged": [m.id for m in moving], "into": lead.id})
    for member in moving:
        if lead.answered_at is not None and member.answered_at is None:
            _give_answer(member, staff, lead.answer_ko, lead.answer_en)
        elif member.answered_at is None:
            member.state = lead.state  # the thread's members share its state
    if lead.answered_at is not None:
        _refresh_public_text(lead, thread_members(lead))
    return lead


def split(suggestion: Suggestion, staff) -> None:
    """Take a suggestion out of a thread it was merged into by mistake (staff-only history): it starts
    again as received, to be triaged on its own. The caller commits."""
    if suggestion.thread_id is None:
        raise VoiceError("not merged")
    lead_id = suggestion.thread_id
    suggestion.thread_id = None
    transition(SUGGESTIONS, suggestion, "split_answered" if suggestion.state == "answered" else "split", staff,
               history=suggestion.submission, detail={"thread": lead_id})


# -- answering ---------------------------------------------------------------------------------

def _personal_words(members: list[Suggestion]) -> list[str]:
    words = []
    for member in members:
        submission = member.submission
        words += [submission.name or "", (submission.details or {}).get("store_name", "")]
        words += (submission.name or "").split()
    return words


def forget_merchants(submission_ids: list[int]) -> None:
    """Before the retention purge takes merchants' names and stores away (``on_purge``): every answer their
    words could be in, their own and their thread's lead's (which the Alley Office page publishes), is
    anonymised with them now, for after the purge nothing is left to take them out with. No commit."""
    members = db.session.scalars(select(Suggestion).where(Suggestion.submission_id.in_(submission_ids))
                                 .order_by(Suggestion.id)).all()
    for member in members:
        words = _personal_words([member])
        for target in {member.id: member, (member.lead or member).id: member.lead or member}.values():
            target.answer_ko, target.answer_en = anonymise(target.answer_ko, words), anonymise(target.answer_en, words)


def _in_language(member: Suggestion, text_ko: str, text_en: str) -> str:
    return (text_en or text_ko) if member.lang == "en" else (text_ko or text_en)


def _give_answer(member: Suggestion, staff, text_ko: str, text_en: str, *, audit: bool = False,
                 detail: dict | None = None) -> None:
    """The answer, to one merchant: the step that closes the suggestion (SUGGESTIONS["answer"])."""
    member.answer_ko, member.answer_en = text_ko, text_en
    if member.answered_at is None:
        member.answered_at = utcnow()
    transition(SUGGESTIONS, member, "answer", staff, history=member.submission,
               note=_in_language(member, text_ko, text_en), audit=audit, detail=detail)


def _refresh_public_text(lead: Suggestion, members: list[Suggestion]) -> None:
    """The words the Alley Office page may show, anonymised automatically: the first merchant's who
    allowed it. They wait for an officer to check them (:func:`publish`)."""
    publishing = [m for m in members if m.may_publish and m.submission.anonymised_at is None]
    lead.public_text = anonymise(publishing[0].submission.details.get("message", ""), _personal_words(members)) \
        if publishing else ""
    lead.published_at = None


def can_publish(lead: Suggestion, members: list[Suggestion]) -> bool:
    return lead.answered_at is not None and any(m.may_publish for m in members)


def publish(suggestion: Suggestion, staff, text: str) -> None:
    """An officer has read the suggestion as the public would (the automatic pass removes the merchants'
    names, stores and phone numbers, but cannot know every personal detail free text may hold),
    corrected it where needed, and publishes it with the answer on the Alley Office page."""
    lead = lead_of(suggestion)
    members = thread_members(lead)
    if not can_publish(lead, members):
        raise VoiceError("nothing to publish")
    lead.public_text = anonymise(text, _personal_words(members))
    lead.published_at = utcnow()
    record("voice.publish", staff=staff, target=lead, commit=False, detail={"length": len(lead.public_text)})


def unpublish(suggestion: Suggestion, staff) -> None:
    lead = lead_of(suggestion)
    lead.published_at = None
    record("voice.unpublish", staff=staff, target=lead, commit=False)


def reply(suggestion: Suggestion, staff, *, text_ko: str, text_en: str, final: bool) -> int:
    """Send a reply to every merchant of the thread, each in their own language (the other language if
    only one was written). ``final`` makes it the answer: the thread is closed, counted as answered, and
    shown on the Alley Office page where merchants allowed it. Returns how many merchants it reached."""
    if not (text_ko or text_en):
        raise VoiceError("empty reply")
    lead = lead_of(suggestion)
    if lead.state == "answered":
        raise VoiceError("answered")
    members = thread_members(lead)
    detail = {"merchants": len(members), "ko": len(text_ko), "en": len(text_en)}
    if final:
        for member in members:
            _give_answer(member, staff, text_ko, text_en, audit=member.id == lead.id, detail=detail)
        _refresh_public_text(lead, members)
    else:
        _thread_step(lead, "reply", staff, lambda member: _in_language(member, text_ko, text_en), members=members,
                     detail=detail)
    return len(members)


# -- the triage list ---------------------------------------------------------------------------

STATES = ("open", "untriaged", "on_agenda", "answered", "all")


def _member_counts():
    lead_id = func.coalesce(Suggestion.thread_id, Suggestion.id)
    return select(lead_id.label("lead_id"), func.count().label("merchants")).group_by(lead_id).subquery()


def urgency_order():
    return case({"urgent": 0, "high": 1, "normal": 2, "low": 3}, value=Suggestion.urgency, else_=4)


def thread_select(*, state: str = "open", topic: str | None = None, dong_id: int | None = None) -> Select:
    """Threads (leads) with how many merchants raised them: the most urgent first, then the most raised,
    then the oldest."""
    counts = _member_counts()
    stmt = (select(Suggestion).join(counts, counts.c.lead_id == Suggestion.id)
            .where(Suggestion.thread_id.is_(None)))
    if state == "open":
        stmt = stmt.where(Suggestion.answered_at.is_(None))
    elif state == "untriaged":
        stmt = stmt.where(Suggestion.answered_at.is_(None), Suggestion.urgency.is_(None))
    elif state == "on_agenda":
        stmt = stmt.where(Suggestion.visit_id.is_not(None))
    elif state == "answered":
        stmt = stmt.where(Suggestion.answered_at.is_not(None))
    if topic:
        stmt = stmt.where(Suggestion.topic == topic)
    if dong_id:
        stmt = stmt.where(Suggestion.dong_id == dong_id)
    return stmt.order_by(urgency_order(), counts.c.merchants.desc(), Suggestion.received_at, Suggestion.id)


def agenda_candidates(visit: AlleyOfficeVisit, limit: int = 30) -> list[tuple[Suggestion, int]]:
    """Triaged, unanswered threads not on any visit's agenda; those from the visit's dong first."""
    counts = _member_counts()
    stmt = (select(Suggestion, counts.c.merchants).join(counts, counts.c.lead_id == Suggestion.id)
            .where(Suggestion.thread_id.is_(None), Suggestion.answered_at.is_(None),
                   Suggestion.urgency.is_not(None), Suggestion.visit_id.is_(None))
            .order_by(case((Suggestion.dong_id == visit.dong_id, 0), else_=1), urgency_order(),
                      counts.c.merchants.desc(), Suggestion.received_at).limit(limit))
    return [(row, merchants) for row, merchants in db.session.execute(stmt)]


def merchant_counts(leads: list[Suggestion]) -> dict[int, int]:
    """How many merchants' suggestions each thread holds, by lead id."""
    ids = [lead.id for lead in leads]
    if not ids:
        return {}
    lead_id = func.coalesce(Suggestion.thread_id, Suggestion.id)
    return dict(db.session.execute(select(lead_id, func.count()).where(lead_id.in_(ids)).group_by(lead_id)).all())


def merchants_in(lead: Suggestion) -> int:
    return db.session.scalar(select(func.count()).select_from(Suggestion).where(
        (Suggestion.id == lead.id) | (Suggestion.thread_id == lead.id))) or 0


# -- visits and agendas ------------------------------------------------------------------------

def visits_select() -> Select:
    return select(AlleyOfficeVisit).order_by(AlleyOfficeVisit.visit_date.desc(), AlleyOfficeVisit.id.desc())


def save_visit(visit: AlleyOfficeVisit | None, staff, *, visit_date: date, start_time: str, dong_id: int,
               district_id: int | None, place: str, host_shop: str) -> AlleyOfficeVisit:
    """Schedule a visit, or change one. Audited; the caller commits."""
    created = visit is None
    if created:
        visit = AlleyOfficeVisit()
        db.session.add(visit)
    visit.visit_date, visit.start_time, visit.dong_id = visit_date, start_time or "", dong_id
    visit.district_id, visit.place, visit.host_shop = district_id, place, host_shop
    db.session.flush()
    record("voice.visit_create" if created else "voice.visit_update", staff=staff, target=visit, commit=False,
           detail={"date": visit_date.isoformat(), "dong_id": dong_id})
    return visit


def _visit_note(lang: str, visit: AlleyOfficeVisit) -> str:
    with force_locale(lang):
        when = visit.visit_date.isoformat() + (f" {visit.start_time}" if visit.start_time else "")
        return gettext("%(when)s, %(dong)s, %(place)s (hosted by %(shop)s)", when=when,
                       dong=visit.dong.name(lang), place=visit.place, shop=visit.host_shop)


STAYS_OPEN = _l("Your suggestion stays open and may be taken to another visit.")


def move_visit(visit: AlleyOfficeVisit, staff, *, visit_date: date, start_time: str, note: str) -> None:
    """Move a visit to another day, its agenda with it: the Alley Office page shows the note, and every
    merchant on the agenda is told the new date and place. Audited; the caller commits."""
    if visit.state != "scheduled":
        raise VoiceError("cancelled")
    old = visit.visit_date
    visit.moved_from, visit.visit_date, visit.public_note = old, visit_date, note
    visit.start_time = start_time or visit.start_time
    for lead in list(visit.agenda):
        _thread_step(lead, "visit_moved", staff, lambda member: f"{_visit_note(member.lang, visit)}\n{note}",
                     audit=False)
    record("voice.visit_move", staff=staff, target=visit, commit=False,
           detail={"from": old.isoformat(), "to": visit_date.isoformat(), "agenda": len(visit.agenda)})


def cancel_visit(visit: AlleyOfficeVisit, staff, *, note: str) -> int:
    """Cancel a visit: the Alley Office page shows the note, and its agenda goes back to the suggestions
    to choose from (each merchant told, the suggestion still open). Returns how many threads went back.
    Audited; the caller commits."""
    if visit.state != "scheduled":
        raise VoiceError("cancelled")
    visit.state, visit.public_note = "cancelled", note
    leads = [lead for lead in list(visit.agenda) if lead.answered_at is None]
    for lead in leads:
        lead.visit_id = None
        _thread_step(lead, "visit_cancelled", staff,
                     lambda member: f"{note}\n{_label_in(member.lang, STAYS_OPEN)}", audit=False)
    record("voice.visit_cancel", staff=staff, target=visit, commit=False,
           detail={"date": visit.visit_date.isoformat(), "agenda": len(leads)})
    return len(leads)


def add_to_agenda(visit: AlleyOfficeVisit, suggestion: Suggestion, staff) -> None:
    """Put a thread on a visit's agenda (at most AGENDA_MAX); every merchant of the thread is told the
    date and place. Audited; the caller commits."""
    lead = lead_of(suggestion)
    if lead.visit_id == visit.id:
        return
    if lead.visit_id is not None:
        raise VoiceError("on another agenda")
    if lead.answered_at is not None:
        raise VoiceError("answered")
    if visit.state != "scheduled":
        raise VoiceError("cancelled")
    if len(visit.agenda) >= AGENDA_MAX:
        raise VoiceError("agenda full")
    lead.visit_id = visit.id
    lead.agenda_order = max((item.agenda_order for item in visit.agenda), default=0) + 1
    _thread_step(lead, "agenda_add", staff, lambda member: _visit_note(member.lang, visit),
                 detail={"visit": visit.id})


def remove_from_agenda(visit: AlleyOfficeVisit, suggestion: Suggestion, staff) -> None:
    lead = lead_of(suggestion)
    if lead.visit_id != visit.id:
        raise VoiceError("not on this agenda")
    lead.visit_id = None
    _thread_step(lead, "agenda_remove", staff, detail={"visit": visit.id})


# -- the public Alley Office page --------------------------------------------------------------

@dataclass
class PublicItem:
    topic: str
    place: str
    merchants: int
    text: str  # anonymised suggestion, or "" when no merchant of the thread allowed publishing
    text_lang: str
    answer: str
    answer_lang: str
    answered: bool


def public_visits(today: date) -> tuple[list[AlleyOfficeVisit], list[AlleyOfficeVisit]]:
    """(upcoming soonest first, the 24 most recent past ones most recent first), in one query."""
    recent = (select(AlleyOfficeVisit.id).where(AlleyOfficeVisit.visit_date < today)
              .order_by(AlleyOfficeVisit.visit_date.desc()).limit(24))
    visits = db.session.scalars(
        select(AlleyOfficeVisit).where((AlleyOfficeVisit.visit_date >= today) | AlleyOfficeVisit.id.in_(recent))
        .order_by(AlleyOfficeVisit.visit_date, AlleyOfficeVisit.start_time)).unique().all()
    upcoming = [visit for visit in visits if visit.visit_date >= today]
    past = sorted((visit for visit in visits if visit.visit_date < today), key=lambda visit: visit.visit_date,
                  reverse=True)
    return upcoming, past


def public_agendas(visits: list[AlleyOfficeVisit], lang: str) -> dict[int, list[PublicItem]]:
    """Each visit's agenda (by visit id; of a coming visit the page shows only how long it is) as the
    public may see it: topic and place always; the suggestion and its answer only if a merchant of the
    thread allowed it and an officer checked and published them, anonymised (no name, store or phone).
    The agendas and their threads are read in one query."""
    agendas: dict[int, list[Suggestion]] = {visit.id: [] for visit in visits}
    if not agendas:
        return {}
    on_agenda = select(Suggestion.id).where(Suggestion.visit_id.in_(list(agendas)))
    rows = db.session.scalars(
        select(Suggestion).where(Suggestion.visit_id.in_(list(agendas)) | Suggestion.thread_id.in_(on_agenda))
        .order_by(Suggestion.received_at, Suggestion.id)).unique().all()
    followers: dict[int, list[Suggestion]] = {}
    for row in rows:
        if row.visit_id in agendas:
            agendas[row.visit_id].append(row)
        if row.thread_id is not None:
            followers.setdefault(row.thread_id, []).append(row)
    return {visit_id: [_public_item(lead, [lead, *followers.get(lead.id, [])], lang)
                       for lead in sorted(leads, key=lambda item: (item.agenda_order, item.id))]
            for visit_id, leads in agendas.items()}


def _public_item(lead: Suggestion, members: list[Suggestion], lang: str) -> PublicItem:
    """One agenda item; ``members`` is its thread as :func:`thread_members` orders it."""
    published = lead.published_at is not None and bool(lead.public_text) and any(m.may_publish for m in members)
    answer, answer_lang = "", lang
    if published and lead.answered_at is not None:
        answer = lead.answer_en if lang == "en" and lead.answer_en else (lead.answer_ko or lead.answer_en)
        answer_lang = "en" if answer == lead.answer_en and lead.answer_en else "ko"
        answer = anonymise(answer, _personal_words(members))
    source = next((m for m in members if m.may_publish), lead)
    return PublicItem(
        topic=_label_in(lang, TOPICS.get(lead.topic, TOPICS["other"])),
        place=lead.district.display_name(lang) if lead.district else lead.dong.name(lang),
        merchants=len(members), text=lead.public_text if published else "", text_lang=source.lang,
        answer=answer, answer_lang=answer_lang, answered=lead.answered_at is not None)
