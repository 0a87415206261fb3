"""Every page's HTML passes the Nu HTML checker (vnu.jar) with 0 errors."""

import json
import re
import subprocess

from tests.pages import gated_paths

# One short-lived Java per check: the quick (C1) compiler only, with the large thread stack that the checker's
# schema needs then (a StackOverflowError otherwise). The same checker and schema, at a fifth of the start-up
# CPU time of the default compilers, which the few seconds of checking never pay back.
JAVA_OPTIONS = ["-Xss16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]


def nu_errors(vnu_jar, folder, names: dict[str, str]) -> list[str]:
    """Run the Nu checker once over a folder of .html files; errors as 'page:line: message'."""
    result = subprocess.run(
        ["java", *JAVA_OPTIONS, "-jar", str(vnu_jar), "--errors-only", "--format", "json", "--exit-zero-always",
         str(folder)],
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


def test_form_components_error_states_and_resend_pages_are_valid_html(app, vnu_jar, tmp_path):
    """The shared form macros (with and without errors) and the 503 'send again' page."""
    from alleyweb import create_app
    from alleyweb.config import TestingConfig
    from tests import formkit

    kit = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    kit.register_blueprint(formkit.bp)
    down = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:9/none",
                      SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"connect_timeout": 2}})
    down.register_blueprint(formkit.bp)
    documents = {
        "form-empty.html": kit.test_client().get("/ko/demo-form"),
        "form-errors.html": kit.test_client().post("/en/demo-form", data={"phone": "12", "note": "<i>x</i>"}),
        "resend-503.html": down.test_client().post("/ko/demo-form", data={"name": "홍길동", "note": "a\nb"}),
    }
    for name, response in documents.items():
        (tmp_path / name).write_bytes(response.data)
    assert documents["resend-503.html"].status_code == 503
    assert nu_errors(vnu_jar, tmp_path, {name: name for name in documents}) == []
