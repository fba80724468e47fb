"""WCAG 2.2 AA on the tool page in use: axe-core filled and with errors in both palettes, the
questionnaire done and a text copied by keyboard alone, the recommendation in a live region."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.trust.corpus import BASE_ANSWERS
from tools import questionnaire as tool
from tools.browser import Tab

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
PALETTES = {"light": "default", "dark": "slate"}
# True once no CSS transition has run for 400 ms (the header title's cross-fade starts a frame or
# two after the scroll, so one look is not enough).
CALM = """() => {
  const busy = document.getAnimations()
    .some((a) => a instanceof CSSTransition && a.playState === 'running');
  const now = performance.now();
  if (busy || window.__calmSince === undefined) {
    window.__calmSince = busy ? undefined : now;
    return false;
  }
  return now - window.__calmSince > 400;
}"""
RECOMMENDATION = "() => document.querySelector('[data-recommendation]').dataset.recommendation"


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.2 A/AA violations on the page, one line per rule and node."""
    # From the top of the page, with transitions over: Material's back-to-top button fades in
    # while scrolling up, and axe would measure it mid-fade (not what anyone reads).
    page.evaluate("() => { window.scrollTo(0, 0); window.__calmSince = undefined; }")
    page.wait_for_function(CALM, timeout=10_000)
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node['failureSummary']}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize(
    ("palette", "width"), [("light", 1280), ("dark", 1280), ("light", 390), ("dark", 390)]
)
def test_axe_on_the_filled_tool_and_with_errors(tab: Tab, palette: str, width: int) -> None:
    """Zero axe violations with a full escalation shown, then with field errors shown."""
    page = tab.page
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    page.emulate_media(color_scheme="dark" if palette == "dark" else "light")
    tool.open_tool(page, watch=True)
    scheme = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    assert scheme == PALETTES[palette]
    shown = tool.fill(page, BASE_ANSWERS)
    assert shown.recommendation == "escalate" and len(shown.texts) == 6
    filled = axe_violations(page)

    tool.set_answer(page, "hours_running", "-1")
    tool.set_answer(page, "customer", "Acme\u0007")
    tool.set_answer(page, "ticket_url", "javascript:alert(1)")
    shown = tool.settle(page, None)
    assert {"hours_running", "customer", "ticket_url"} <= set(shown.invalid)
    with_errors = axe_violations(page)
    assert filled == [], "\n".join(filled)
    assert with_errors == [], "\n".join(with_errors)


def tab_to(page: Page, predicate: str, limit: int = 400) -> None:
    """Press Tab until the focused element satisfies `predicate` (JS, given the element)."""
    check = f"() => {{ const el = document.activeElement; return !!el && ({predicate}); }}"
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(check):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def test_questionnaire_and_copy_by_keyboard_only(tab: Tab) -> None:
    """Tab, typing, arrows and Enter only: answer, open the folded details, get the
    recommendation, copy a text."""
    page = tab.page
    tool.open_tool(page, watch=True)
    tab_to(page, "el.name === 'hours_running'")
    page.keyboard.type("5")
    tab_to(page, "el.name === 'resolution_in_sight'")
    page.keyboard.press("Space")
    for _ in range(3):
        if page.evaluate("() => document.activeElement.value") == "no":
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.checked && document.activeElement.value")
    assert page.evaluate("() => document.activeElement.value") == "no"
    tab_to(page, "el.name === 'blocked' && el.value === 'renewal'")
    page.keyboard.press("Space")
    # The details are folded: Enter on a group's summary line opens it.
    tab_to(page, "el.matches('#dt-group-context > summary')")
    page.keyboard.press("Enter")
    tab_to(page, "el.name === 'severity'")
    for _ in range(5):
        if page.evaluate("() => document.activeElement.value") == "high":
            break
        page.keyboard.press("ArrowDown")
    tab_to(page, "el.name === 'has_tam'")
    page.keyboard.press("Space")
    tab_to(page, "el.name === 'customer'")
    page.keyboard.type("Acme <Corp> @here")
    tab_to(page, "el.matches('#dt-group-texts > summary')")
    page.keyboard.press("Enter")
    tab_to(page, "el.name === 'summary'")
    page.keyboard.type("Pipelines stuck\n- since the upgrade *again*")
    answers = page.evaluate(
        """() => Object.fromEntries(['blocked', 'severity', 'has_tam'].map((name) => {
          const els = [...document.querySelectorAll(`[name="${name}"]`)];
          const on = els.filter((el) => el.checked || el.tagName === 'SELECT');
          return [name, on.map((el) => el.value)];
        }))"""
    )
    assert answers == {"blocked": ["renewal"], "severity": ["high"], "has_tam": ["true"]}
    page.wait_for_function(f"() => ({RECOMMENDATION})() === 'escalate'", timeout=15_000)
    tab_to(page, "el.dataset.copyTemplate === 'managers_touch_base'")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.activeElement.textContent.trim() === 'Copied'", timeout=5_000
    )
    copied = page.evaluate("() => navigator.clipboard.readText()")
    shown = page.locator('[data-template="managers_touch_base"]').text_content()
    assert copied == shown
    assert "Acme <Corp> @\u200bhere" in copied  # v2: as typed, the mention neutralised


def test_recommendation_is_announced_in_a_live_region(tab: Tab) -> None:
    """The recommendation sits in an aria-live region whose text follows the answers."""
    page = tab.page
    tool.open_tool(page, watch=True)
    live = page.evaluate(
        """() => {
          const region = document.querySelector('[data-recommendation]').closest('[aria-live]');
          return region && {
            live: region.getAttribute('aria-live'),
            hidden: region.closest('[aria-hidden="true"], [hidden]') !== null,
          };
        }"""
    )
    assert live is not None, "[data-recommendation] is in no aria-live region"
    assert live["live"] in ("polite", "assertive") and not live["hidden"]
    region = page.locator("[aria-live]:has([data-recommendation])")

    tool.answer(page, "hours_running", "2")
    tool.answer(page, "resolution_in_sight", "no")
    page.wait_for_function(f"() => ({RECOMMENDATION})() === 'continue'", timeout=15_000)
    said_continue = region.inner_text()
    tool.answer(page, "hours_running", "4")
    page.wait_for_function(f"() => ({RECOMMENDATION})() === 'escalate'", timeout=15_000)
    said_escalate = region.inner_text()
    # The region says the engine's headline, which names the call in words (once).
    continue_headline = tool.engine_decision(
        page, {"hours_running": 2, "resolution_in_sight": "no"}
    )
    escalate_headline = tool.engine_decision(
        page, {"hours_running": 4, "resolution_in_sight": "no"}
    )
    assert continue_headline["headline"]["text"] in said_continue
    assert escalate_headline["headline"]["text"] in said_escalate
    assert "no escalation" in said_continue.lower()
    assert "escalation" in said_escalate.lower() and "no escalation" not in said_escalate.lower()
    assert said_continue != said_escalate
