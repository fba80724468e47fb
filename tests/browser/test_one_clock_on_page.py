"""(v3) Time on the page in Los Angeles across the March night (this machine and CI run in UTC,
where a page that shows UTC everywhere would pass): typed hours grow with the page's clock until
the verdict turns, with no keystroke; moments in the reader's zone, labelled, and in UTC; the
touch-point sent in the customer's offset.

The US springs forward on Sun 8 Mar 2026 at 10:00 UTC: 02:00 PST becomes 03:00 PDT.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from tools import questionnaire as tool
from tools.axe import axe_violations
from tools.nginx import NginxServer

pytestmark = pytest.mark.browser

ZONE = "America/Los_Angeles"
NOW = datetime(2026, 3, 8, 9, 0, tzinfo=UTC)  # 01:00 PST, an hour before the change
WAIT_MS = 60_000


@pytest.fixture
def page(browser: Browser, server: NginxServer) -> Iterator[Page]:
    """A page of a browser in Los Angeles, its clock installed half an hour before NOW."""
    context = browser.new_context(base_url=server.url, timezone_id=ZONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.clock.install(time=NOW - timedelta(minutes=30))
    yield page
    context.close()
    assert errors == []


def open_at(page: Page, now: datetime = NOW, url: str = tool.TOOL_PAGE) -> None:
    """Open the tool (a link when given); once the engine is up, pause the clock at `now`."""
    tool.open_tool(page, url)
    page.clock.pause_at(now)


def link(answers: dict) -> str:
    """The tool's address with `answers` in its fragment, as the page writes it."""
    text = json.dumps(answers).encode("utf-8")
    return f"{tool.TOOL_PAGE}#answers={base64.urlsafe_b64encode(text).decode().rstrip('=')}"


def moments_line(page: Page) -> str:
    """The moments line under the banner."""
    return page.locator("[data-next-moment]").text_content() or ""


def stored(page: Page, keys: set[str]) -> dict:
    """The answers this browser stored, once they hold exactly `keys` (and the stage shown)."""
    keys = keys | set(tool.as_sent(page, {}))
    for _ in range(400):
        answers = tool.stored_answers(page) or {}
        if set(answers) == keys:
            return answers
        page.wait_for_timeout(50)
    raise AssertionError(f"stored {tool.stored_answers(page)}, not the keys {keys}")


def test_typed_hours_turn_to_escalate_as_the_page_clock_runs(page: Page) -> None:
    """Type 2 h at 01:00 PST: continue, the mark at 03:00 PDT (one real hour later, across the
    change); move the page's clock on 1 h 1 min, no keystroke: escalate. The hours are recorded
    as of when they were typed, and that survives storage: reloaded, it still escalates."""
    open_at(page)
    tool.set_answer(page, "hours_running", "2")
    tool.set_answer(page, "resolution_in_sight", "no")
    tool.wait_recommendation(page, "continue")
    expect(page.locator("[data-next-moment]")).to_contain_text("(in 1 h)", timeout=WAIT_MS)
    assert moments_line(page) == (
        "Next: the 3-hour mark: ask both questions again at 03:00 PDT / 10:00 UTC (in 1 h)"
    )
    answers = stored(page, {"hours_running", "hours_as_of", "resolution_in_sight"})
    assert answers["hours_as_of"] == "2026-03-08T01:00:00-08:00"

    page.clock.fast_forward("01:01:00")
    expect(page.locator("[data-recommendation]")).to_have_attribute(
        "data-recommendation", "escalate", timeout=WAIT_MS
    )
    expect(page.locator("#dt-announce")).to_contain_text("Escalate now", timeout=WAIT_MS)
    handover = tool.templates(page)["handover"]
    assert "Running: 3 h 1 min as of 10:01 UTC" in handover

    page.reload()
    tool.wait_ready(page)
    expect(page.locator("[data-recommendation]")).to_have_attribute(
        "data-recommendation", "escalate", timeout=WAIT_MS
    )
    assert tool.field(page, "hours_running").input_value() == "2"
    assert (tool.stored_answers(page) or {}).get("hours_as_of") == answers["hours_as_of"]


def test_at_the_mark_exactly_the_page_says_touch_base_now(page: Page) -> None:
    """A link with 2 h as of an hour ago: the mark exactly, the headline says to touch base now;
    the link's hours_as_of is an answer, not a key the page ignores."""
    as_of = (NOW - timedelta(hours=1)).isoformat()
    open_at(page, url=link({"hours_running": 2, "hours_as_of": as_of, "resolution_in_sight": "no"}))
    tool.set_answer(page, "customer", "Acme")  # evaluated at the page's clock: NOW exactly
    tool.wait_recommendation(page, "continue")
    expect(page.locator("#dt-banner")).to_contain_text("mark is reached now", timeout=WAIT_MS)
    expect(page.locator("#dt-banner")).to_contain_text("touch base in #support-managers now")
    assert "Ignored from the link" not in (page.locator("#dt-doc-errors").text_content() or "")
    assert (
        stored(page, {"hours_running", "hours_as_of", "resolution_in_sight", "customer"})[
            "hours_as_of"
        ]
        == as_of
    )


