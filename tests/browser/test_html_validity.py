"""Every page's HTML passes the Nu HTML checker (vnu.jar) with 0 errors."""

import json
import re
import subprocess

from tests.pages import gated_paths


def nu_errors(vnu_jar, folder, names: dict[str, str]) -> list[str]:
    """Run the Nu checker once over a folder of .html files; errors as 'page:line: message'."""
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", "--exit-zero-always", str(folder)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{names.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        for m in messages if m.get("type") in ("error", "non-document-error")
    ]


def test_every_page_is_valid_html(app, client, vnu_jar, tmp_path):
    files = {}
    for path in gated_paths(app):
        name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") + ".html"
        (tmp_path / name).write_bytes(client.get(path).data)
        files[name] = path
    assert nu_errors(vnu_jar, tmp_path, files) == []
    assert len(files) >= 6


def test_the_html_gate_catches_invalid_markup(vnu_jar, tmp_path):
    (tmp_path / "bad.html").write_text("<!doctype html><html lang=ko><title>x</title><dl><p>no</p></dl><div id=a id=a>")
    errors = nu_errors(vnu_jar, tmp_path, {"bad.html": "bad"})
    assert errors and all(e.startswith("bad:") for e in errors)
