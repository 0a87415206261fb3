"""Summarise Lighthouse JSON reports into docs/PERFORMANCE.md (between the lighthouse markers).

Usage: lighthouse_report.py OUT_DIR PAGE... — reads OUT_DIR/<slug>-<run>.json as written by
benchmarks/lighthouse.sh, keeps the run with the median performance score per page, prints a summary
and rewrites the ``<!-- lighthouse:start -->`` … ``<!-- lighthouse:end -->`` section. Exits 1 if a
report is missing or Lighthouse recorded a runtime error; targets that are missed are only reported.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import write_section  # noqa: E402

CATEGORIES = {"performance": "Performance", "accessibility": "Accessibility",
              "best-practices": "Best practices", "seo": "SEO"}
METRICS = {"first-contentful-paint": "First Contentful Paint", "largest-contentful-paint": "Largest Contentful Paint",
           "total-blocking-time": "Total Blocking Time", "cumulative-layout-shift": "Cumulative Layout Shift",
           "speed-index": "Speed Index"}
PAGE_BUDGET = 50 * 1024  # bytes transferred per page, compressed, CSS included, fonts excluded
LOCAL_HOST = "127.0.0.1"


def slug(page: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", page).strip("-")


def score(lhr: dict, category: str) -> int | None:
    value = lhr["categories"][category]["score"]
    return None if value is None else round(value * 100)


def summarise(page: str, reports: list[dict]) -> dict:
    runs = sorted(reports, key=lambda lhr: score(lhr, "performance") or 0)
    lhr = runs[len(runs) // 2]  # the median run by performance score
    requests = lhr["audits"]["network-requests"]["details"]["items"]
    total = sum(r.get("transferSize") or 0 for r in requests)
    fonts = sum(r.get("transferSize") or 0 for r in requests if r.get("resourceType") == "Font")
    third_party = [r["url"] for r in requests
                   if urlsplit(r["url"]).scheme in ("http", "https") and urlsplit(r["url"]).hostname != LOCAL_HOST]
    return {
        "page": page, "lhr": lhr,
        "perf_runs": [score(r, "performance") for r in reports],
        "scores": {c: score(lhr, c) for c in CATEGORIES},
        "metrics": {m: lhr["audits"][m].get("displayValue", "") for m in METRICS},
        "total": total, "without_fonts": total - fonts, "requests": len(requests), "third_party": third_party,
    }


def targets(s: dict) -> list[tuple[str, bool | None]]:
    sc = s["scores"]
    return [
        ("performance ≥ 95 (median of runs)", (sc["performance"] or 0) >= 95),
        ("accessibility 100", sc["accessibility"] == 100),
        ("best practices 100", sc["best-practices"] == 100),
        ("SEO 100", sc["seo"] == 100),
        ("no third-party requests", not s["third_party"]),
        ("≤ 50 KB transferred, fonts excluded", s["without_fonts"] <= PAGE_BUDGET),
    ]


def failing_audits(lhr: dict) -> list[str]:
    """Audits that cost points: scored below 1 in a category that is not at 100."""
    lines = []
    for cat_id, cat_name in CATEGORIES.items():
        category = lhr["categories"][cat_id]
        if category["score"] == 1:
            continue
        for ref in category["auditRefs"]:
            audit = lhr["audits"][ref["id"]]
            if audit["score"] is None or audit["score"] >= 1 or audit["scoreDisplayMode"] in ("informative", "manual"):
                continue
            if cat_id == "performance" and ref["id"] in METRICS and audit["score"] >= 0.9:
                continue
            value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            lines.append(f"- {cat_name}: `{ref['id']}` — {audit['title']}{value}, score {audit['score']:.2f}")
            for item in (audit.get("details") or {}).get("items", [])[:5]:
                node = item.get("node") or {}
                where = node.get("selector") or item.get("url") or item.get("source", {}).get("url") or ""
                snippet = node.get("snippet", "")
                if where or snippet:
                    lines.append(f"  - `{where}` {('`' + snippet + '`') if snippet else ''}".rstrip())
    return lines


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB ({n:,} B)"


def page_table(s: dict) -> list[str]:
    sc = s["scores"]
    runs = ", ".join(str(p) for p in s["perf_runs"])
    rows = [f"### `{unquote(s['page'])}`", "", "| measure | value |", "|---|---:|",
            f"| Performance (median; runs: {runs}) | {sc['performance']} |"]
    rows += [f"| {CATEGORIES[c]} | {sc[c]} |" for c in ("accessibility", "best-practices", "seo")]
    rows += [f"| {name} | {s['metrics'][m]} |" for m, name in METRICS.items()]
    rows += [f"| Transferred, total | {kb(s['total'])} |",
             f"| Transferred, without fonts | {kb(s['without_fonts'])} |",
             f"| Requests | {s['requests']} |",
             f"| Third-party requests | {len(s['third_party'])} |"]
    rows += [f"| ↳ | `{url}` |" for url in s["third_party"]]
    return rows


def render(summaries: list[dict]) -> str:
    lhr = summaries[0]["lhr"]
    # `chromium --version` (from lighthouse.sh); the user agent only says e.g. 156.0.0.0
    chrome = re.search(r"\d+(\.\d+)+", os.environ.get("CHROMIUM_VERSION", "") or lhr["environment"]["hostUserAgent"])
    lines = [
        f"Measured {datetime.date.today().isoformat()} with `make lighthouse` "
        f"(Lighthouse {lhr['lighthouseVersion']}, Chromium {chrome.group() if chrome else '?'}, headless; "
        "mobile form factor with Lighthouse's default simulated throttling; gunicorn with 2 workers on "
        "127.0.0.1, demo data in SQLite, responses compressed by Flask-Compress). Each page is run "
        f"{len(summaries[0]['perf_runs'])} times; the figures are those of the run with the median performance "
        "score. 1 KB = 1,024 bytes. Raw reports: `test-artifacts/lighthouse/`.",
        "",
    ]
    for s in summaries:
        lines += page_table(s) + [""]
    mark = {True: "pass", False: "**FAIL**", None: "n/a"}
    lines += ["### Targets", "", "| target | " + " | ".join(f"`{unquote(s['page'])}`" for s in summaries) + " |",
              "|---|" + "---|" * len(summaries)]
    for i, (name, _) in enumerate(targets(summaries[0])):
        lines.append(f"| {name} | " + " | ".join(mark[targets(s)[i][1]] for s in summaries) + " |")
    problems = [(s["page"], failing_audits(s["lhr"])) for s in summaries]
    if any(p for _, p in problems):
        lines += ["", "### Audits not passed (median run)", ""]
        for page, audit_lines in problems:
            if audit_lines:
                lines += [f"`{page}`:", ""] + audit_lines + [""]
    return "\n".join(lines).rstrip()


def main(out: Path, pages: list[str]) -> int:
    summaries = []
    for page in pages:
        files = sorted(f for f in out.glob("*.json") if re.fullmatch(rf"{re.escape(slug(page))}-\d+\.json", f.name))
        reports = [json.loads(f.read_text()) for f in files]
        broken = [f.name for f, r in zip(files, reports, strict=True) if r.get("runtimeError")
                  or any(r["categories"][c]["score"] is None for c in CATEGORIES)]
        if not reports or broken:
            print(f"lighthouse: no usable report for {page} ({', '.join(broken) or 'none found'})", file=sys.stderr)
            return 1
        summaries.append(summarise(page, reports))
    body = render(summaries)
    write_section("lighthouse", body, heading="Lighthouse")
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2:]))
