"""Every page in Chromium under its CSP: no violation, no console error, no other host.

Also what a reader does with Material: search, switch the palette, navigate instantly and
back, copy a code block. Each of those breaks visibly when the CSP misses an inline script.
"""

from __future__ import annotations

import pytest

from tests.site.pages import (
    assert_clean,
    assert_page_loads_clean,
    open_page,
    page_paths,
    wait_material,
)
from tools.browser import Tab
from tools.questionnaire import TOOL_PAGE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SETTLE_MS = 20_000


def wait_path(tab: Tab, path: str) -> None:
    """Wait until the address bar shows this site path (instant navigation is same-document)."""
    tab.page.wait_for_function(
        "(path) => location.pathname === path", arg=f"/{path}", timeout=SETTLE_MS
    )


def mark_document(tab: Tab) -> None:
    """Leave a mark on the window that a full page load would erase."""
    tab.page.evaluate("() => { window.__sameDocument = true; }")


def same_document(tab: Tab) -> bool:
    """Whether the window still has the mark (no full page load happened)."""
    return tab.page.evaluate("() => window.__sameDocument === true")


@pytest.mark.parametrize("path", page_paths())
def test_page_loads_clean_under_its_csp(tab: Tab, site_url: str, path: str) -> None:
    """The page runs with the policy in force, and asks only its own origin for anything."""
    assert_page_loads_clean(tab, site_url, path)


def test_search_finds_the_guidance(tab: Tab, site_url: str) -> None:
    """Typing a query shows results (the search worker runs under worker-src 'self')."""
    page = tab.page
    open_page(page, "")
    page.locator("input.md-search__input").click()
    page.keyboard.type("escalation")
    page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__item').length > 0",
        timeout=SETTLE_MS,
    )
    links = page.locator(".md-search-result__item a").evaluate_all(
        "(links) => links.map((link) => link.getAttribute('href'))"
    )
    assert any(TOOL_PAGE in href for href in links)
    assert_clean(tab, site_url)


def test_palette_toggle_switches_and_persists(tab: Tab, site_url: str) -> None:
    """The toggle switches light to dark, and the choice survives a reload."""
    page = tab.page
    page.emulate_media(color_scheme="light")
    open_page(page, "")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
    page.locator("label[title='Switch to dark mode']").click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    page.reload(wait_until="networkidle")
    wait_material(page)
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    page.locator("label[title='Switch to light mode']").click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'default'")
    assert_clean(tab, site_url)


def test_instant_navigation_between_pages_and_back(tab: Tab, site_url: str) -> None:
    """Clicking the navigation swaps pages in place; back and forward work, the tool binds."""
    page = tab.page
    open_page(page, "")
    mark_document(tab)
    page.locator(".md-sidebar--primary a.md-nav__link[href$='escalation-levels/']").click()
    wait_path(tab, "escalation-levels/")
    page.wait_for_function(
        "() => document.querySelector('h1').textContent.includes('Escalation levels')"
    )
    page.locator(".md-sidebar--primary a.md-nav__link[href$='emergency-to-escalation/']").click()
    wait_path(tab, TOOL_PAGE)
    page.wait_for_function("() => document.querySelector('#decision-tool ~ form, form') !== null")
    page.go_back()
    wait_path(tab, "escalation-levels/")
    page.go_back()
    wait_path(tab, "")
    page.wait_for_function(
        "() => document.querySelector('h1').textContent.includes('Support Handbook')"
    )
    page.go_forward()
    wait_path(tab, "escalation-levels/")
    assert same_document(tab), "a full page load happened: instant navigation is broken"
    page.wait_for_load_state("networkidle")
    assert_clean(tab, site_url)


def test_code_block_copy_button(tab: Tab, site_url: str) -> None:
    """The copy button of a code block puts its text on the clipboard."""
    page = tab.page
    open_page(page, "security/")
    page.locator("pre").first.hover()
    page.locator("button.md-code__button[data-md-type='copy']").first.click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("Content-Security-Policy: default-src 'self'")
    assert_clean(tab, site_url)
