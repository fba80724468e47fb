"""axe-core on every page: no WCAG 2.2 A/AA (or axe best-practice) violation.

In both palettes, at desktop and phone width, after hovering and focusing the interactive
elements (their colours change), with search open, and after instant navigation.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page

from tests.site.pages import open_page, page_paths
from tools import questionnaire as tool
from tools.browser import Tab

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Axe()
OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
SCHEMES = {"light": "default", "dark": "slate"}
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TARGET = "data-axe-target"
# Interactive elements whose colours change on hover or focus; a few of each kind are checked.
# (The search field opens the search dialog when focused: test_open_search_is_accessible.)
INTERACTIVE = (
    ".md-header__button",
    ".md-header__option label",
    ".md-sidebar--primary a.md-nav__link",
    ".md-sidebar--secondary a.md-nav__link",
    ".md-typeset a",
    ".md-typeset button",
    ".md-typeset input",
    ".md-tag",
    ".md-footer__link",
    ".md-top",
)
PER_KIND = 2
NAV_PAGES = ("emergency-to-escalation/", "escalation-levels/", "tags/", "security/")


def violations(page: Page, context: str | None = None) -> list[str]:
    """axe's violations on the page (or in one element), one line per rule and element."""
    settle(page)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.axe_script)  # once per document: it is half a megabyte
    response = page.evaluate(
        "([context, options]) => axe.run(context || document, options)", [context, OPTIONS]
    )
    return [
        f"{rule['id']} at {node['target']}: {node.get('failureSummary', '')}"
        for rule in response["violations"]
        for node in rule["nodes"]
    ]


HIT_TEST = """(element) => {
  element.scrollIntoView({block: 'center'});
  const box = element.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return false;
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return hit !== null && element.contains(hit);
}"""


def hoverable(page: Page) -> Iterator[Locator]:
    """The first few elements of each interactive kind that a pointer can reach right now."""
    for selector in INTERACTIVE:
        elements = page.locator(selector)
        taken = 0
        for index in range(elements.count()):
            element = elements.nth(index)
            if taken < PER_KIND and element.evaluate(HIT_TEST):
                taken += 1
                yield element


SETTLE = """async () => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  await frame();
  await frame();
  // A cancelled transition (its element replaced) rejects `finished`: it is over too.
  const ends = document.getAnimations().map((animation) => animation.finished.catch(() => null));
  await Promise.all(ends);
}"""


def settle(page: Page) -> None:
    """Let pending style changes start and transitions end: axe must judge final colours."""
    page.evaluate(SETTLE)


def interaction_violations(page: Page) -> list[str]:
    """Hover, then focus, each reachable element, and run axe on it in that state."""
    found = []
    for element in hoverable(page):
        name = element.evaluate("(element) => element.outerHTML.slice(0, 80)")
        element.evaluate(f"(element) => element.setAttribute('{TARGET}', '')")
        element.hover(timeout=5_000)
        found += [f"hover {name}: {line}" for line in violations(page, f"[{TARGET}]")]
        page.mouse.move(0, 0)
        element.focus()
        found += [f"focus {name}: {line}" for line in violations(page, f"[{TARGET}]")]
        element.evaluate(f"(element) => element.removeAttribute('{TARGET}')")
        element.blur()
        page.keyboard.press("Escape")
    return found


def open_in(tab: Tab, path: str, scheme: str) -> Page:
    """Open a page in a palette at desktop width; check the palette took effect."""
    page = tab.page
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.set_viewport_size(DESKTOP)
    open_page(page, path)
    assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
    return page


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", page_paths())
def test_page_is_accessible(tab: Tab, path: str, scheme: str) -> None:
    """At rest, after hover and focus, at desktop and at phone width."""
    page = open_in(tab, path, scheme)
    found = violations(page)
    found += interaction_violations(page)
    page.set_viewport_size(PHONE)
    page.wait_for_function("() => window.innerWidth === 390")
    found += violations(page)
    found += interaction_violations(page)
    assert found == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_open_search_is_accessible(tab: Tab, scheme: str) -> None:
    """The search dialog, open with results, has a name and readable results."""
    page = open_in(tab, "", scheme)
    page.locator("input.md-search__input").click()
    page.keyboard.type("escalation")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0")
    assert violations(page) == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_pages_reached_by_instant_navigation_are_accessible(tab: Tab, scheme: str) -> None:
    """Pages swapped in by instant navigation keep the fixes (labels, focusable wrappers)."""
    page = open_in(tab, "", scheme)
    found = []
    for path in NAV_PAGES:
        link = page.locator(f".md-sidebar--primary a.md-nav__link[href$='/{path}']")
        title = link.inner_text().strip()
        link.click()
        page.wait_for_function(
            """([path, title]) => location.pathname === path
              && document.querySelector('article h1')?.textContent.includes(title)""",
            arg=[f"/{path}", title],
        )
        page.wait_for_load_state("networkidle")
        found += [f"{path}: {line}" for line in violations(page)]
    assert found == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_emergencies_list_is_accessible_in_use(tab: Tab, scheme: str) -> None:
    """(Issue 21) The tool page with its list of emergencies open (two held, one shown): at
    rest, and with each of its buttons hovered, then focused."""
    page = open_in(tab, "", scheme)
    held_answers = ({"hours_running": 4, "customer": "Acme"}, {"hours_running": 1})
    for held, answers in enumerate(held_answers):
        page.goto("index.html")
        page.goto(tool.link(answers, newest_id(page)))
        page.wait_for_function(
            "(held) => Object.keys(localStorage).filter((k) => k.includes(':emergency:')).length"
            " === held",
            arg=held + 1,
        )
    page.locator("#dt-emergencies > summary").click()
    buttons = page.locator("#dt-emergencies button")
    page.wait_for_function("() => document.querySelectorAll('#dt-emergencies-list li').length")
    found = violations(page)
    for index in range(buttons.count()):
        button = buttons.nth(index)
        button.evaluate(f"(element) => element.setAttribute('{TARGET}', '')")
        button.hover()
        found += [f"hover {index}: {line}" for line in violations(page, f"[{TARGET}]")]
        page.mouse.move(0, 0)
        button.focus()
        found += [f"focus {index}: {line}" for line in violations(page, f"[{TARGET}]")]
        button.evaluate(f"(element) => element.removeAttribute('{TARGET}')")
    assert found == []


def newest_id(page: Page) -> str:
    """An emergency id not held yet (16 hex digits)."""
    return page.evaluate(
        "() => [...crypto.getRandomValues(new Uint8Array(8))]"
        ".map((b) => b.toString(16).padStart(2, '0')).join('')"
    )
