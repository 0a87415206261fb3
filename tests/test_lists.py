"""Links to other pages of a list: the one-prefix form writes what url_for writes, link for link."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from flask import g

from alleyweb.core.lists import page_link, page_url

QUERIES = [
    "/ko/stores",
    "/ko/stores?q=%EA%B9%80&page=50",
    "/en/stores?page=3&dong=2914065000&category=food&accepts=digital&q=a%26b%3Dc%23d+e",
    "/ko/stores?lang=en&_external=1&_anchor=x&q=%ED%95%9C",
]


@pytest.mark.parametrize("address", QUERIES)
@pytest.mark.parametrize("endpoint", ["stores.index", "staff.console.queue", "staff.console.audit"])
def test_page_link_writes_what_page_url_writes(app, address, endpoint):
    with app.test_request_context(address):
        g.lang = "en" if address.startswith("/en/") else "ko"
        link = page_link(endpoint)
        for number in (1, 2, 49, 50, 51, 9999):
            assert link(number) == page_url(endpoint, number)
        query = dict(parse_qsl(urlsplit(link(7)).query))
        assert query["page"] == "7"
        assert "lang" not in query and not any(key.startswith("_") for key in query)
        if "q=" in address:
            assert query["q"] == dict(parse_qsl(urlsplit(address).query))["q"]
