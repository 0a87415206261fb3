"""Staff edit a program's screener rules and application questions with forms, not JSON
(``/<lang>/staff/programs/<id>/screening``, endpoints ``staff.program_screening.…``).

It works without JavaScript: every add, remove and move button posts the whole form back, the server
applies that one change to the draft and shows the form again; nothing is saved until "Save". "Preview"
checks the draft as the JSON import does (``rules.validate_rules``, ``questions.validate_questions``) and runs
the screener with sample answers in both languages. Every save is audited with a readable diff, per rule
and per question (before → after), which the page lists under "Changes".
"""

from __future__ import annotations

import re

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from alleyweb.core.audit import AuditEvent, record
from alleyweb.core.numbers import parse_int
from alleyweb.extensions import db
from alleyweb.programs.models import Program
from alleyweb.programs.questions import TYPES, QuestionError, validate_questions
from alleyweb.programs.rules import (
    AGE_LIMITS,
    BY_KEY,
    OUTCOMES,
    QUESTIONS,
    RuleError,
    age_bands,
    age_range,
    describe_rule,
    evaluate,
    validate_rules,
)
from alleyweb.programs.schema import MAX_CHOICES, MAX_QUESTIONS, MAX_RULES
from alleyweb.staff.access import form_page

bp = Blueprint("program_screening", __name__)
ACTION_LABELS = {"program.screening": _l("Changed a program's screener rules or application questions")}
TYPE_LABELS = {"text": _l("Short text"), "textarea": _l("Long text"), "choice": _l("Choice"),
               "yesno": _l("Yes or no"), "date": _l("Date"), "number": _l("Whole number")}
OUTCOME_LABELS = {"likely": _l("Likely to fit"), "maybe": _l("May fit"),
                  "excluded": _l("Not shown: a condition the applicant fails, such as age")}
QUESTION_FIELDS = ("key", "label_ko", "label_en", "hint_ko", "hint_en")
CHOICE_FIELDS = ("value", "label_ko", "label_en")
MAX_TEXT = 400  # longer input is cut here; the schema then says what its own limit is
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A button's name="op" value: "rule-add", "rule-2-up", "rule-2-cond-age-remove", "question-1-choice-3-remove"…
_OP = re.compile(r"(rule|question)-(?:(add)|([0-9]{1,2})-(remove|up|down|addcond|choice-add|agegroups|agerange)"
                 r"|([0-9]{1,2})-cond-([a-z_]{1,30})-remove|([0-9]{1,2})-choice-([0-9]{1,2})-remove)")
HISTORY = 10


def _text(form, name: str) -> str:
    return _CONTROL.sub(" ", form.get(name, ""))[:MAX_TEXT].strip()


# ---------------------------------------------------------------------------------------------------------
# The draft: rules and questions as the JSON holds them, read from (and written to) the form's fields

def _age_limit(form, name: str) -> int | None:
    number = parse_int(form.get(name, ""), maximum=200, max_digits=3)
    return number if number in AGE_LIMITS else None


def read_rules(form, problems: list[str] | None = None) -> list[dict]:
    """The draft rules from the form. An age condition comes as "at least" and "under" selects (``age``
    mode "range", turned into the screener's age groups) or as ticked groups (mode "groups"); the draft keeps
    the mode and the selects in ``_age`` for the page, and a range with no group in it adds to ``problems``."""
    rules = []
    for i in range(MAX_RULES + 1):
        if f"rule-{i}-outcome" not in form:
            break
        when, age = {}, None
        for question in QUESTIONS:
            if f"rule-{i}-has-{question.key}" not in form:
                continue
            if question.key == "age" and form.get(f"rule-{i}-agemode") == "range":
                at_least, under = _age_limit(form, f"rule-{i}-age-min"), _age_limit(form, f"rule-{i}-age-under")
                age = {"mode": "range", "at_least": at_least, "under": under}
                when["age"] = age_bands(at_least, under) if at_least is not None or under is not None else []
                if problems is not None and at_least is None and under is None:
                    problems.append(_("Rule %(num)d: choose an age for \"at least\" or \"under\"", num=i + 1))
                elif problems is not None and not when["age"]:
                    problems.append(_("Rule %(num)d: the age for \"at least\" must be below the age for \"under\"",
                                      num=i + 1))
                continue
            allowed = {value for value, _label in question.choices}
            when[question.key] = [v for v in form.getlist(f"rule-{i}-cond-{question.key}") if v in allowed]
            if question.key == "age":
                age = {"mode": "groups"}
        rule = {"when": when, "outcome": form.get(f"rule-{i}-outcome", ""),
                "reason_ko": _text(form, f"rule-{i}-reason_ko"), "reason_en": _text(form, f"rule-{i}-reason_en")}
        if age:
            rule["_age"] = age
        rules.append(rule)
    return rules


