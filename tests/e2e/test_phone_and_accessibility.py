"""Issue 18, items 1 and 2: every page a demo role reaches fits a 360 px phone and has no axe-core violation.

Per demo role, one crawl: from the start page and the menu, same-origin GET links to a bounded depth, one
page per URL pattern (ids and dates folded), leaving out logging out, downloads, exports, the API and
Django's own admin. A page is checked in four browser contexts at once: Dutch and English (switched with
the site's own language switch), each at 360 px and at 1280 px. Every visit looks for repeated ids (a rule
axe-core 4.x retired); the phone visits measure sideways scrolling; axe-core's WCAG 2.1 A and AA rules run
in three of the four contexts (VARIANTS says which and why). The two tests below share that one sweep and
fail listing page + rule + target.

What is checked where (each cut keeps what the check proves; the reasons are next to ROLES and VARIANTS):
- every role's start page and menu pages (depth 0) are checked for that role: they carry the role's menu
  and the role's own start content;
- a deeper page (depth 1 and 2) is checked once, for the first role in ROLES that reaches its URL pattern;
  later roles still open it in the crawling context, for its links and its HTTP status (a link a role is
  offered must not answer 403 or 500 to that role), but do not check it again.
Per role the summary (test-artifacts/phone-and-axe.json, and the failure message) gives the pages reached,
the pages checked for that role and the axe runs.

axe-core comes from npm (package.json) and is injected with Playwright's add_script_tag; the contexts
bypass the Content Security Policy only so that the injected script may run, the pages are unchanged.
While one context's axe run works in its own renderer process, the next context loads its page: the
server answers one request at a time, the browser checks four pages side by side.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.conftest import DEMO_PASSWORD, SCREENSHOTS, open_menu

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
MAX_DEPTH = 2  # start page and menu = 0, the links on them = 1, the links on those = 2
MAX_PAGES = 80  # per role: a guard against a crawl that runs away (endless "next month" links)

# One login per demo role (README, "Demo-logins"); Helmond has the fuller demo data. The order matters: a
# deeper page is checked for the first role that reaches its pattern. Peer workers come first (they work on
# phones; their pages are the ones most used at 360 px), then the coordinator, who reaches the most pages.
# A later role's view of the same pattern is the same template with other rows and buttons; the start
# pages and menus, where the roles differ most, are still checked for every role.
ROLES = [
    "peer.helmond",
    "coordinator.helmond",
    "professional.helmond",
    "teamlead.helmond",
    "policy.helmond",
    "beheer",
]
# (label, viewport, English?, axe?); the first one crawls. Overflow is measured in both phone contexts
# (English words are longer: a Dutch page that fits may not), repeated ids in all four (cheap).
# axe runs where a violation can differ: both widths in Dutch, because the layout changes (the menu folds
# away behind "Menu" at 360 px, tables scroll in their own region, so visibility, landmarks, scrollable
# regions and contrast over other backgrounds differ), and English once, at desktop width, where the
# menu and every label are visible, because what a language changes is text (lang, names of links,
# buttons and fields, the translated labels). English at 360 px would repeat the Dutch phone layout with
# the English text that en-desktop already checked, and with the folded menu's labels hidden from axe.
VARIANTS = [
    ("nl-phone", PHONE, False, True),
    ("nl-desktop", DESKTOP, False, True),
    ("en-desktop", DESKTOP, True, True),
    ("en-phone", PHONE, True, False),
]
AXE_VARIANTS = sum(1 for *_, axe in VARIANTS if axe)

# Not pages of ours to check: leaving, files, the API and its docs (Swagger UI), Django's own admin.
SKIP = re.compile(
    r"(uitloggen|logout|download|export|[./](pdf|xlsx|csv|json|zip|ics)/?$|^/api/|^/admin/|^/static/|^/media/)"
)
ID_SEGMENT = re.compile(
    r"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+|\d{4}-\d{2}(-\d{2})?|[A-Za-z0-9_-]{20,})$"
)

LINKS_JS = "() => Array.from(document.querySelectorAll('a[href]:not([download])')).map(a => a.href)"
MENU_JS = "() => Array.from(document.querySelectorAll('.ew-nav a[href]')).map(a => a.href)"
OVERFLOW_JS = "() => [document.documentElement.scrollWidth, window.innerWidth]"
DUPLICATE_IDS_JS = """() => { const seen = new Set(), doubled = new Set();
  for (const el of document.querySelectorAll('[id]')) { (seen.has(el.id) ? doubled : seen).add(el.id); }
  return Array.from(doubled); }"""
AXE_START_JS = """(tags) => { window.__ewAxe = axe.run(document,
  {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(result => result.violations.map(v => ({rule: v.id, targets: v.nodes.map(n => n.target.join(' '))})));
}"""
AXE_RESULT_JS = "async () => await window.__ewAxe"


def _pattern(path: str) -> str:
    """/pool/3f2a…/ervaring/ and /pool/9c1b…/ervaring/ are one page to check."""
    return "/".join("<id>" if ID_SEGMENT.match(part) else part for part in path.split("/"))


@dataclass(frozen=True)
class Problem:
    kind: str  # "overflow", "status" or "axe"
    text: str

    def __str__(self):
        return self.text


class Scan:
    """What one role's sweep found."""

    def __init__(self, role):
        self.role = role
        self.pages: list[str] = []  # every page the role reaches (pattern once)
        self.checked: list[str] = []  # those checked for this role (the rest: for an earlier role)
        self.scans = 0  # axe runs
        self.problems: list[Problem] = []


class Tab:
    """One browser context (language × width), logged in as the role."""

    def __init__(self, browser, base_url, scan: Scan, label, viewport, english, axe):
        self.scan, self.label, self.phone, self.axe = scan, label, viewport is PHONE, axe
        self.context = browser.new_context(viewport=viewport, locale="nl-NL", bypass_csp=True)
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.pending: str | None = None  # the path whose axe run is still going
        self.page.goto(f"{base_url}/inloggen/")
        self.page.get_by_label("Gebruikersnaam").fill(scan.role)
        self.page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
        self.page.get_by_role("button", name="Inloggen").click()
        self.page.wait_for_load_state("domcontentloaded")
        if english:  # through the site's own switch in the header (in the folded menu on a phone)
            open_menu(self.page)
            self.page.locator("#language-select").select_option("en")
            self.page.get_by_role("button", name="Taal wijzigen").click()
            self.page.wait_for_load_state("domcontentloaded")
            assert self.page.locator("html").get_attribute("lang") == "en"

    def _problem(self, kind, path, text):
        self.scan.problems.append(Problem(kind, f"{self.label} {path}: {text}"))

    def start(self, url, check: bool = True) -> list[str] | None:
        """Open a page, check width and ids, start axe on it; the page's links, or None for a download.
        With check=False only the HTTP status is checked (a page already checked for an earlier role)."""
        self.finish()
        try:
            response = self.page.goto(url)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                return None
            raise
        path = urlsplit(self.page.url).path
        if response is not None and response.status >= 400:
            self._problem("status", path, f"HTTP {response.status} for a link the role is offered")
            return []
        if not check:
            return self.page.evaluate(LINKS_JS)
        if self.phone:
            scroll_width, inner_width = self.page.evaluate(OVERFLOW_JS)
            if scroll_width > inner_width:
                self._problem("overflow", path, f"{scroll_width} px wide on a {inner_width} px screen")
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                name = re.sub(r"[^a-z0-9]+", "-", f"overflow-{self.scan.role}-{self.label}-{path}".lower())
                self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        for duplicate in self.page.evaluate(DUPLICATE_IDS_JS):
            self._problem("axe", path, f"duplicate id {duplicate}")
        links = self.page.evaluate(LINKS_JS)
        if self.axe:
            self.page.add_script_tag(path=str(AXE))
            self.page.evaluate(AXE_START_JS, WCAG_TAGS)
            self.pending = path
        return links

    def finish(self):
        if self.pending is None:
            return
        for violation in self.page.evaluate(AXE_RESULT_JS):
            targets = violation["targets"]
            more = f" (+{len(targets) - 5} more)" if len(targets) > 5 else ""
            self._problem("axe", self.pending, f"{violation['rule']} on {', '.join(targets[:5])}{more}")
        self.scan.scans += 1
        self.pending = None

    def close(self):
        self.finish()
        self.context.close()


def sweep_role(browser, base_url, username, checked: set[str]) -> Scan:
    """Crawl as `username` (breadth first, in the Dutch phone context) and check in all four contexts the
    start page, the menu pages and each deeper page whose pattern is not in `checked` (done for an earlier
    role); adds what it checked to `checked`."""
    scan = Scan(username)
    tabs = [Tab(browser, base_url, scan, *variant) for variant in VARIANTS]
    crawler = tabs[0]
    origin = urlsplit(base_url)
    queue = [(crawler.page.url, 0)] + [(href, 0) for href in crawler.page.evaluate(MENU_JS)]
    seen: set[str] = set()
    try:
        while queue:
            url, depth = queue.pop(0)
            parts = urlsplit(url)
            if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc) or SKIP.search(parts.path):
                continue
            key = _pattern(parts.path)
            if key in seen:
                continue
            seen.add(key)
            assert len(scan.pages) < MAX_PAGES, f"{username}: more than {MAX_PAGES} pages; does a link loop?"
            url = parts._replace(fragment="").geturl()
            check = depth == 0 or key not in checked
            links = crawler.start(url, check=check)
            if links is None:  # a file, not a page
                continue
            scan.pages.append(parts.path)
            if check:
                checked.add(key)
                scan.checked.append(parts.path)
                for tab in tabs[1:]:
                    tab.start(url)
            if depth < MAX_DEPTH:
                queue.extend((href, depth + 1) for href in links)
    finally:
        for tab in tabs:
            tab.close()
    return scan


@pytest.fixture(scope="module")
def sweep(browser, live_server, django_db_setup, django_db_blocker):
    """One demo load and one crawl per role, shared by the two tests below. The demo data goes when the
    first test ends (its live-server teardown clears the tables); a sweep that breaks is raised there."""
    assert AXE.exists(), "axe-core is missing: run `npm install` (package.json)"
    with django_db_blocker.unblock(), override_settings(EW_DEMO=True):
        try:
            call_command("load_demo", "--quiet-logins")
            checked: set[str] = set()  # URL patterns checked so far, across the roles
            scans = [sweep_role(browser, live_server.url, username, checked) for username in ROLES]
        except Exception as error:  # noqa: BLE001 - re-raised by the tests, after which the tables are cleared
            return error
    summary = {
        "pages": sum(len(scan.pages) for scan in scans),
        "checked": sum(len(scan.checked) for scan in scans),
        "scans": sum(scan.scans for scan in scans),
        "roles": {
            scan.role: {"pages": scan.pages, "checked": scan.checked, "scans": scan.scans} for scan in scans
        },
    }
    SCREENSHOTS.parent.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS.parent / "phone-and-axe.json").write_text(json.dumps(summary, indent=1))
    return scans


