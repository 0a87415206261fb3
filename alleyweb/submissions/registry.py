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
    # For types whose period differs per submission (e.g. per program): called with a submission's details,
    # returns its retention in days; ``retention.retention_days`` is then the shortest such period.
    retention_days_of: Callable[[dict], int] | None = None

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
