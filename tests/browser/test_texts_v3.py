"""(v3) In Chromium: a text that is not ready says why at links to its fields and copies only on a
second click; the judgement both ways sits next to the headline. The browser runs in Los Angeles
time (this machine runs in UTC), with the page's clock fixed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, expect

from decision_tool.policy import load_policy
from tools import questionnaire as tool
from tools.browser import Tab, zoned_tab
from tools.nginx import NginxServer

pytestmark = pytest.mark.browser

NOW = datetime(2026, 3, 8, 10, 30, tzinfo=UTC)  # 03:30 PDT, the morning of the March change
ZONE = "America/Los_Angeles"
REPLY = 'article[data-template-id="customer_update"]'
SENTINEL = "(nothing copied)"


@pytest.fixture
def la_tab(browser: Browser, server: NginxServer) -> Iterator[Tab]:
    """A fresh tab in Los Angeles time, its page's clock fixed at NOW."""
    with zoned_tab(browser, server.url, ZONE, NOW) as record:
        yield record


def test_a_reply_not_ready_says_why_and_copies_only_on_a_second_click(la_tab: Tab) -> None:
    """A touch-point an hour past, typed across the March night, and a handle as greeting: the
    reply is marked not ready; each blocker is a link that opens its field; Copy reads "Copy
    anyway…" and copies only on a second click. Fixed, the reply copies at once; the internal
    texts, placeholders and all, were ready throughout."""
    page = la_tab.page
    tool.open_tool(page)
    tool.set_answer(page, "hours_running", "5")
    tool.set_answer(page, "resolution_in_sight", "no")
    tool.set_answer(page, "customer_contact", "@jane.doe")
    tool.set_answer(page, "next_touchpoint", f"{tool.RELATIVE}-1")  # 01:30 PST, at the page's NOW
    tool.wait_recommendation(page, "escalate")
    reply = page.locator(REPLY)
    expect(reply.locator(".dt-badge--not-ready")).to_be_visible(timeout=tool.SETTLE_MS)
    links = reply.locator(".dt-template__blockers a.dt-field-link")
    expect(links).to_have_count(2)
    expect(links.nth(0)).to_contain_text("promises a touch-point that has passed")
    expect(links.nth(1)).to_contain_text("greet a Slack handle")
    assert [links.nth(i).get_attribute("data-field") for i in range(2)] == [
        "next_touchpoint",
        "customer_contact",
    ]
    expect(reply.locator("[data-template]")).to_contain_text("Hello @jane.doe,")

    links.nth(1).click()
    expect(page.locator('[name="customer_contact"]')).to_be_focused()
    links.nth(0).click()
    expect(page.locator('[name="next_touchpoint"]')).to_be_focused()

    copy = reply.locator("button.dt-copy")
    expect(copy).to_have_text("Copy anyway…")
    page.evaluate("(text) => navigator.clipboard.writeText(text)", SENTINEL)
    copy.click()
    expect(copy).to_have_text("Click again to copy it anyway")
    expect(page.locator("#dt-announce")).to_contain_text("Not ready to send")
    assert tool.clipboard(page) == SENTINEL
    copy.click()
    expect(copy).to_have_text("Copied")
    assert tool.clipboard(page) == reply.locator("[data-template]").text_content()

    handover = page.locator('article[data-template-id="handover"]')
    expect(handover.locator("[data-template]")).to_contain_text("[next on-call engineer]")
    expect(handover.locator("button.dt-copy")).to_have_text("Copy")
    expect(handover.locator(".dt-badge--not-ready")).to_be_hidden()

    tool.type_into(page, "customer_contact", "Jane")
    tool.set_answer(page, "next_touchpoint", f"{tool.RELATIVE}2")
    expect(reply.locator(".dt-badge--not-ready")).to_be_hidden(timeout=tool.SETTLE_MS)
    expect(reply.locator(".dt-template__blockers")).to_be_hidden()
    expect(copy).to_have_text("Copy")
    page.evaluate("(text) => navigator.clipboard.writeText(text)", SENTINEL)
    copy.click()
    expect(copy).to_have_text("Copied")
    assert tool.clipboard(page).startswith("Hello Jane,\n")
    assert la_tab.console_errors == []


