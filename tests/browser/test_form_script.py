"""The site script's double-submit guard: a double-clicked button sends the form once, with the button's
own name and value (a disabled button would drop them)."""

from __future__ import annotations

from tests.browser.navigation import click_and_load


def test_a_double_click_sends_the_form_once_with_the_buttons_value(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    posts = []
    page.on("request", lambda request: posts.append(request.post_data) if request.method == "POST" else None)
    page.goto(f"{live_server}/ko/status", wait_until="load")
    page.fill("#receipt_no", "AAAAA-AAAAA")
    page.fill("#phone_last4", "1234")
    page.evaluate("document.querySelector('main button[type=submit]').setAttribute('name', 'action')")
    page.evaluate("document.querySelector('main button[type=submit]').setAttribute('value', 'check')")
    click_and_load(page, "main button[type=submit]", double=True)
    page.wait_for_selector(".notice-error")
    assert len(posts) == 1 and "action=check" in posts[0]
    context.close()
