"""Merchants' requests to list or correct a store: a kind of submission whose approval changes the
directory, and what the request form sends as one."""

from __future__ import annotations

from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from alleyweb.core import retention
from alleyweb.core.numbers import parse_int
from alleyweb.dongs.models import Dong
from alleyweb.extensions import db
from alleyweb.stores.models import ShoppingDistrict
from alleyweb.stores.services import save_store
from alleyweb.submissions.intake import NewSubmission
from alleyweb.submissions.registry import DetailField, SubmissionType

STORE_REQUEST = "store_request"


def apply_request(submission, staff) -> None:
    """On approval: create the store, or update the one the request is about (audited)."""
    from alleyweb.core.audit import record
    from alleyweb.stores.models import Store

    d = submission.details
    values = {
        "name": d["store_name"], "district_id": d.get("market_id"), "dong_id": d.get("dong_id"),
        "address": d.get("address", ""), "phone": d.get("store_phone", ""), "items": d.get("items", ""),
        "accepts_paper": bool(d.get("accepts_paper")), "accepts_digital": bool(d.get("accepts_digital")),
        "visible": True,
    }
    if "hours" in d:  # requests sent before the form asked for opening hours leave them as they are
        values["hours"] = d["hours"]
    existing = None
    if d.get("kind") == "correction" and d.get("store_id"):
        existing = db.session.get(Store, parse_int(d["store_id"]))
    if existing is None:
        store = save_store(None, source="request", **values)
        action = "store.create"
    else:
        store = save_store(existing, **values)
        action = "store.update"
    record(action, staff=staff, target=store, detail={"submission": submission.receipt_no}, commit=False)


STORE_REQUEST_TYPE = SubmissionType(
    key=STORE_REQUEST,
    label=_l("Store listing request"),
    retention=retention.RetentionRule(
        key=STORE_REQUEST,
        service=_l("Listing or correcting an Onnuri member store"),
        purpose=_l("Checking and publishing the store's details, and telling you the result"),
        items_required=_l("Your name and mobile number; the store's name, address, phone number and business "
                          "registration number"),
        retention_days=3 * 365,
    ),
    fields=(
        DetailField("kind_label", _l("Request")),
        DetailField("store_name", _l("Store name")),
        DetailField("market_name", _l("Shopping district or market")),
        DetailField("address", _l("Road-name address")),
        DetailField("store_phone", _l("Store phone number")),
        DetailField("hours", _l("Opening hours")),
        DetailField("items", _l("What the store sells")),
        DetailField("accepts_label", _l("Gift certificate")),
        DetailField("business_number", _l("Business registration number"), personal=True),
        DetailField("note", _l("Note"), personal=True),
    ),
    on_approve=apply_request,
)


def store_request(form, store) -> NewSubmission:
    """What the request form (``stores.forms.StoreRequestForm``) sends, about ``store`` if it corrects one;
    details in Korean, for officers."""
    dong = db.session.scalar(select(Dong).where(Dong.code == form.dong.data))  # both among the form's choices
    market_id = parse_int(form.market.data or "")
    market = db.session.get(ShoppingDistrict, market_id) if market_id is not None else None
    with force_locale("ko"):  # officers read the request in Korean
        kind_label = gettext("Correct the details of a listed store") if form.kind.data == "correction" and store \
            else gettext("List a store that takes Onnuri gift certificates")
        accepts = [gettext("Paper") if form.accepts_paper.data else "", gettext("Digital")
                   if form.accepts_digital.data else ""]
    details = {
        "kind": form.kind.data if store else "new", "kind_label": kind_label,
        "store_id": store.id if store and form.kind.data == "correction" else None,
        "store_name": form.store_name.data, "market_id": market.id if market else None,
        "market_name": market.name if market else "", "dong_id": dong.id, "address": form.address.data,
        "store_phone": form.store_phone.data or "", "hours": form.hours.data or "",
        "items": form.items.data or "",
        "accepts_paper": bool(form.accepts_paper.data), "accepts_digital": bool(form.accepts_digital.data),
        "accepts_label": ", ".join(a for a in accepts if a), "business_number": form.business_number.data,
        "note": form.note.data or "",
    }
    return NewSubmission(STORE_REQUEST, form.applicant_name.data, form.applicant_phone.data, dong.id, details)
