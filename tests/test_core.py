"""Health checks, sitemap, robots.txt and the text-size control."""

from xml.etree import ElementTree

from tests.helpers import soup
from tests.pages import gated_paths

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_readyz(client):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok", "database": "ok"}


def test_sitemap_lists_every_public_page_in_both_languages(app, client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    tree = ElementTree.fromstring(response.data)  # noqa: S314 - our own sitemap
    locs = [url.find("s:loc", NS).text for url in tree.findall("s:url", NS)]
    expected = {f"http://localhost{p}" for p in gated_paths(app) if "does-not-exist" not in p}
    assert set(locs) == expected
    assert len(locs) == len(set(locs))
    for url in tree.findall("s:url", NS):
        alternates = {link.get("hreflang") for link in url.findall("x:link", NS)}
        assert alternates == {"ko", "en", "x-default"}
    assert not [loc for loc in locs if "/staff" in loc]


def test_sitemap_takes_pages_declared_by_features(app):
    from alleyweb import create_app, load_features
    from alleyweb.config import TestingConfig
    from alleyweb.core import sitemap
    from alleyweb.core.features import Feature

    def source():
        yield "home.privacy", {"section": "x"}

    extra = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                       features=[*load_features(), Feature("extra", sitemap_pages=(source,))])
    with extra.test_request_context():
        assert "/ko/privacy?section=x" in sitemap.public_urls("ko", records=True)
    with app.test_request_context():  # the suite's own app has no such page
        assert "/ko/privacy?section=x" not in sitemap.public_urls("ko")


def test_robots_points_at_the_sitemap(client):
    body = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in body
    assert "Disallow: /ko/staff/" in body


def test_text_size_works_without_javascript(app):
    client = app.test_client()
    response = client.get("/text-size?size=xl&next=/en/privacy%3Fa%3D1")
    assert response.status_code == 303
    assert response.headers["Location"] == "/en/privacy?a=1"
    assert "text_size=xl" in response.headers["Set-Cookie"]
    page = soup(client.get("/en/privacy?a=1"))
    assert "ts-xl" in page.html["class"]
    pressed = page.select_one('button[name=size][aria-pressed="true"]')
    assert pressed["value"] == "xl"
    assert page.select_one("form.text-size input[name=next]")["value"] == "/en/privacy?a=1"


def test_text_size_ignores_unknown_sizes_and_unsafe_redirects(app):
    client = app.test_client()
    for raw in ["//evil.example", "https://evil.example/", "/%5Cevil.example", "/%09/evil.example",
                "/%2509/evil.example", "%2F%2Fevil.example", "javascript:alert(1)", "/%0d%0aSet-Cookie:x=1"]:
        response = client.get(f"/text-size?size=huge&next={raw}")
        target = raw
        assert response.status_code == 303
        assert response.headers["Location"] == "/ko/", target
        assert "text_size" not in response.headers.get("Set-Cookie", "")
    assert "ts-md" in soup(client.get("/ko/")).html["class"]


def test_kept_values_belong_to_their_app(app):
    """Two apps in one process, on the same database (so with the same data versions): a value one of them
    keeps per version or for some seconds is never handed to the other."""
    from alleyweb import create_app
    from alleyweb.config import TestingConfig
    from alleyweb.core.cache import TimedCache, VersionedCache

    other = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    versioned, timed = VersionedCache(size=8), TimedCache(size=8)
    for owner in (app, other, app):
        with owner.app_context():
            assert versioned.get_or_make("page", 7, lambda owner=owner: owner) is owner
            assert timed.get_or_make("figures", 60, lambda owner=owner: owner) is owner