@pytest.fixture
def scans(sweep, live_server):
    """The sweep's result; `live_server` makes this a live-server test, whose teardown empties the tables."""
    if isinstance(sweep, Exception):
        raise sweep
    return sweep


def _report(scans, *kinds):
    lines = [str(problem) for scan in scans for problem in scan.problems if problem.kind in kinds]
    counts = ", ".join(
        f"{scan.role}: {len(scan.pages)} pages, {len(scan.checked)} checked, {scan.scans} axe runs"
        for scan in scans
    )
    return lines, f"{len(lines)} problems ({counts}):\n" + "\n".join(lines)


# Both tests share one sweep (module fixture): `--dist loadfile` in the Makefile keeps them on one xdist
# worker, or each worker would load the demo and crawl every role again (5 minutes each). Not
# `--dist loadgroup`: pytest-xdist 3.8 groups by rewriting a node id that pytest 9.2 no longer reads.
def test_every_page_of_every_demo_role_fits_a_360px_phone(scans):
    for scan in scans:
        assert len(scan.pages) > 3, f"{scan.role}: the crawl found only {scan.pages}"
    lines, message = _report(scans, "overflow", "status")
    assert not lines, message


def test_every_page_of_every_demo_role_has_no_axe_violations(scans):
    for scan in scans:
        assert scan.checked, f"{scan.role}: no page was checked"
        assert scan.scans == len(scan.checked) * AXE_VARIANTS, f"{scan.role}: not every page was scanned"
    lines, message = _report(scans, "axe")
    assert not lines, message