def age_control(rule: dict) -> dict:
    """How the page shows a rule's age condition: as "at least"/"under" selects (when the groups are one
    range, or the condition is new) or as ticked groups."""
    draft = rule.get("_age") or {}
    values = rule["when"].get("age") or []
    limits = age_range(values)
    if draft.get("mode") == "groups" or (draft.get("mode") != "range" and values and limits is None):
        return {"mode": "groups"}
    if draft.get("mode") == "range":
        return {"mode": "range", "at_least": draft.get("at_least"), "under": draft.get("under")}
    at_least, under = limits or (None, None)
    return {"mode": "range", "at_least": at_least, "under": under}


def without_draft(rules: list[dict]) -> list[dict]:
    """The rules without the page's own keys, for validation and saving."""
    return [{key: value for key, value in rule.items() if not key.startswith("_")} for rule in rules]


def read_questions(form) -> list[dict]:
    questions = []
    for i in range(MAX_QUESTIONS + 1):
        if f"question-{i}-type" not in form:
            break
        question = {name: _text(form, f"question-{i}-{name}") for name in QUESTION_FIELDS}
        question["type"] = form.get(f"question-{i}-type", "")
        question["required"] = f"question-{i}-required" in form
        question["sensitive"] = f"question-{i}-sensitive" in form
        choices = []
        for k in range(MAX_CHOICES + 1):
            if f"question-{i}-choice-{k}-value" not in form:
                break
            choices.append({name: _text(form, f"question-{i}-choice-{k}-{name}") for name in CHOICE_FIELDS})
        question["choices"] = choices
        questions.append(question)
    return questions


def as_saved(questions: list[dict]) -> list[dict]:
    """The draft questions in the stored format: choices only for a choice, hints only when given."""
    saved = []
    for question in questions:
        item = {key: value for key, value in question.items() if key != "choices"}
        if question.get("type") == "choice":
            item["choices"] = question.get("choices") or []
        saved.append(item)
    return saved


def _move(items: list, index: int, step: int) -> None:
    other = index + step
    if 0 <= index < len(items) and 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]