def test_the_judgement_both_ways_sits_next_to_the_headline(la_tab: Tab) -> None:
    """One control of three states under the banner, with its reason: stay keeps an emergency
    the questions would escalate (the stay headline, the touch base with the reason), escalate
    escalates one they would not, and no judgement leaves it to the questions."""
    page = la_tab.page
    policy = load_policy()
    tool.open_tool(page)
    choices = page.locator('#dt-verdict #dt-judgement-call input[name="judgement"]')
    expect(choices).to_have_count(3)
    assert [choices.nth(i).get_attribute("value") for i in range(3)] == ["", "escalate", "stay"]
    expect(choices.nth(0)).to_be_checked()
    assert page.evaluate(
        """() => document.querySelector('#dt-banner').compareDocumentPosition(
          document.querySelector('#dt-judgement-call')) & Node.DOCUMENT_POSITION_FOLLOWING"""
    )
    headline = page.locator("#dt-banner .dt-banner__headline")

    tool.set_answer(page, "hours_running", "5")
    tool.set_answer(page, "resolution_in_sight", "no")
    tool.wait_recommendation(page, "escalate")
    tool.click_choice(page, "judgement", "stay")
    tool.wait_recommendation(page, "continue")
    expect(headline).to_have_text(policy.headlines["stay"], timeout=tool.SETTLE_MS)
    expect(page.locator('#dt-steps li[data-step="reevaluate"]')).to_have_text(
        policy.steps["reevaluate"].text_stay
    )
    page.locator("#dt-warnings > summary").click()  # "Missing details", one line that expands
    reason_warning = page.locator('#dt-warnings a[data-field="judgement_reason"]')
    expect(reason_warning).to_be_visible()
    tool.type_into(page, "judgement_reason", "The fix ships within the hour.")
    touch_base = page.locator('pre[data-template="managers_touch_base"]')
    expect(touch_base).to_contain_text(
        "Why it stays an emergency*\nThe fix ships within the hour.", timeout=tool.SETTLE_MS
    )
    expect(touch_base).to_contain_text("judged that it stays an emergency")
    expect(reason_warning).to_be_hidden()
    assert sorted(tool.templates(page)) == ["customer_update", "managers_touch_base"]

    tool.set_answer(page, "hours_running", "1")
    tool.set_answer(page, "resolution_in_sight", "yes")
    tool.wait_recommendation(page, "continue")
    stay_warning = page.locator('#dt-warnings a[data-field="judgement"]')
    expect(stay_warning).to_contain_text("changes nothing", timeout=tool.SETTLE_MS)
    expect(stay_warning).to_be_visible()  # the list stays open once opened
    expect(headline).to_have_text(policy.headlines["continue"])

    tool.click_choice(page, "judgement", "escalate")
    tool.wait_recommendation(page, "escalate")
    expect(headline).to_have_text(policy.headlines["judgement"], timeout=tool.SETTLE_MS)
    tool.click_choice(page, "judgement", "")
    tool.wait_recommendation(page, "continue")
    tool.wait_stored_answers(
        page,
        {"hours_running": 1, "hours_as_of": tool.hours_as_of(page), "resolution_in_sight": "yes",
         "judgement_reason": "The fix ships within the hour."},
    )  # fmt: skip
    assert la_tab.console_errors == []


def test_an_old_link_judged_true_shows_escalate_chosen(la_tab: Tab) -> None:
    """A v2 link's `"judgement": true` reads as escalate, and the control shows it so; `false`
    shows no judgement."""
    page = la_tab.page
    answers = {"hours_running": 1, "resolution_in_sight": "yes", "judgement": True}
    tool.open_tool(page, tool.permalink(answers))
    tool.wait_recommendation(page, "escalate")
    expect(page.locator('input[name="judgement"][value="escalate"]')).to_be_checked()
    expect(page.locator("#dt-judgement-error")).to_be_hidden()
    page.goto("about:blank")
    tool.open_tool(page, tool.permalink({**answers, "judgement": False}))
    tool.wait_recommendation(page, "continue")
    expect(page.locator('input[name="judgement"][value=""]')).to_be_checked()
