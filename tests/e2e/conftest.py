"""Browser tests: the real pages in Debian's headless Chromium, driven by Playwright.

Every test here is marked `browser`; `make test` runs them in their own pass. Screenshots land in
test-artifacts/screenshots/ so a person can look at what the test saw.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the Django calls we make around it are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DEMO_PASSWORD = "demo-ervaringswerk"  # noqa: S105 - the documented public demo password


# The longest file first: `--dist loadfile` hands out files in collection order, and the five-minute crawl
# started last would leave one worker idle at the end while the other crawls.
FIRST = "test_phone_and_accessibility.py"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
    items.sort(key=lambda item: item.fspath.basename != FIRST)  # stable: the rest keep their order


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo(live_server, settings):
    """The demo municipalities, loaded into the live server's database."""
    from django.core.management import call_command

    settings.EW_DEMO = True  # as `make demo` runs it: DEBUG off, demo data permitted
    call_command("load_demo", "--quiet-logins")
    return live_server


def _new_page(browser, live_server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    page = context.new_page()
    # Generous: CI shares two cores between two browser workers; this is a wait limit, not a speed test.
    page.set_default_timeout(30_000)
    page.base_url = live_server.url
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _new_page(browser, live_server, 1280, 900)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context, page = _new_page(browser, live_server, 390, 844)
    yield page
    context.close()


def login(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real login page, as a person would."""
    page.goto(f"{page.base_url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("domcontentloaded")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_menu(page) -> None:
    """On a phone the menu folds away behind "Menu" (a <details>): open it, as a person would tap it."""
    toggle = page.locator(".ew-menu > summary")
    if toggle.is_visible() and page.locator(".ew-menu[open]").count() == 0:
        toggle.click()
