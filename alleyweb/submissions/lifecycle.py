"""Lifecycles as data: which steps a row (a pledge, an application) may take from which state, and one
:func:`transition` that checks the step, moves the row, tells the submitter (a step in the submission's
history, shown on the status page) and writes the audit row, in the caller's transaction. The commit is
the boundary's: the view or command that asked for the step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from alleyweb.core.database import utcnow


class TransitionError(ValueError):
    """A step that cannot be taken now; ``args[0]`` is the message for the officer."""


@dataclass(frozen=True)
class Step:
    sources: tuple[str, ...]  # the states the step may start from
    target: str  # the state it leaves the row in ("": the state it was in, for a step such as a reply)
    refused: Any  # what the officer is told when the row is in another state
    event: str = ""  # the step in the submission's history (the target when empty)
    status: str | None = None  # the submission's common status afterwards, if the step changes it
    stamp: str | None = None  # an attribute set to the time of the step
    reason_required: Any = None  # when given, a note is required, and this says why (the submitter reads it)
    action: str = ""  # the audit action's second part (the step's name when empty)
    # When the row's history is told on another's submission (a volunteer's project), the step recorded
    # there instead, without changing that submission's status.
    elsewhere_event: str = ""
    public: bool = True  # whether the submitter sees the step on the status page (False: staff history only)


@dataclass(frozen=True)
class Lifecycle:
    name: str  # the audit actions' first part (pledge.confirm…)
    steps: dict[str, Step] = field(default_factory=dict)
    state: str = "state"  # the row's attribute holding its state

    def allowed(self, row) -> list[str]:
        """The steps the row may take now."""
        return [name for name, step in self.steps.items() if getattr(row, self.state) in step.sources]


def transition(lifecycle: Lifecycle, row, name: str, staff, *, history=None, note: str = "", own: bool = True,
               detail: dict | None = None, audit: bool = True) -> None:
    """Take step ``name`` of ``lifecycle`` on ``row``: refused (TransitionError) unless the row is in one of
    the step's source states and, where the step needs one, a note is given. ``history`` is the submission
    whose history tells the step (``own=False``: somebody else's, such as the volunteer's whose project
    it is); ``note`` goes there, for the submitter to read. Audited unless ``audit=False`` (a step taken
    as part of another, already audited). Nothing is committed."""
    from alleyweb.core.audit import record
    from alleyweb.submissions.services import record_step

    step = lifecycle.steps[name]
    if getattr(row, lifecycle.state) not in step.sources:
        raise TransitionError(step.refused)
    if step.reason_required is not None and not note:
        raise TransitionError(step.reason_required)
    if step.target:
        setattr(row, lifecycle.state, step.target)
    if step.stamp:
        setattr(row, step.stamp, utcnow())
    if history is not None:
        if own:
            record_step(history, staff, step.event or step.target, note, status=step.status, public=step.public)
        else:
            record_step(history, staff, step.elsewhere_event or step.event or step.target, note, public=step.public)
    if audit:
        record(f"{lifecycle.name}.{step.action or name}", staff=staff, target=row, detail=detail or {}, commit=False)
