"""The style guide's checkable rules (docs/STYLE.md), over the message catalogue: error messages end
politely ("~해 주세요"), a one-sentence message has no final period, and English examples are in English."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).resolve().parents[1] / "translations" / "ko" / "LC_MESSAGES" / "messages.po"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Where the error messages of forms live; a message there that asks for something is an error message.
ERROR_SOURCES = ("forms.py", "fields.py", "validators.py", "applications.py", "intake.py")
ASKING = re.compile(r"^(Enter|Choose|Select|Tick|Use|Say|Give|Write|Fill|Pick|Leave|To send|To use)\b")
EXAMPLE = re.compile(r"\b(like|for example|e\.g\.)\b", re.IGNORECASE)
# Where the example is Korean on purpose: what a person may type (won amounts, a Korean search word,
# initial consonants) or how a Korean name is masked.
KOREAN_ON_PURPOSE = ("initial consonants", "1,000,000원", "250,000원", "taxi or 택시", "홍*동")


def messages():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    return [m for m in catalogue if m.id and isinstance(m.id, str)]


def is_error_message(message) -> bool:
    return bool(ASKING.match(message.id)) and any(path.endswith(ERROR_SOURCES) for path, _line in message.locations)


def ending_problem(korean: str) -> str | None:
    """What is wrong with the ending of an error message, or None. A message may add a sentence after
    its request (an example, "예: 1960-03-27", or a reason); no sentence uses the plain "~하세요"."""
    text = korean.strip()
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", text) if s]
    if len(sentences) == 1 and text.endswith("."):
        return "a one-sentence message ends with a period"
    endings = [re.sub(r"\([^()]*\)$", "", s.rstrip(".")).strip() for s in sentences]
    if any(e.endswith("세요") and not e.endswith("주세요") for e in endings):
        return "uses ~하세요, not ~해 주세요"
    if not any(e.endswith("주세요") for e in endings):
        return "does not ask with ~해 주세요"
    return None


def test_error_messages_end_politely_without_a_final_period():
    problems = [f"{m.id!r} → {m.string!r}: {ending_problem(m.string)}"
                for m in messages() if is_error_message(m) and m.string and ending_problem(m.string)]
    assert problems == []


def test_english_examples_are_in_english():
    problems = [m.id for m in messages()
                if EXAMPLE.search(m.id) and HANGUL.search(m.id) and not any(k in m.id for k in KOREAN_ON_PURPOSE)]
    assert problems == []


def test_the_checks_catch_what_the_style_guide_forbids():
    assert ending_problem("상호를 입력하세요") and ending_problem("동을 고르세요")
    assert ending_problem("이름을 입력해 주세요.") == "a one-sentence message ends with a period"
    assert ending_problem("이름을 입력해 주세요") is None
    assert ending_problem("건강 정보를 보내려면 동의해 주세요. 동의하지 않으려면 비워 두세요") is not None
    assert ending_problem("답을 확인해 주세요. 동의하지 않으려면 그 답을 비워 주세요") is None
    assert ending_problem("날짜를 입력해 주세요(예: 2026-12-03)") is None
    assert ending_problem("생년월일을 입력해 주세요. 예: 1960-03-27") is None
