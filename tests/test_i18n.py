"""Languages: the URL prefix, the remembered choice, the switch and hreflang alternates."""

from tests.helpers import soup


def test_root_defaults_to_korean(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/ko/"


def test_root_follows_accept_language(client):
    response = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response.headers["Location"] == "/en/"
    response = client.get("/", headers={"Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5"})
    assert response.headers["Location"] == "/ko/"
    response = client.get("/", headers={"Accept-Language": "fr-FR"})
    assert response.headers["Location"] == "/ko/"


def test_root_remembers_the_last_language_read(app):
    client = app.test_client()
    page = client.get("/en/privacy")
    assert "lang=en" in page.headers.get("Set-Cookie", "")
    # The remembered choice beats the browser's language.
    response = client.get("/", headers={"Accept-Language": "ko"})
    assert response.headers["Location"] == "/en/"
    client.get("/ko/")
    assert client.get("/", headers={"Accept-Language": "en"}).headers["Location"] == "/ko/"


def test_unknown_language_prefix_is_404(client):
    for path in ["/fr/", "/jp/privacy", "/KO/", "/kor/"]:
        assert client.get(path).status_code == 404


def test_pages_are_in_the_language_of_their_prefix(client):
    ko = soup(client.get("/ko/"))
    en = soup(client.get("/en/"))
    assert ko.html["lang"] == "ko"
    assert en.html["lang"] == "en"
    assert ko.select_one(".skip-link").get_text(strip=True) == "본문 바로가기"
    assert en.select_one(".skip-link").get_text(strip=True) == "Skip to main content"
    assert "개인정보처리방침" in ko.select_one(".privacy-link").get_text()


def test_language_switch_keeps_path_and_query(client):
    page = soup(client.get("/ko/privacy?from=mail&x=%ED%95%9C"))
    switch = page.select_one("a.lang-switch")
    assert switch["href"] == "/en/privacy?from=mail&x=%ED%95%9C"
    assert switch["lang"] == "en" and switch["hreflang"] == "en"
    back = soup(client.get(switch["href"])).select_one("a.lang-switch")
    assert back["href"] == "/ko/privacy?from=mail&x=%ED%95%9C"


def test_hreflang_alternates_are_absolute_and_complete(client):
    page = soup(client.get("/en/accessibility"))
    links = {link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')}
    assert links == {
        "ko": "http://localhost/ko/accessibility",
        "en": "http://localhost/en/accessibility",
        "x-default": "http://localhost/ko/accessibility",
    }
    assert page.select_one('link[rel="canonical"]')["href"] == "http://localhost/en/accessibility"


def test_error_pages_follow_the_language_of_the_path(client):
    assert soup(client.get("/en/no-such-page")).html["lang"] == "en"
    assert soup(client.get("/ko/no-such-page")).html["lang"] == "ko"
    assert soup(client.get("/no-such-page", headers={"Accept-Language": "en"})).html["lang"] == "en"
