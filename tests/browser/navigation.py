"""Browser tests wait for events, never for time.

A click that submits a form or follows a link starts a navigation. Playwright's click returns when that
navigation has committed at best, and on a busy machine it may return before the browser has even
asked for it: the page is then the old document, or a new one that is still empty
(``document.documentElement`` is null until the parser has started) or half parsed (axe would check
half a page, the site script would not yet have moved focus). ``click_and_load`` returns once the new
document has fired ``load``; ``page.goto(url, wait_until="load")`` does the same for an address.
Only then does a test evaluate, query or take a screenshot.
"""

from __future__ import annotations


def click_and_load(page, selector: str, *, double: bool = False):
    """Click (or double-click) what ``selector`` finds and wait for the document it leads to: its
    navigation committed and its ``load`` event fired. Returns the navigation's response."""
    with page.expect_navigation(wait_until="load") as navigation:
        if double:
            page.dblclick(selector)
        else:
            page.click(selector)
    return navigation.value
