"""Application questions as data: each program asks its own, on top of the common fields.

A program's ``questions`` is a JSON list such as

    [{"key": "destinations", "type": "textarea", "label_ko": "자주 가는 곳", "label_en": "Where you usually go",
      "hint_ko": "예: 병원, 시장", "hint_en": "For example, hospital, market", "required": false},
     {"key": "condition", "type": "choice", "sensitive": true, "label_ko": "…", "label_en": "…",
      "choices": [{"value": "a", "label_ko": "…", "label_en": "…"}, …]}]

``type`` is ``text`` (one line), ``textarea`` or ``choice``. A ``sensitive`` question (health, disability)
is always optional and needs its own consent when answered (DESIGN.md §8).
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

TYPES = ("text", "textarea", "choice")
MAX_QUESTIONS = 10
MAX_LABEL = 200
MAX_CHOICES = 12
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
VALUE_RE = re.compile(r"^[a-z0-9][a-z0-9_]{0,29}$")
ANSWER_LENGTH = {"text": 200, "textarea": 1000, "choice": 40}


class QuestionError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _text(item: dict, name: str, where: str, problems: list[str], required: bool = True) -> str:
    value = item.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        problems.append(_("%(where)s: \"%(name)s\" must be filled in", where=where, name=name))
        return ""
    if len(value) > MAX_LABEL:
        problems.append(_("%(where)s: \"%(name)s\" is longer than %(num)d characters", where=where, name=name,
                          num=MAX_LABEL))
    return value.strip()


def validate_questions(questions) -> list[dict]:
    """The questions cleaned, or QuestionError listing every problem."""
    if not isinstance(questions, list):
        raise QuestionError([_("The questions must be a list: [ {…}, {…} ]")])
    problems: list[str] = []
    if len(questions) > MAX_QUESTIONS:
        problems.append(_("Ask at most %(num)d questions.", num=MAX_QUESTIONS))
    cleaned, keys = [], set()
    for n, item in enumerate(questions, start=1):
        where = _("Question %(num)d", num=n)
        if not isinstance(item, dict):
            problems.append(_("%(where)s: must be an object {…}", where=where))
            continue
        unknown = set(item) - {"key", "type", "label_ko", "label_en", "hint_ko", "hint_en", "required", "sensitive",
                               "choices"}
        if unknown:
            problems.append(_("%(where)s: unknown entries %(names)s", where=where, names=", ".join(sorted(unknown))))
        key = item.get("key")
        if not isinstance(key, str) or not KEY_RE.match(key):
            problems.append(_("%(where)s: \"key\" must be lower-case letters, digits and _ (up to 30)", where=where))
        elif key in keys:
            problems.append(_("%(where)s: the key \"%(key)s\" is used twice", where=where, key=key))
        keys.add(key)
        kind = item.get("type")
        if kind not in TYPES:
            problems.append(_("%(where)s: \"type\" must be text, textarea or choice", where=where))
        for flag in ("required", "sensitive"):
            if flag in item and not isinstance(item[flag], bool):
                problems.append(_("%(where)s: \"%(name)s\" must be true or false", where=where, name=flag))
        sensitive = item.get("sensitive") is True
        question = {
            "key": key, "type": kind, "label_ko": _text(item, "label_ko", where, problems),
            "label_en": _text(item, "label_en", where, problems),
            "hint_ko": _text(item, "hint_ko", where, problems, required=False),
            "hint_en": _text(item, "hint_en", where, problems, required=False),
            # Sensitive answers are never required: refusing their consent must not block the application.
            "required": item.get("required") is True and not sensitive, "sensitive": sensitive,
        }
        if kind == "choice":
            choices = item.get("choices")
            if not isinstance(choices, list) or not 2 <= len(choices) <= MAX_CHOICES:
                problems.append(_("%(where)s: a choice needs 2 to %(num)d \"choices\"", where=where, num=MAX_CHOICES))
                choices = []
            clean_choices, values = [], set()
            for choice in choices:
                if not isinstance(choice, dict) or not isinstance(choice.get("value"), str) \
                        or not VALUE_RE.match(choice["value"]) or choice["value"] in values:
                    problems.append(_("%(where)s: each choice needs its own \"value\" (lower-case letters, digits "
                                      "and _)", where=where))
                    continue
                values.add(choice["value"])
                clean_choices.append({"value": choice["value"], "label_ko": _text(choice, "label_ko", where, problems),
                                      "label_en": _text(choice, "label_en", where, problems)})
            question["choices"] = clean_choices
        elif "choices" in item:
            problems.append(_("%(where)s: only a choice has \"choices\"", where=where))
        cleaned.append(question)
    if problems:
        raise QuestionError(problems)
    return cleaned


def label(question: dict, lang: str, name: str = "label") -> str:
    return question.get(f"{name}_{'en' if lang == 'en' else 'ko'}") or ""


def answer_text(question: dict, value: str, lang: str) -> str:
    """An answer as people read it: a choice's label, or the text typed."""
    if question["type"] == "choice":
        for choice in question.get("choices", []):
            if choice["value"] == value:
                return label(choice, lang)
    return value
