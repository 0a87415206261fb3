"""Headless Chromium (Debian's, through Playwright) for the page gates.

On a machine without Chromium the browser tests skip with the reason printed; in CI (CI=true) a
missing browser is a failure, so the gates can never silently stop running.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-dev-shm-usage"]


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    require(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def vnu_jar():
    jar = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    require(jar.exists(), "Nu HTML checker not installed: run `make test-tools` (needs npm)")
    require(shutil.which("java") is not None, "Java not found: apt-get install openjdk-17-jre-headless")
    return jar


@pytest.fixture(scope="session")
def screenshots_dir():
    path = ARTIFACTS / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def contexts(browser):
    """One browser context a width of the page gates (axe in every document), the pages' locale Korean."""
    from tests.browser.gates import WIDTHS, with_axe

    made = {}
    for name, (width, height) in WIDTHS.items():
        # bypass_csp lets axe be injected; the pages' own CSP is checked by the HTTP tests.
        made[name] = with_axe(browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True,
                                                  device_scale_factor=1, locale="ko-KR"))
    yield made
    for context in made.values():
        context.close()


@pytest.fixture(scope="module")
def tabs(contexts):
    """One tab per width, which the page tests take turns to load their page in."""
    return {name: context.new_page() for name, context in contexts.items()}
