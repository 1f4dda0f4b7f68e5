"""Issue 18: focus visible on every stop of a keyboard walk through each role's daily pages, and the review
queue as cards on a phone (no table that scrolls sideways), approving a week in one tap."""

import pytest
from playwright.sync_api import expect

from .conftest import login, screenshot

pytestmark = pytest.mark.browser

# The pages each demo role opens every day (start page first). Every Tab stop on them must show a focus
# indicator: WCAG 2.4.7 (focus visible) and our own 3 px ring (1.4.11 contrast is checked by axe elsewhere).
WALKS = [
    ("peer.helmond", ["/mijn-werk/", "/uren/"]),
    ("coordinator.helmond", ["/pool/", "/uren/beoordelen/", "/verzoeken/wachtrij/"]),
    ("professional.utrecht", ["/verzoeken/", "/verzoeken/nieuw/"]),
    ("policy.utrecht", ["/monitoring/"]),
    ("beheer", ["/beheer/"]),
]
MAX_STOPS = 500  # more than any of these pages has (the review queue: about 4 per entry); beyond it: a trap

# For the focused element: is it shown, in view, and does it draw a ring (an outline of at least 2 px, or a
# box-shadow)? Whether it matches :focus-visible is reported, not required: Chromium's date fields never do
# (focus sits in their day/month/year parts), and the ring is what a person sees. Runs after each Tab.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  return {
    name: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " "
      + (el.textContent || el.name || "").trim().slice(0, 40),
    visible: box.width >= 1 && box.height >= 1 && style.visibility !== "hidden",
    inView: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
    focusVisible: el.matches(":focus-visible"),
    ring: outline || shadow,
  };
}"""


def _walk(page, path: str) -> int:
    page.goto(f"{page.base_url}{path}")
    page.wait_for_load_state("domcontentloaded")
    seen: list[str] = []
    problems: list[str] = []
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:  # past the last stop, focus left the document
            break
        if seen and state["name"] == seen[0] and len(seen) > 1:
            break
        seen.append(state["name"])
        if not (state["visible"] and state["inView"] and state["ring"]):
            problems.append(f"{path}: {state}")
    else:
        pytest.fail(f"{path}: more than {MAX_STOPS} Tab stops without leaving the page (a keyboard trap?)")
    assert not problems, "\n".join(problems)
    return len(seen)


def test_every_keyboard_stop_on_each_roles_daily_pages_shows_its_focus(demo, page):
    stops = {}
    for username, paths in WALKS:
        login(page, username)
        for path in paths:
            stops[path] = _walk(page, path)
        page.context.clear_cookies()
    # Each page was really walked (a page whose links could not take focus would end at once).
    assert all(count >= 5 for count in stops.values()), stops


def test_the_review_queue_is_cards_on_a_phone_and_a_week_is_approved_in_one_tap(demo, phone_page):
    page = phone_page
    login(page, "coordinator.helmond")
    page.goto(f"{page.base_url}/uren/beoordelen/")
    first = page.locator(".ew-review-table tbody tr").first
    expect(first).to_be_visible()
    layout = page.evaluate(
        """() => {
          const rows = [...document.querySelectorAll('.ew-review-table tbody tr')];
          const width = document.documentElement.clientWidth;
          return {
            overflow: document.documentElement.scrollWidth - width,
            cards: rows.every(r => getComputedStyle(r).display === 'block'),
            inside: rows.every(r => {
              const pick = r.querySelector('input[type=checkbox]').getBoundingClientRect();
              const approve = r.querySelector('button').getBoundingClientRect();
              return pick.right <= width && approve.right <= width;
            }),
            wraps: [...document.querySelectorAll('.ew-review-group .ew-table-wrap')].every(
              w => w.scrollWidth <= w.clientWidth),
            // A card's parts must not run over each other (a cell whose content is taller than the cell).
            fits: rows.every(r => [...r.cells].every(c => c.scrollHeight <= c.clientHeight + 1)),
          };
        }"""
    )
    assert layout == {"overflow": 0, "cards": True, "inside": True, "wraps": True, "fits": True}, layout
    # The labels a table's header gave are on each card.
    expect(first.locator("td[data-label]").first).to_be_visible()
    screenshot(page, "hours-review-queue-phone")
    group = page.locator(".ew-review-group", has=page.locator(".ew-week__head button")).first
    week = group.locator(".ew-week__head button")
    count = int(week.inner_text().split()[1])  # "De 5 regels van week 47 goedkeuren"
    approved = [box.get_attribute("value") for box in group.locator('input[name="entries"]').all()]
    assert len(approved) == count
    week.click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_text(f"{count} urenregels goedgekeurd.")).to_be_visible()
    left = {box.get_attribute("value") for box in page.locator('input[name="entries"]').all()}
    assert not left & set(approved)
