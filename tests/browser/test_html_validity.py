"""Every page's HTML passes the Nu HTML checker (vnu.jar) with 0 errors."""

import json
import re
import subprocess

from tests.pages import gated_paths


def test_every_page_is_valid_html(app, client, vnu_jar, tmp_path):
    files = {}
    for path in gated_paths(app):
        name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") + ".html"
        (tmp_path / name).write_bytes(client.get(path).data)
        files[name] = path
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", "--exit-zero-always", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        for m in messages if m.get("type") == "error"
    ]
    assert errors == []
    assert len(files) >= 6
