"""The kinds of submission: what a feature declares (``Feature.submission_types``) so that the console,
exports, status page, privacy policy and purge handle its submissions with no code of their own."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from flask_babel import LazyString

from alleyweb.core import retention


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
    # A template the console's detail page includes below the history (the type's own actions), and
    # ``panel(submission)``, which the console calls to give that template what it shows (as ``panel``).
    detail_template: str | None = None
    panel: Callable | None = None
    # The common decisions (keys of services.DECISIONS) officers may take on this type in the console;
    # None offers all of them. A type whose lifecycle lives in its own panel offers fewer.
    decisions: tuple[str, ...] | None = None
    # For types whose period differs per submission (e.g. per program): called with a submission's details,
    # returns its retention in days; ``retention.retention_days`` is then the shortest such period.
    retention_days_of: Callable[[dict], int] | None = None
    # The (non-personal) detail naming the program or project a submission is about: kept as
    # ``Submission.subject``, the console's "program or project" filter and column.
    subject_field: str | None = None
    # What the status and receipt pages say about one submission, in the current language: ``title``
    # names the item (the program, the project, "merchant suggestion: <topic>"); ``processing_time`` how
    # long a decision takes ('' when not confirmed); ``phone`` the responsible department's number (the
    # switchboard when not given). Each is called with the submission.
    title: Callable | None = None
    processing_time: Callable | None = None
    phone: Callable | None = None
    # Which of the four stages of the status page (services.STAGES, 1–4) the type's own steps belong to,
    # beyond services.STEP_STAGES.
    stages: Mapping[str, int] = field(default_factory=dict)
    # Called with the ids of this type's submissions that the retention purge is about to anonymise, in its
    # transaction and before it, while their personal data is still there: for what the type keeps
    # elsewhere that was made safe with that data (voice: answers anonymised with the merchants' names).
    on_purge: Callable[[list[int]], None] | None = None

    def allows(self, decision: str) -> bool:
        return self.decisions is None or decision in self.decisions

    def step_label(self, status: str):
        """The words for a status or one of this type's steps."""
        from alleyweb.submissions.services import STATUS_LABELS

        return dict(self.steps).get(status) or STATUS_LABELS.get(status, status)

    def stage_of(self, step: str) -> int:
        """The stage (1–4) of the status page that a status or step belongs to."""
        from alleyweb.submissions.services import STEP_STAGES

        return self.stages.get(step) or STEP_STAGES.get(step, 2)

    @property
    def retention_days(self) -> int:
        return self.retention.retention_days


def get_type(key: str) -> SubmissionType | None:
    """The current app's kind of submission ``key`` (core/features.py keeps them per app)."""
    from alleyweb.core.features import registry

    return registry().types.get(key)


def all_types() -> list[SubmissionType]:
    from alleyweb.core.features import registry

    return sorted(registry().types.values(), key=lambda t: t.key)
