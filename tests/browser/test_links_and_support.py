"""Links from older versions and browsers that cannot run the engine: never a quiet wrong answer."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tools import questionnaire as tool
from tools.browser import Tab

pytestmark = pytest.mark.browser

FAILED = "() => document.querySelector('#dt-status')?.dataset.phase === 'failed'"


def test_an_unknown_choice_from_an_old_link_is_refused_at_its_field(tab: Tab) -> None:
    """blocked: ["renewals"] (no such option): an error naming it, never a quiet "continue"."""
    page = tab.page
    answers = {"hours_running": 1, "resolution_in_sight": "yes", "blocked": ["renewals"]}
    tool.open_tool(page, tool.permalink(answers))
    blocked = page.locator('[name="blocked"]').first
    expect(blocked).to_have_attribute("aria-invalid", "true", timeout=tool.SETTLE_MS)
    expect(page.locator("#dt-blocked-error")).to_contain_text("renewals")
    assert tool.recommendation(page) == ""
    # This browser (and so Copy link) still keeps the value the person has not yet fixed.
    assert tool.stored_answers(page) == answers

    tool.click_choice(page, "blocked", "renewal")
    tool.wait_recommendation(page, "escalate")
    expect(blocked).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#dt-blocked-error")).to_be_hidden()
    tool.wait_stored_answers(page, {**answers, "blocked": ["renewal"]})


def test_no_webassembly_says_so_without_a_useless_retry(tab: Tab) -> None:
    """No WebAssembly: the status says why, no Retry, and answers never show "loading"."""
    page = tab.page
    page.add_init_script("delete globalThis.WebAssembly;")
    page.goto(tool.TOOL_PAGE)
    page.wait_for_function(FAILED, timeout=tool.SETTLE_MS)
    expect(page.locator("#dt-status-text")).to_contain_text("no WebAssembly")
    expect(page.locator("#dt-retry")).to_be_hidden()
    tool.type_into(page, "hours_running", "5")
    tool.click_choice(page, "resolution_in_sight", "no")
    expect(page.locator("#dt-banner")).to_contain_text("this browser cannot run the engine")
    expect(page.locator("#dt-banner")).not_to_contain_text("Loading")
    assert tool.recommendation(page) == ""
    expect(page.locator("#dt-retry")).to_be_hidden()
    assert tab.console_errors == []