def apply_op(op: str, rules: list[dict], questions: list[dict], form) -> str | None:
    """Change the draft as the button ``op`` asks; a message when it cannot (a limit reached)."""
    match = _OP.fullmatch(op)
    if not match:
        return None
    kind, add, index, action, cond_rule, cond_key, choice_q, choice_k = match.groups()
    items = rules if kind == "rule" else questions
    if add:
        if kind == "rule":
            if len(rules) >= MAX_RULES:
                return _("Write at most %(num)d rules.", num=MAX_RULES)
            rules.append({"when": {}, "outcome": "maybe", "reason_ko": "", "reason_en": ""})
        else:
            if len(questions) >= MAX_QUESTIONS:
                return _("Ask at most %(num)d questions.", num=MAX_QUESTIONS)
            questions.append({"key": "", "type": "text", "label_ko": "", "label_en": "", "hint_ko": "",
                              "hint_en": "", "required": False, "sensitive": False, "choices": []})
        return None
    if cond_rule is not None:
        n = parse_int(cond_rule, maximum=MAX_RULES)
        if n is not None and n < len(rules):
            rules[n]["when"].pop(cond_key, None)
        return None
    if choice_q is not None:
        n, k = parse_int(choice_q, maximum=MAX_QUESTIONS), parse_int(choice_k, maximum=MAX_CHOICES)
        if n is not None and k is not None and n < len(questions) and k < len(questions[n]["choices"]):
            del questions[n]["choices"][k]
        return None
    n = parse_int(index, maximum=max(MAX_RULES, MAX_QUESTIONS))
    if n is None or n >= len(items):
        return None
    if action == "remove":
        del items[n]
    elif action in ("up", "down"):
        _move(items, n, -1 if action == "up" else 1)
    elif action == "addcond":
        key = form.get(f"rule-{n}-newcond", "")
        if key in BY_KEY and key not in rules[n]["when"]:
            when = dict(rules[n]["when"], **{key: []})
            rules[n]["when"] = {q.key: when[q.key] for q in QUESTIONS if q.key in when}
            if key == "age":
                rules[n]["_age"] = {"mode": "range", "at_least": None, "under": None}
    elif action in ("agegroups", "agerange") and "age" in rules[n]["when"]:
        if action == "agegroups":
            rules[n]["_age"] = {"mode": "groups"}
        else:
            limits = age_range(rules[n]["when"]["age"]) or (None, None)
            rules[n]["_age"] = {"mode": "range", "at_least": limits[0], "under": limits[1]}
            rules[n]["when"]["age"] = age_bands(*limits) if limits != (None, None) else []
    elif action == "choice-add":
        if len(questions[n]["choices"]) >= MAX_CHOICES:
            return _("A question has at most %(num)d choices.", num=MAX_CHOICES)
        questions[n]["choices"].append({"value": "", "label_ko": "", "label_en": ""})
    return None


# ---------------------------------------------------------------------------------------------------------
# The readable diff, for the audit log

def _condition_words(key: str, values: list[str]) -> str:
    limits = age_range(values) if key == "age" else None
    if limits is not None:
        at_least, under = limits
        words = [f"at least {at_least}" if at_least is not None else "", f"under {under}" if under is not None else ""]
        return f"age {' and '.join(w for w in words if w) or 'any'}"
    return f"{key} = {', '.join(values)}"


def rule_words(rule: dict) -> str:
    conditions = "; ".join(_condition_words(key, values) for key, values in rule.get("when", {}).items())
    return f"[{conditions}] ⇒ {rule.get('outcome', '')} ({rule.get('reason_ko', '')} / {rule.get('reason_en', '')})"


def question_words(question: dict) -> str:
    flags = [flag for flag in ("required", "sensitive") if question.get(flag)]
    choices = ", ".join(c["value"] for c in question.get("choices") or [])
    return (f"{question.get('key', '')} ({question.get('type', '')}{', ' + ', '.join(flags) if flags else ''}): "
            f"{question.get('label_ko', '')} / {question.get('label_en', '')}"
            f"{' [' + choices + ']' if choices else ''}")


def diff_lines(before: list[dict], after: list[dict], name: str, words) -> list[str]:
    """One line per position that changed: "Rule 2: before → after", "Rule 3 added: …", "Rule 3 removed: …"."""
    lines = []
    for n in range(max(len(before), len(after))):
        old = words(before[n]) if n < len(before) else None
        new = words(after[n]) if n < len(after) else None
        if old == new:
            continue
        if old is None:
            lines.append(f"{name} {n + 1} added: {new}")
        elif new is None:
            lines.append(f"{name} {n + 1} removed: {old}")
        else:
            lines.append(f"{name} {n + 1}: {old} → {new}")
    return lines


def save_screening(program: Program, staff, rules: list[dict], questions: list[dict]) -> list[str]:
    """Store the checked rules and questions and audit the diff; the view commits."""
    lines = diff_lines(program.rules or [], rules, "Rule", rule_words)
    lines += diff_lines(program.questions or [], questions, "Question", question_words)
    if lines:
        program.rules, program.questions = rules, questions
        db.session.flush()
        record("program.screening", staff=staff, target=program, commit=False,
               detail={"slug": program.slug, "changes": lines})
    return lines


def history(program: Program) -> list[AuditEvent]:
    return db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "program.screening", AuditEvent.target_type == "programs",
                                 AuditEvent.target_id == program.id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(HISTORY)).all()


