"""What the benchmark scripts share: the repository's root (put on sys.path, so that a script run as
``python benchmarks/NAME.py`` imports alleyweb and benchmarks), and writing a script's section of a doc."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def write_section(name: str, body: str, doc: str = "PERFORMANCE.md", heading: str | None = None) -> None:
    """Rewrite the ``<!-- name:start -->`` … ``<!-- name:end -->`` section of ``docs/<doc>``; the first time,
    append it at the end, under ``## heading`` if one is given (otherwise the doc's own text gives it)."""
    path = ROOT / "docs" / doc
    text = path.read_text() if path.exists() else f"# {Path(doc).stem.title()}\n"
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body}\n{end}"
    if start in text and end in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + (f"\n\n## {heading}" if heading else "") + f"\n\n{block}\n"
    path.write_text(text)
