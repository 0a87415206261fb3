"""Merchants' requests to list or correct a store: a kind of submission whose approval changes the
directory."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from alleyweb import retention
from alleyweb.stores.services import save_store
from alleyweb.submissions.registry import DetailField, SubmissionType

STORE_REQUEST = "store_request"


def apply_request(submission, staff) -> None:
    """On approval: create the store, or update the one the request is about (audited)."""
    from alleyweb.extensions import db
    from alleyweb.staff.audit import record
    from alleyweb.stores.models import Store

    d = submission.details
    values = {
        "name": d["store_name"], "district_id": d.get("market_id"), "dong_id": d.get("dong_id"),
        "address": d.get("address", ""), "phone": d.get("store_phone", ""), "items": d.get("items", ""),
        "accepts_paper": bool(d.get("accepts_paper")), "accepts_digital": bool(d.get("accepts_digital")),
        "visible": True,
    }
    existing = None
    if d.get("kind") == "correction" and d.get("store_id"):
        existing = db.session.get(Store, int(d["store_id"]))
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
        DetailField("items", _l("What the store sells")),
        DetailField("accepts_label", _l("Gift certificate")),
        DetailField("business_number", _l("Business registration number"), personal=True),
        DetailField("note", _l("Note"), personal=True),
    ),
    on_approve=apply_request,
)


