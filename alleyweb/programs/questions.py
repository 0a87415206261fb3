"""Application questions as data: each program asks its own, on top of the common fields.

A program's ``questions`` is a JSON list such as

    [{"key": "destinations", "type": "textarea", "label_ko": "자주 가는 곳", "label_en": "Where you usually go",
      "hint_ko": "예: 병원, 시장", "hint_en": "For example, hospital, market", "required": false},
     {"key": "condition", "type": "choice", "sensitive": true, "label_ko": "…", "label_en": "…",
      "choices": [{"value": "a", "label_ko": "…", "label_en": "…"}, …]}]

``type`` is ``text`` (one line), ``textarea``, ``choice``, ``yesno`` (two radios, yes and no), ``date``
(a real date from 1900 to 10 years ahead, typed as text) or ``number`` (a whole number from 0 to
999,999,999, read by ``core.numbers``: full-width digits and thousands separators are accepted). A
``sensitive`` question (health, disability) is always optional and needs its own consent when answered
(docs/ARCHITECTURE.md, "Privacy rules"). In a choice, single answers may be marked ``sensitive`` instead
({"value": "disability", …, "sensitive": true}): then only choosing one of those needs the consent (age is
not sensitive data; a disability is).
"""

from __future__ import annotations

from typing import Annotated, Literal

from flask_babel import gettext as _
from pydantic import Field, StrictBool, model_validator

from alleyweb.programs import schema
from alleyweb.programs.schema import MAX_CHOICES, MAX_LABEL, MAX_QUESTIONS

TYPES = ("text", "textarea", "choice", "yesno", "date", "number")
ANSWER_LENGTH = {"text": 200, "textarea": 1000, "choice": 40}
NUMBER_MAX = 999_999_999
DATE_YEARS_AHEAD = 10


class QuestionError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class Choice(schema.Strict):
    value: Annotated[str, Field(pattern=schema.VALUE_RE.pattern)]
    label_ko: schema.text(MAX_LABEL)
    label_en: schema.text(MAX_LABEL)
    sensitive: StrictBool = False


class Question(schema.Strict):
    key: Annotated[str, Field(pattern=schema.KEY_RE.pattern)]
    type: Literal["text", "textarea", "choice", "yesno", "date", "number"]
    label_ko: schema.text(MAX_LABEL)
    label_en: schema.text(MAX_LABEL)
    hint_ko: schema.text(MAX_LABEL, required=False) = ""
    hint_en: schema.text(MAX_LABEL, required=False) = ""
    required: StrictBool = False
    sensitive: StrictBool = False
    choices: list[Choice] | None = None

    @model_validator(mode="after")
    def _choices_for_a_choice_only(self) -> Question:
        if self.type == "choice":
            values = [choice.value for choice in self.choices or []]
            if not 2 <= len(values) <= MAX_CHOICES:
                raise ValueError(_("a choice needs 2 to %(num)d \"choices\"", num=MAX_CHOICES))
            if len(set(values)) != len(values):
                raise ValueError(_("each choice needs its own \"value\" (lower-case letters, digits and _)"))
        elif self.choices is not None:
            raise ValueError(_("only a choice has \"choices\""))
        # Sensitive answers are never required: refusing their consent must not block the application.
        self.required = self.required and not self.sensitive and not any(c.sensitive for c in self.choices or [])
        return self


def validate_questions(questions) -> list[dict]:
    """The questions cleaned, or QuestionError listing every problem."""
    models, problems = schema.check(Question, questions, where=lambda n: _("Question %(num)d", num=n),
                                    limit=MAX_QUESTIONS, not_a_list=_("The questions must be a list: [ {…}, {…} ]"),
                                    too_many=_("Ask at most %(num)d questions.", num=MAX_QUESTIONS))
    seen = set()
    for n, question in enumerate(models or [], start=1):
        if question is not None and question.key in seen:
            problems.append(_("%(where)s: the key \"%(key)s\" is used twice", where=_("Question %(num)d", num=n),
                              key=question.key))
        if question is not None:
            seen.add(question.key)
    if problems:
        raise QuestionError(problems)
    return [question.model_dump(exclude_none=True) for question in models]


def label(question: dict, lang: str, name: str = "label") -> str:
    return question.get(f"{name}_{'en' if lang == 'en' else 'ko'}") or ""


def asks_sensitive(question: dict) -> bool:
    """Whether some answer to this question is sensitive data (the question, or one of its choices)."""
    return bool(question.get("sensitive")) or any(c.get("sensitive") for c in question.get("choices") or [])


def answered(value) -> bool:
    """Whether a field holds an answer (0 is an answer to a number question; None or '' is none)."""
    return value is not None and value != "" and value is not False


def is_sensitive_answer(question: dict, value) -> bool:
    """Whether this answer is sensitive data: any answer to a sensitive question, or a sensitive choice."""
    if not answered(value):
        return False
    if question.get("sensitive"):
        return True
    return any(c["value"] == value and c.get("sensitive") for c in question.get("choices") or [])


def answer_text(question: dict, value, lang: str) -> str:
    """An answer as people read it: a choice's label, yes or no (in the current language), a date in ISO,
    a number with thousands separators, or the text typed."""
    if question["type"] == "yesno":
        return _("Yes") if value == "yes" else _("No")
    if question["type"] == "date":
        return value.isoformat()
    if question["type"] == "number":
        return f"{value:,}"
    if question["type"] == "choice":
        for choice in question.get("choices", []):
            if choice["value"] == value:
                return label(choice, lang)
    return value
