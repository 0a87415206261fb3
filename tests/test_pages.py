"""Every public page, in both languages: status, language, one h1, title, alternates, headers."""

from tests.helpers import soup
from tests.pages import gated_paths

SECURITY_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Strict-Transport-Security": "max-age=",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def assert_security_headers(response):
    for name, expected in SECURITY_HEADERS.items():
        assert expected in response.headers.get(name, ""), f"{name} missing on {response.request.path}"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_the_gated_list_covers_the_known_pages(app):
    paths = gated_paths(app)
    for expected in ["/ko/", "/en/", "/ko/privacy", "/en/privacy", "/ko/accessibility", "/en/accessibility"]:
        assert expected in paths


def test_every_public_page_meets_the_basics(app, client):
    for path in gated_paths(app):
        response = client.get(path)
        expected_status = 404 if "does-not-exist" in path else 200
        assert response.status_code == expected_status, path
        page = soup(response)
        lang = path.split("/")[1]
        assert page.html["lang"] == lang, path
        assert len(page.find_all("h1")) == 1, path
        title = page.find("title")
        assert title and title.get_text(strip=True), path
        hreflangs = {link["hreflang"] for link in page.select('link[rel="alternate"][hreflang]')}
        assert hreflangs == {"ko", "en", "x-default"}, path
        assert page.select_one('a.skip-link[href="#main"]') and page.find(id="main"), path
        assert page.select_one("#krds-masthead"), path
        assert page.select("form.text-size button[name=size]"), path
        assert page.select_one("a.lang-switch"), path
        assert_security_headers(response)
        assert response.mimetype == "text/html"


def test_no_page_loads_anything_from_another_site(app, client):
    for path in gated_paths(app):
        page = soup(client.get(path))
        for tag, attr in [("script", "src"), ("link", "href"), ("img", "src")]:
            for element in page.find_all(tag):
                url = element.get(attr)
                if not url or (tag == "link" and element.get("rel") in (["alternate"], ["canonical"])):
                    continue
                assert url.startswith("/"), f"{path}: {tag} {url}"
        assert not page.select("[style]"), f"{path}: inline style attributes break the CSP"
        assert not [s for s in page.find_all("script") if not s.get("src")], f"{path}: inline script"


def test_home_shows_live_figures_and_the_dongs(client):
    page = soup(client.get("/ko/"))
    values = [li.select_one(".figure-value").get_text(strip=True) for li in page.select(".figure")]
    assert "18" in values
    dongs = [li.get_text(strip=True) for li in page.select(".dong-list li")]
    assert len(dongs) == 18 and dongs[0] == "양동" and "동천동" in dongs
    english = [li.get_text(strip=True) for li in soup(client.get("/en/")).select(".dong-list li")]
    assert "Nongseong 1-dong" in english


def test_privacy_policy_has_every_required_section(client):
    for lang in ("ko", "en"):
        page = soup(client.get(f"/{lang}/privacy"))
        ids = {section.get("id") for section in page.find_all("section")}
        assert {"purposes", "items", "destruction", "children", "sharing", "rights", "safety", "cookies",
                "officer", "remedies", "changes"} <= ids
        cookie_names = {code.get_text() for code in page.select("#cookies code")}
        assert cookie_names == {"alleyweb_session", "lang", "text_size"}
        assert page.select_one("#officer a[href^='tel:']")
    korean = soup(client.get("/ko/privacy")).get_text()
    for phrase in ["개인정보의 처리 목적", "보유기간", "파기", "개인정보 보호책임자", "주민등록번호"]:
        assert phrase in korean


def test_privacy_policy_lists_every_registered_retention_rule(app):
    from alleyweb.core import retention
    from alleyweb.core.features import registry

    rules = registry(app).retention_rules
    rule = retention.RetentionRule(key="zz-test-rule", service="Test service", purpose="Testing the policy table",
                                   items_required="Name", retention_days=3 * 365)
    rules[rule.key] = rule
    try:
        page = soup(app.test_client().get("/en/privacy"))
        row = [tr for tr in page.select("#items tbody tr") if "Test service" in tr.get_text()]
        assert row and "3 years" in row[0].get_text()
    finally:
        rules.pop(rule.key)
    kept = dict(rules)
    rules.clear()
    try:
        page = soup(app.test_client().get("/en/privacy"))
        assert not page.select("#items tbody tr")
        assert "no service on this website collects personal data" in page.select_one("#items").get_text()
    finally:
        rules.update(kept)


def test_privacy_policy_never_lists_the_demo_kind(app):
    """Demo requests are enabled in tests (DEMO_SUBMISSIONS), as on a development site: their rule is
    registered and purged, but a public page does not offer them as a service."""
    from alleyweb.core.features import registry

    assert "demo" in registry(app).retention_rules
    for lang, label in (("ko", "시연용"), ("en", "Demo request")):
        page = soup(app.test_client().get(f"/{lang}/privacy"))
        assert page.select("#items tbody tr")
        assert label not in page.get_text()


def test_accessibility_statement(client):
    page = soup(client.get("/ko/accessibility"))
    assert page.h1.get_text(strip=True) == "웹 접근성 안내"
    assert "WCAG 2.1" in page.get_text() and "KWCAG" in page.get_text()