def test_a_bad_hours_as_of_is_shown_at_the_hours_question(page: Page) -> None:
    """A link whose hours are as of a time after now: the engine's error, at the hours field."""
    later = (NOW + timedelta(hours=1)).isoformat()
    open_at(page, url=link({"hours_running": 2, "hours_as_of": later, "resolution_in_sight": "no"}))
    expect(tool.field(page, "hours_running")).to_have_attribute(
        "aria-invalid", "true", timeout=WAIT_MS
    )
    assert "after now" in page.locator('.dt-q[data-key="hours_running"] .dt-error').inner_text()


def test_moments_show_the_readers_zone_and_utc_the_texts_utc(page: Page) -> None:
    """A touch-point at 03:30 PDT (10:30 UTC, after the change) and the handover before it: the
    page says each in Los Angeles time, labelled, and in UTC; the internal texts in UTC with the
    customer's time; the customer reply in Pacific Time and UTC. The touch-point typed here goes
    out in the customer's offset (Berlin's), so the engine has no offset to warn about."""
    open_at(page)
    tool.set_answer(page, "hours_running", "4")
    tool.set_answer(page, "resolution_in_sight", "no")
    tool.set_answer(page, "customer_timezone", ZONE)
    tool.set_answer(page, "next_touchpoint", "2026-03-08T03:30")
    expect(page.locator("[data-next-moment]")).to_have_text(
        "Next: touch-point with the customer at 03:30 PDT / 10:30 UTC (in 1 h 30 min)",
        timeout=WAIT_MS,
    )
    tool.set_answer(page, "shift_ends_at", "2026-03-08T01:40")
    expect(page.locator("[data-next-moment]")).to_contain_text(
        "Next: handover to the next on-call engineer and manager (30 min before your shift "
        "ends) at 01:10 PST / 09:10 UTC (in 10 min)",
        timeout=WAIT_MS,
    )
    page.clock.fast_forward("00:11:00")
    expect(page.locator("[data-next-moment]")).to_contain_text(
        "Overdue: handover to the next on-call engineer and manager (30 min before your shift "
        "ends) at 01:10 PST / 09:10 UTC (1 min ago)",
        timeout=WAIT_MS,
    )
    texts = tool.templates(page)
    assert "Sun 8 Mar 2026, 10:30 UTC (03:30 Pacific Time for the customer)" in texts["handover"]
    assert "Sun 8 Mar 2026, 03:30 Pacific Time (10:30 UTC)" in texts["customer_update"]
    assert "PST" not in texts["handover"] and "-08:00" not in texts["handover"]
    first = page.locator("#dt-steps li").first
    expect(first).to_contain_text("Overdue: the handover was due Sun 8 Mar 2026, 09:10 UTC")

    tool.set_answer(page, "customer_timezone", "Europe/Berlin")
    keys = {"hours_running", "hours_as_of", "resolution_in_sight", "customer_timezone",
            "next_touchpoint", "shift_ends_at"}  # fmt: skip
    for _ in range(400):
        if stored(page, keys)["customer_timezone"] == "Europe/Berlin":
            break
        page.wait_for_timeout(50)
    sent = stored(page, keys)
    assert sent["next_touchpoint"] == "2026-03-08T11:30:00+01:00"  # 10:30 UTC, in Berlin
    assert sent["shift_ends_at"] == "2026-03-08T01:40:00-08:00"  # the reader's own offset
    warnings = page.locator("#dt-warnings").inner_text()
    assert "you typed" not in warnings
    # The overdue state (steps first, warnings, both zones) meets WCAG 2.2 AA, in both palettes
    # (the clock runs again: waiting for the transitions to end reads it).
    page.clock.resume()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert axe_violations(page) == [], scheme


def test_leaving_a_field_later_moves_neither_its_time_nor_the_last_change(page: Page) -> None:
    """Type 2 h at 01:00 PST and leave the field ten minutes later (Tab, then the tab is hidden or
    closed, when the page stores what it owes): the hours stay as of 01:00 and the emergency's last
    change stays when it was typed. Before, the field's `change` on leaving stamped the hours anew,
    and a closing browser reordered the list of emergencies."""
    open_at(page)
    tool.type_into(page, "hours_running", "2")
    answers = stored(page, {"hours_running", "hours_as_of"})
    assert answers["hours_as_of"] == "2026-03-08T01:00:00-08:00"
    before = tool.stored_emergencies(page)
    assert len(before) == 1

    page.clock.fast_forward("00:10:00")
    page.keyboard.press("Tab")  # the field is left: its `change` event
    page.evaluate("() => window.dispatchEvent(new PageTransitionEvent('pagehide'))")
    assert tool.stored_emergencies(page) == before
    assert page.locator('[data-key="hours_running"]').get_attribute("data-hours_as_of") == (
        '"2026-03-08T01:00:00-08:00"'
    )