# ---------------------------------------------------------------------------------------------------------
# The preview

def sample_answers(form) -> dict[str, str]:
    return {q.key: form[f"sample-{q.key}"] for q in QUESTIONS
            if form.get(f"sample-{q.key}") in {value for value, _label in q.choices}}


def preview(rules: list[dict], questions: list[dict], answers: dict[str, str]) -> dict:
    """For each language: what the screener says with these sample answers, and the questions as the
    application form asks them."""
    shown = {}
    for lang in ("ko", "en"):
        with force_locale(lang):
            match = evaluate(rules, answers, lang)
            shown[lang] = {
                "rules": [{"outcome": str(OUTCOME_LABELS[rule["outcome"]]), "conditions": describe_rule(rule),
                           "reason": rule[f"reason_{lang}"]} for rule in rules],
                "outcome": str(OUTCOME_LABELS[match.outcome]) if match else _("Not shown to these answers"),
                "reasons": list(match.reasons) if match else [],
                "questions": [{"label": q[f"label_{lang}"], "hint": q.get(f"hint_{lang}", ""),
                               "required": q.get("required"), "sensitive": q.get("sensitive"),
                               "type": str(TYPE_LABELS[q["type"]]),
                               "choices": [c[f"label_{lang}"] for c in q.get("choices") or []]} for q in questions],
                "rules_word": _("Rules in words"), "required_word": _("required"),
                "sample_word": _("With the sample answers"), "when_word": _("when all of these hold:"),
                "questions_word": _("Application questions"),
                "sensitive_word": _("sensitive: separate consent"),
            }
    return shown


# ---------------------------------------------------------------------------------------------------------
# The view

@form_page(bp, "/programs/<int:id>/screening", "edit_programs")
def edit(id):
    program = db.get_or_404(Program, id)
    problems: list[str] = []
    shown = None
    if request.method == "GET" or g.get("csrf_expired"):
        rules = [dict(rule, when=dict(rule["when"])) for rule in program.rules or []]
        questions = [dict(q, choices=[dict(c) for c in q.get("choices", [])]) for q in program.questions or []]
        if g.get("csrf_expired"):
            problems.append(_("This page was open too long and has expired. Make your changes again."))
    else:
        op = request.form.get("op", "")
        rules = read_rules(request.form, problems if op in ("preview", "save") else None)
        questions = read_questions(request.form)
        if op in ("preview", "save"):
            checked_rules = checked_questions = None
            try:
                checked_rules = validate_rules(without_draft(rules))
            except RuleError as error:
                # An age range with no group in it is already told above, in the editor's words.
                empty = _("\"%(key)s\" needs a list of answers", key="age")
                told = {"{}: {}".format(_("Rule %(num)d", num=n + 1), empty)
                        for n, rule in enumerate(rules) if rule.get("_age", {}).get("mode") == "range"
                        and not rule["when"].get("age")}
                problems += [problem for problem in error.problems if problem not in told]
            try:
                checked_questions = validate_questions(as_saved(questions))
            except QuestionError as error:
                problems += error.problems
            if not problems and op == "save":
                changes = save_screening(program, g.staff, checked_rules, checked_questions)
                db.session.commit()
                flash(_("The screener rules and questions have been saved. The change is in the audit log.")
                      if changes else _("Nothing was changed"), "info")
                return redirect(url_for("staff.program_screening.edit", id=program.id))
            if not problems:
                shown = preview(checked_rules, checked_questions, sample_answers(request.form))
        else:
            message = apply_op(op, rules, questions, request.form)
            if message:
                problems.append(message)
    body = render_template(
        "programs/staff/screening.html", program=program, rules=rules, questions=questions, problems=problems,
        preview=shown, screener=QUESTIONS, outcomes=OUTCOMES, age_control=age_control, age_limits=AGE_LIMITS,
        outcome_labels=OUTCOME_LABELS, types=TYPES,
        type_labels=TYPE_LABELS, samples=request.form if request.method == "POST" else {},
        history=history(program), limits={"rules": MAX_RULES, "questions": MAX_QUESTIONS, "choices": MAX_CHOICES})
    return body, 400 if problems else 200
