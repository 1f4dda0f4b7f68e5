"""The administrator's webhook pages in the browser (issue 17, item 3): a subscription is made with the
keyboard-reachable form, the secret is shown once, and both pages fit a 360 px phone with no axe-core
WCAG 2.1 A/AA violation."""

from pathlib import Path

from .conftest import login, screenshot

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_JS = """async () => (await axe.run(document, {runOnly: {type: 'tag',
  values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})).violations
  .map(v => v.id + ' ' + v.nodes.map(n => n.target.join(' ')).join(', '))"""
OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"


def _check(page, name):
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(AXE_JS) == [], name
    screenshot(page, name)


def test_the_administrator_subscribes_a_system_and_sees_the_secret_once(demo, browser, phone_page):
    # axe-core is injected as a script: this context lets it past the Content Security Policy.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.base_url = demo.url
    login(page, "beheerder.helmond")
    page.goto(f"{page.base_url}/beheer/webhooks/")
    _check(page, "webhooks-leeg")
    page.get_by_label("Naam").fill("Zaaksysteem Helmond")
    page.get_by_label("Adres (URL)").fill("http://127.0.0.1:9/ontvang")
    page.get_by_label("Aanbod geaccepteerd").check()
    page.get_by_label("Inzet beëindigd").check()
    page.get_by_role("button", name="Toevoegen").click()
    secret = page.locator("#webhook-secret").inner_text()
    assert secret.startswith("whsec_")
    _check(page, "webhooks-geheim")
    page.get_by_role("link", name="Naar het abonnement").click()
    assert secret not in page.content()
    _check(page, "webhooks-abonnement")

    login(phone_page, "beheerder.helmond")
    for path in ("/beheer/webhooks/", page.url.removeprefix(page.base_url)):
        phone_page.goto(f"{phone_page.base_url}{path}")
        assert phone_page.evaluate(OVERFLOW_JS) <= 0, path
    screenshot(phone_page, "webhooks-abonnement-telefoon")
    context.close()
