"""What the pydantic models of a program's screener rules (``rules.Rule``) and application questions
(``questions.Question``) share: one description of what is allowed, for the JSON import/export and for
the staff editor's messages.

:func:`check` validates a list against a model and turns every problem pydantic finds into a sentence an
officer can act on ("Rule 2: unknown question "shoe_size" (known: …)"), in the current language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated

from flask_babel import gettext as _
from pydantic import BaseModel, BeforeValidator, ConfigDict, TypeAdapter, ValidationError

MAX_RULES = 20
MAX_REASON = 200
MAX_QUESTIONS = 10
MAX_LABEL = 200
MAX_CHOICES = 12
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
VALUE_RE = re.compile(r"^[a-z0-9][a-z0-9_]{0,29}$")
# Control and bidirectional-override characters: never part of a label, hint or reason.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class Problem(ValueError):
    """A problem with one entry, already in words (raised by the models' own checks)."""


def text(max_length: int, *, required: bool = True):
    """A string of at most ``max_length`` characters, stripped; must not be empty when ``required``."""

    def check(value):
        if not isinstance(value, str):
            raise Problem("text")
        value = value.strip()
        if _CONTROL.search(value):
            raise Problem("control")
        if required and not value:
            raise Problem("empty")
        if len(value) > max_length:
            raise Problem("long")
        return value

    return Annotated[str, BeforeValidator(check)]


class Strict(BaseModel):
    """A model that refuses entries it does not know."""

    model_config = ConfigDict(extra="forbid")


def check(model: type[BaseModel], items, *, where: Callable[[int], str], limit: int, too_many: str,
          not_a_list: str):
    """``items`` validated as a list of ``model`` (each a dict): ``(models, problems)``, each problem named
    ``where(n)`` for the n-th item; ``(None, [not_a_list])`` when ``items`` is not a list."""
    if not isinstance(items, list):
        return None, [not_a_list]
    problems = [too_many] if len(items) > limit else []
    models = []
    adapter = TypeAdapter(model)
    for n, item in enumerate(items, start=1):
        label = where(n)
        try:
            models.append(adapter.validate_python(item))
        except ValidationError as error:
            problems += [f"{label}: {_message(e)}" for e in error.errors(include_url=False)]
            models.append(None)
    return models, problems


def _message(error: dict) -> str:
    """One pydantic error as a sentence for officers."""
    loc = [part for part in error["loc"] if not isinstance(part, int)]
    name = str(loc[-1]) if loc else ""
    kind = error["type"]
    problem = str(error.get("ctx", {}).get("error", "")) if kind == "value_error" else ""
    if not loc:
        return problem or _("must be an object {…}")
    if loc[0] == "when" and len(loc) > 1 and kind != "value_error":
        return _("\"%(key)s\" needs a list of answers", key=loc[1])
    if kind == "extra_forbidden":
        return _("unknown entries %(names)s", names=name)
    if kind == "missing" or problem == "empty":
        return _("\"%(name)s\" must be filled in", name=name)
    if problem == "control":
        return _("\"%(name)s\" has hidden control characters: remove them", name=name)
    if problem == "long":
        return _("\"%(name)s\" is longer than %(num)d characters", name=name, num=MAX_LABEL if name.startswith(
            ("label", "hint")) else MAX_REASON)
    if kind == "bool_type":
        return _("\"%(name)s\" must be true or false", name=name)
    if kind == "literal_error" and name == "outcome":
        return _("\"outcome\" must be \"likely\", \"maybe\" or \"excluded\"")
    if kind == "literal_error" and name == "type":
        return _("\"type\" must be text, textarea, choice, yesno, date or number")
    if kind == "string_pattern_mismatch" and name == "key":
        return _("\"key\" must be lower-case letters, digits and _ (up to 30)")
    if kind == "string_pattern_mismatch" or (loc and loc[0] == "choices"):
        return _("each choice needs its own \"value\" (lower-case letters, digits and _)")
    if kind == "value_error":
        return problem
    return _("\"%(name)s\" is not in the expected format", name=name)
