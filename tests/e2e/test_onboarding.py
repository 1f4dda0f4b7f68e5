"""Issue 13 in a real browser, all in Dutch: a new municipality starts without the host and without the
Django admin. The platform administrator creates "Gemeente Zutphen" (GM0301) and invites its
administrator; every person sets their own password from the e-mail link (read from Django's outbox, which
the live server shares with this process); the administrator adds organisations and invites a coordinator
and a professional; the coordinator imports the pool and invites the peer workers; the professional files
a request; the coordinator (at phone width) sees ranked candidates and offers; the peer worker gets the
offer by e-mail and in /meldingen/.

The pool is imported from an XLSX with Dutch headers ("Voornaam", "E-mailadres", "Startdatum", "Wijk",
...) and a column the platform does not know: the mapping step shows the suggested mapping (each known
column "voorgesteld", the unknown one kept aside), the coordinator confirms it, and the dry run fills the
missing capacity from the municipality's default and says so before anything is saved.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import open_menu, screenshot

PASSWORD = "zutphen-wachtwoord-2026"  # noqa: S105 - test value
PLATFORM_PASSWORD = "platform-wachtwoord-2026"  # noqa: S105 - test value


def _login(page, username, password):
    page.goto(f"{page.base_url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("domcontentloaded")


def _logout(page):
    open_menu(page)  # on a phone, logging out is in the folded menu
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state("domcontentloaded")


def _mail_to(address):
    found = [m for m in mail.outbox if address in m.to]
    assert found, f"no e-mail to {address}: {[m.to for m in mail.outbox]}"
    return found[-1]


def _accept_invitation(page, address, name):
    message = _mail_to(address)
    assert "72 uur" in message.body
    path = re.search(r"https?://[^/\s]+(/account/uitnodiging/\S+/)", message.body).group(1)
    page.goto(f"{page.base_url}{path}")
    expect(page.get_by_role("heading", name="Welkom bij Ervaringswerk")).to_be_visible()
    expect(page.get_by_text(name).first).to_be_visible()
    page.get_by_label("Kies een wachtwoord").fill(PASSWORD)
    page.get_by_label("Herhaal het wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Wachtwoord instellen").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_text("Uw wachtwoord is ingesteld")).to_be_visible()
    return path


@pytest.mark.django_db(transaction=True)
def test_a_municipality_starts_on_its_own(live_server, page, phone_page, tmp_path):
    from ervaringswerk.accounts.services import user_create
    from ervaringswerk.core.freetext import find_personal_data

    # deduce loads once per process (the live server is a thread of it): here, not inside the first POST
    find_personal_data("Binnenstad")
    user_create(username="platform", password=PLATFORM_PASSWORD, first_name="Platform", is_superuser=True)
    page.base_url = live_server.url
    phone_page.base_url = live_server.url

    # 1. The platform administrator creates Zutphen and invites its administrator.
    _login(page, "platform", PLATFORM_PASSWORD)
    page.goto(f"{page.base_url}/beheer/")
    page.get_by_role("link", name="Nieuwe gemeente aanmaken").click()
    page.get_by_label("Naam van de gemeente").fill("Gemeente Zutphen")
    page.get_by_label("CBS-gemeentecode").fill("0301")  # wrong first: a clear Dutch message, input kept
    page.locator("#id_neighbourhoods").fill("WK030101 Binnenstad\nDe Hoven;WK030102\nWarnsveld")
    page.get_by_label("Voornaam van de eerste beheerder").fill("Zeynep")
    page.get_by_label("Achternaam van de eerste beheerder").fill("Zandstra")
    page.get_by_label("E-mailadres van de eerste beheerder").fill("beheer@zutphen.example.org")
    page.get_by_role("button", name="Gemeente aanmaken en beheerder uitnodigen").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_text("GM met vier cijfers")).to_be_visible()
    assert page.get_by_label("Naam van de gemeente").input_value() == "Gemeente Zutphen"
    page.get_by_label("CBS-gemeentecode").fill("GM0301")
    page.get_by_role("button", name="Gemeente aanmaken en beheerder uitnodigen").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_text("Gemeente Zutphen is aangemaakt met 3 wijken")).to_be_visible()
    screenshot(page, "onboarding-01-municipality-created")
    _logout(page)

    # 2. The administrator chooses a password from the e-mail link; the link works once.
    path = _accept_invitation(page, "beheer@zutphen.example.org", "Zeynep")
    page.goto(f"{page.base_url}{path}")
    expect(page.get_by_text("al gebruikt")).to_be_visible()
    screenshot(page, "onboarding-02-link-used")
    _login(page, "beheer@zutphen.example.org", PASSWORD)
    expect(page.get_by_role("heading", name="Uw gemeente klaarzetten")).to_be_visible()
    screenshot(page, "onboarding-03-checklist")

    # 3. Organisations: a welfare organisation (the pool) and a neighbourhood team.
    page.get_by_role("region", name="Beheer van gemeente Zutphen").get_by_role(
        "link", name="Organisaties"
    ).click()
    for name, kind, wijk in [
        ("Welzijn Zutphen", "welfare", None),
        ("Wijkteam Binnenstad", "neighbourhood_team", "Binnenstad"),
    ]:
        page.get_by_role("link", name="Organisatie toevoegen").click()
        page.get_by_label("Naam", exact=True).fill(name)
        page.get_by_label("Soort").select_option(kind)
        if wijk:
            page.get_by_label(wijk).check()
        page.get_by_label("E-mailadres contact").fill("info@zutphen.example.org")
        page.get_by_role("button", name="Opslaan").click()
        page.wait_for_load_state("domcontentloaded")
        expect(page.get_by_text(f"Organisatie {name} is toegevoegd")).to_be_visible()
    screenshot(page, "onboarding-04-organisations")

    # 4. Invite a coordinator and a professional.
    for first, email, organisation, role in [
        ("Carla", "coordinator@zutphen.example.org", "Welzijn Zutphen", "coordinator"),
        ("Pieter", "professional@zutphen.example.org", "Wijkteam Binnenstad", "professional"),
    ]:
        page.goto(f"{page.base_url}/beheer/gebruikers/uitnodigen/")
        page.get_by_label("Voornaam").fill(first)
        page.get_by_label("Achternaam").fill("Zutphen")
        page.get_by_label("E-mailadres").fill(email)
        page.get_by_label("Organisatie").select_option(label=organisation)
        page.get_by_label("Rol").select_option(role)
        page.get_by_role("button", name="Uitnodiging versturen").click()
        page.wait_for_load_state("domcontentloaded")
        expect(page.get_by_text(f"De uitnodiging is verstuurd naar {email}")).to_be_visible()
    expect(page.get_by_text("Uitgenodigd, nog geen wachtwoord gekozen").first).to_be_visible()
    screenshot(page, "onboarding-05-users")
    _logout(page)
    _accept_invitation(page, "coordinator@zutphen.example.org", "Carla")
    _accept_invitation(page, "professional@zutphen.example.org", "Pieter")

    # 5. The coordinator, on a phone, imports the pool and invites the peer workers.
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["Voornaam", "Achternaam", "E-mailadres", "Startdatum", "Wijk", "Uren per week", "Opmerking"]
    )
    sheet.append(["Esra", "Yilmaz", "esra@zutphen.example.org", "01-09-2025", "Binnenstad", 8, "loopt goed"])
    sheet.append(["Joost", "de Vries", "joost@zutphen.example.org", "15-10-2025", "Warnsveld", 6, ""])
    pool_file = tmp_path / "pool Zutphen.xlsx"
    workbook.save(pool_file)
    phone = phone_page
    _login(phone, "coordinator@zutphen.example.org", PASSWORD)
    expect(phone.get_by_role("heading", name="Uw gemeente klaarzetten")).to_be_visible()
    phone.goto(f"{phone.base_url}/pool/import/")
    phone.get_by_label("Bestand (CSV of XLSX)").set_input_files(str(pool_file))
    phone.get_by_role("button", name="Controleren (nog niet opslaan)").click()
    phone.wait_for_load_state("domcontentloaded")
    # the mapping step: the suggestion from the Dutch headers, the unknown column kept aside
    expect(phone.get_by_role("heading", name="Kolommen koppelen")).to_be_visible()
    suggested = {
        "Voornaam": "voornaam",
        "Achternaam": "achternaam",
        "E-mailadres": "email",
        "Startdatum": "in_pool_sinds",
        "Wijk": "wijken",
        "Uren per week": "uren_per_week",
        "Opmerking": "",
    }
    for header, target in suggested.items():
        assert phone.get_by_label(header, exact=True).input_value() == target, header
    assert phone.get_by_text("voorgesteld", exact=True).count() == 6
    expect(phone.get_by_text("Apart gehouden (niet geïmporteerd): Opmerking")).to_be_visible()
    expect(
        phone.get_by_text("2 rij(en) zonder maximaal aantal bewoners: de standaard van uw gemeente")
    ).to_be_visible()
    screenshot(phone, "onboarding-06a-import-mapping-phone")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    # confirm the mapping as suggested: the dry run again, then the import
    phone.get_by_role("button", name="Koppeling controleren (nog niet opslaan)").click()
    phone.wait_for_load_state("domcontentloaded")
    expect(phone.get_by_text("Voorbeeld: 2 rijen zijn in orde.")).to_be_visible()
    assert phone.get_by_label("E-mailadres", exact=True).input_value() == "email"
    phone.get_by_role("button", name="2 ervaringsdeskundigen importeren").click()
    phone.wait_for_load_state("domcontentloaded")
    phone.goto(f"{phone.base_url}/pool/")
    expect(phone.get_by_text("2 ervaringsdeskundigen in uw pool hebben een e-mailadres")).to_be_visible()
    screenshot(phone, "onboarding-06-pool-invite-phone")
    phone.get_by_role("button", name="Uitnodigen om in te loggen").click()
    phone.wait_for_load_state("domcontentloaded")
    expect(phone.get_by_text("2 ervaringsdeskundigen hebben een uitnodiging")).to_be_visible()
    _logout(phone)
    _accept_invitation(page, "esra@zutphen.example.org", "Esra")

    # 6. The professional files a request.
    _login(page, "professional@zutphen.example.org", PASSWORD)
    expect(page.get_by_text("Nog geen verzoeken. Zo vraagt een team een ervaringsdeskundige")).to_be_visible()
    page.get_by_role("link", name="Nieuw verzoek").click()
    page.get_by_label("Korte omschrijving").fill("Meedenken over de inloop")
    page.get_by_label("Soort inzet").select_option("consultation")
    page.get_by_label("Uren per week").fill("2")
    page.get_by_label("Urgentie").select_option("2")
    page.get_by_label("Wijk").select_option(label="Binnenstad")
    page.get_by_role("button", name="Verzoek indienen").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_role("heading", level=1, name="Meedenken over de inloop")).to_be_visible()
    request_url = page.url
    _logout(page)

    # 7. The coordinator, on a phone, sees ranked candidates and offers the request to Esra.
    _login(phone, "coordinator@zutphen.example.org", PASSWORD)
    phone.goto(request_url)
    expect(phone.get_by_role("heading", name="Kandidaten uit uw pool")).to_be_visible()
    esra = phone.get_by_role("article").filter(has_text="Esra Yilmaz")
    expect(esra).to_be_visible()
    screenshot(phone, "onboarding-07-candidates-phone")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    esra.get_by_role("button", name="Aanbieden aan Esra").click()
    phone.wait_for_load_state("domcontentloaded")
    expect(phone.get_by_text("Het aanbod is verstuurd naar Esra Yilmaz")).to_be_visible()
    _logout(phone)

    # 8. Esra gets the offer by e-mail and in /meldingen/.
    offer_mail = _mail_to("esra@zutphen.example.org")
    assert offer_mail.subject == "Ervaringswerk: Nieuw aanbod voor u"
    _login(page, "esra@zutphen.example.org", PASSWORD)
    assert page.locator(".ew-notifications-link .ew-badge").inner_text().startswith("1")
    page.goto(f"{page.base_url}/meldingen/")
    expect(page.get_by_text("Nieuw aanbod voor u")).to_be_visible()
    screenshot(page, "onboarding-08-notifications")
    page.get_by_role("button", name="Bekijken").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_role("button", name="Aanbod accepteren")).to_be_visible()
