"""WCAG 2.2 AA on the tool page in use: axe-core filled and with errors in both palettes, the
questionnaire done and a text copied by keyboard alone, the recommendation in a live region;
(v3) with a text not ready and with the judgement that it stays an emergency."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.trust.corpus import BASE_ANSWERS
from tools import questionnaire as tool
from tools.axe import axe_violations
from tools.browser import Tab

pytestmark = pytest.mark.browser

PALETTES = {"light": "default", "dark": "slate"}
RECOMMENDATION = "() => document.querySelector('[data-recommendation]').dataset.recommendation"


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
    assert shown.recommendation == "escalate" and len(shown.texts) == 7
    filled = axe_violations(page)

    tool.set_answer(page, "hours_running", "-1")
    tool.set_answer(page, "customer", "Acme\u0007")
    tool.set_answer(page, "ticket_url", "javascript:alert(1)")
    shown = tool.settle(page, None)
    assert {"hours_running", "customer", "ticket_url"} <= set(shown.invalid)
    with_errors = axe_violations(page)
    assert filled == [], "\n".join(filled)
    assert with_errors == [], "\n".join(with_errors)


@pytest.mark.parametrize(("palette", "width"), [("light", 1280), ("dark", 390)])
def test_axe_wcag22_with_a_text_not_ready_and_with_stay(tab: Tab, palette: str, width: int) -> None:
    """Zero WCAG 2.2 A/AA violations with the customer reply not ready (its badge, its blockers
    as links, Copy armed for the second click), then with the judgement that it stays an
    emergency (the control next to the headline, the stay headline, the touch base)."""
    page = tab.page
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    page.emulate_media(color_scheme="dark" if palette == "dark" else "light")
    tool.open_tool(page, watch=True)
    not_ready = {**BASE_ANSWERS, "customer_contact": "@zq", "next_touchpoint": "now+-1"}
    shown = tool.fill(page, not_ready)
    assert shown.recommendation == "escalate"
    reply = page.locator('article[data-template-id="customer_update"]')
    assert reply.locator(".dt-template__blockers a.dt-field-link").count() == 2
    reply.locator("button.dt-copy").click()
    assert reply.locator("button.dt-copy").text_content() == "Click again to copy it anyway"
    with_blockers = axe_violations(page)

    tool.set_answer(page, "customer_contact", "Zoë")
    tool.set_answer(page, "next_touchpoint", "now+4")
    tool.set_answer(page, "judgement", "stay")
    shown = tool.settle(page, None)
    assert shown.recommendation == "continue"
    assert sorted(shown.texts) == ["customer_update", "managers_touch_base"]
    assert page.locator("#dt-banner").get_attribute("data-state") == "continue"
    stay = axe_violations(page)
    assert with_blockers == [], "\n".join(with_blockers)
    assert stay == [], "\n".join(stay)


@pytest.mark.parametrize(("palette", "width"), [("light", 1280), ("dark", 390)])
def test_axe_wcag22_with_the_stage_moved_a_timeline_and_a_posted_prompt(
    tab: Tab, palette: str, width: int
) -> None:
    """(v3) Zero WCAG 2.2 A/AA violations with the stage moved (both moves shown), a timeline
    of entries with their times and Remove, the strip, the offer to mark a copied text posted
    and the offer to record a touch-point."""
    page = tab.page
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    page.emulate_media(color_scheme="dark" if palette == "dark" else "light")
    tool.open_tool(page, watch=True)
    shown = tool.fill(page, BASE_ANSWERS)
    assert shown.recommendation == "escalate"
    page.locator("#dt-stage-next").click()  # a new emergency is at the first stage
    page.locator("#dt-record-input").fill("Runners restarted")
    page.locator("#dt-note-add").click()
    touch_base = page.locator('article[data-template-id="managers_touch_base"]')
    touch_base.locator("button.dt-copy").click()
    touch_base.locator(".dt-offer").wait_for()
    tool.set_answer(page, "next_touchpoint", "now+4")
    page.locator("#dt-moment-offer").wait_for()
    assert page.locator("#dt-timeline-list li").count() == 2
    assert page.locator("#dt-stage-back").is_visible()
    recorded = axe_violations(page)
    assert recorded == [], "\n".join(recorded)


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


@pytest.mark.parametrize(("palette", "width"), [("light", 1280), ("dark", 390)])
def test_axe_wcag22_with_the_emergencies_list_a_damaged_link_and_the_replace_question(
    tab: Tab, palette: str, width: int
) -> None:
    """(Issue 21) Zero WCAG 2.2 A/AA violations with the list of this browser's emergencies
    open (two of them, one shown here), with a damaged link said at the top, and with the
    question before a link replaces an emergency (a modal dialog)."""
    page = tab.page
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    page.emulate_media(color_scheme="dark" if palette == "dark" else "light")
    held = "eeeeeeeeeeeeeeee"
    answers = {"hours_running": 5, "resolution_in_sight": "no", "severity": "high",
               "has_tam": True, "customer": "Acme"}  # fmt: skip
    tool.open_tool(page, tool.link(answers, held))
    tool.wait_recommendation(page, "escalate")
    page.goto("index.html")
    tool.open_tool(page, tool.link({"hours_running": 1, "customer": "Globex"}))
    page.locator("#dt-emergencies > summary").click()
    expect(page.locator("#dt-emergencies-list button")).to_have_count(2)
    listed = axe_violations(page)

    page.goto("index.html")
    link = tool.link(answers)
    tool.open_tool(page, link[: len(link) - 10])
    expect(page.locator("#dt-link-damaged")).to_be_visible()
    damaged = axe_violations(page)

    page.goto("index.html")
    tool.open_tool(page, tool.link({**answers, "customer": "Acme Ltd"}, held))
    dialog = page.get_by_role("dialog", name="This browser already holds this emergency")
    expect(dialog).to_be_visible()
    asked = axe_violations(page)
    assert listed == [], "\n".join(listed)
    assert damaged == [], "\n".join(damaged)
    assert asked == [], "\n".join(asked)


def test_the_emergencies_and_the_replace_question_by_keyboard_only(tab: Tab) -> None:
    """(Issue 21) Tab and Enter only: open the list, start a new emergency, open the first one
    again; a link's question answered with Tab and Enter, and Escape keeps both."""
    page = tab.page
    held = "ffffffffffffffff"
    tool.open_tool(page, tool.link({"hours_running": 5, "customer": "Acme"}, held))
    tab_to(page, "el.matches('#dt-emergencies > summary')")
    page.keyboard.press("Enter")
    tab_to(page, "el.id === 'dt-new'")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.name") == "hours_running"
    page.keyboard.type("2")
    tab_to(page, "el.dataset.emergency === 'ffffffffffffffff'")
    page.keyboard.press("Enter")
    expect(tool.field(page, "customer")).to_have_value("Acme")

    page.goto("index.html")
    tool.open_tool(page, tool.link({"hours_running": 6, "customer": "Acme"}, held))
    dialog = page.get_by_role("dialog", name="This browser already holds this emergency")
    expect(dialog).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.dataset.replace") == "both"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Keep this browser's answers
    expect(tool.field(page, "hours_running")).to_have_value("5")
    page.goto("index.html")
    tool.open_tool(page, tool.link({"hours_running": 7, "customer": "Acme"}, held))
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(tool.field(page, "hours_running")).to_have_value("7")
    assert held in tool.stored_emergencies(page)
