"""The one small interface through which a feature plugs its submissions into the console."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import LazyString

from alleyweb import retention


@dataclass(frozen=True)
class DetailField:
    """One type-specific answer: its key in ``Submission.details``, its label, and whether it is personal."""

    key: str
    label: LazyString | str
    personal: bool = False


@dataclass(frozen=True)
class SubmissionType:
    key: str
    label: LazyString | str
    retention: retention.RetentionRule
    fields: tuple[DetailField, ...] = field(default_factory=tuple)
    # Called with (submission, staff) in the decision's transaction when an officer approves it.
    on_approve: Callable | None = None
    # The type's own steps beyond the common statuses (e.g. ("paid", _l("Paid"))): recorded as history
    # events with services.record_step and named on the status page and in the console.
    steps: tuple[tuple[str, LazyString | str], ...] = ()
    # A template the console's detail page includes below the history (the type's own actions).
    detail_template: str | None = None
    # The common decisions (keys of services.DECISIONS) officers may take on this type in the console;
    # None offers all of them. A type whose lifecycle lives in its own panel offers fewer.
    decisions: tuple[str, ...] | None = None
    # For types whose period differs per submission (e.g. per program): called with a submission's details,
    # returns its retention in days; ``retention.retention_days`` is then the shortest such period.
    retention_days_of: Callable[[dict], int] | None = None

    def allows(self, decision: str) -> bool:
        return self.decisions is None or decision in self.decisions

    def step_label(self, status: str):
        """The words for a status or one of this type's steps."""
        from alleyweb.submissions.services import STATUS_LABELS

        return dict(self.steps).get(status) or STATUS_LABELS.get(status, status)

    @property
    def retention_days(self) -> int:
        return self.retention.retention_days


_types: dict[str, SubmissionType] = {}


def register_type(kind: SubmissionType) -> SubmissionType:
    """Declare a kind of submission; its retention rule joins the privacy policy at the same time."""
    _types[kind.key] = kind
    retention.register(kind.retention)
    return kind


def unregister_type(key: str) -> None:
    kind = _types.pop(key, None)
    if kind:
        retention.unregister(kind.retention.key)


def get_type(key: str) -> SubmissionType | None:
    return _types.get(key)


def all_types() -> list[SubmissionType]:
    return sorted(_types.values(), key=lambda t: t.key)
