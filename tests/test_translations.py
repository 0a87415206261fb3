"""`flask translate check` passes on the shipped catalogue and fails on each kind of problem."""

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from alleyweb.core.cli import check_catalogue


def test_korean_catalogue_is_complete(app):
    result = app.test_cli_runner().invoke(args=["translate", "check"])
    assert result.exit_code == 0, result.output


def _write(tmp_path, entries):
    catalogue = Catalog(locale="ko")
    for msgid, msgstr, flags in entries:
        catalogue.add(msgid, msgstr, flags=flags)
    path = tmp_path / "messages.po"
    with path.open("wb") as handle:
        write_po(handle, catalogue)
    return path


def test_check_reports_missing_empty_fuzzy_and_placeholder_problems(tmp_path):
    template = Catalog()
    for msgid in ["Home", "Privacy", "Draft", "Hello %(name)s", "Missing one"]:
        template.add(msgid)
    po = _write(tmp_path, [
        ("Home", "홈", ()), ("Privacy", "", ()), ("Draft", "초안", ("fuzzy",)), ("Hello %(name)s", "안녕 %(nam)s", ()),
    ])
    problems = check_catalogue("ko", po_path=po, template=template)
    assert any("missing" in p and "Missing one" in p for p in problems)
    assert any("untranslated" in p and "Privacy" in p for p in problems)
    assert any("fuzzy" in p and "Draft" in p for p in problems)
    assert any("placeholders" in p and "Hello" in p for p in problems)
    assert not any("'Home'" in p for p in problems)
