"""(v3, issue 21) In Chromium: one emergency walked from 2 h to closed in one context: the stage
moved by its control, the touch base copied and marked posted, a touch-point recorded, a note
added and its time corrected; the page's record and its documents (timeline, review) are the
CLI's for the answers the page sends; the strip draws one mark per entry and per moment. The
browser runs in Berlin time (the timeline is in UTC), its page clock fixed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.timeline import ENTRIES, expected_entries, sent, shown_entries, wait_stage
from tools import questionnaire as tool
from tools.browser import Tab, zoned_tab
from tools.cli import cli_decision
from tools.nginx import NginxServer

pytestmark = pytest.mark.browser

START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
ZONE = "Europe/Berlin"


@pytest.fixture
def berlin_tab(browser: Browser, server: NginxServer) -> Iterator[Tab]:
    """A fresh tab in Berlin time, its page's clock fixed at START."""
    with zoned_tab(browser, server.url, ZONE, START) as record:
        yield record


def at(page: Page, minutes: int) -> datetime:
    """Move the page's fixed clock to START plus `minutes`; return that time."""
    moment = START + timedelta(minutes=minutes)
    page.clock.set_fixed_time(moment)
    return moment


def test_one_emergency_from_two_hours_to_closed_matches_the_cli(berlin_tab: Tab) -> None:
    """Walk it through: each stage move, the posted touch base, the touch-point and a note are
    entries; a corrected time re-sorts the timeline; the record, the timeline and the review
    the page shows are the CLI's for the answers the page sent."""
    page = berlin_tab.page
    tool.open_tool(page)
    # A new emergency is at the first stage, with nothing recorded yet.
    expect(page.locator("#dt-stage-emergency")).to_be_checked()
    tool.type_into(page, "hours_running", "2")
    tool.click_choice(page, "resolution_in_sight", "no")
    tool.type_into(page, "customer", "Acme")
    tool.type_into(page, "summary", "Pipelines stuck")
    tool.wait_recommendation(page, "continue")
    wait_stage(page, "emergency")
    expect(page.locator("#dt-stage-back")).to_be_hidden()
    expect(page.locator("#dt-stage-next")).to_have_text("Move to Touch base")
    expect(page.locator(ENTRIES)).to_have_count(0)
    assert sent(page, "emergency")["stage"] == "emergency"

    at(page, 70)
    tool.type_into(page, "hours_running", "4")
    tool.wait_recommendation(page, "escalate")
    # Before open, the ticket note waits for the stage: its blocker opens the stage control.
    ticket = page.locator('article[data-template-id="ticket_comment"]')
    blocker = ticket.locator('.dt-template__blockers a.dt-field-link[data-field="stage"]')
    expect(blocker).to_be_visible(timeout=tool.SETTLE_MS)
    blocker.click()
    expect(page.locator("#dt-stage-emergency")).to_be_focused()

    at(page, 75)
    touch_base = page.locator('article[data-template-id="managers_touch_base"]')
    touch_base.locator("button.dt-copy").click()
    offer = touch_base.locator(".dt-offer")
    expect(offer).to_contain_text("moves the stage to Touch base")
    offer.get_by_role("button", name="Mark posted").click()
    wait_stage(page, "touch_base")
    expect(offer).to_have_count(0)
    expect(page.locator(ENTRIES)).to_have_count(2)

    at(page, 80)
    tool.reveal(page, "next_touchpoint")
    page.locator('[name="next_touchpoint"]').fill("2026-12-07T14:00")  # Berlin: 13:00 UTC
    moment_offer = page.locator("#dt-moment-offer")
    expect(moment_offer).to_be_visible()
    moment_offer.get_by_role("button", name="Record it").click()
    expect(page.locator(ENTRIES)).to_have_count(3)
    expect(page.locator(ENTRIES).last).to_contain_text(
        "Touch-point agreed: Mon 7 Dec 2026, 13:00 UTC"
    )

    at(page, 90)
    note = page.locator("#dt-record-input")
    note.fill("Runners restarted, no change")
    note.press("Enter")
    expect(page.locator(ENTRIES)).to_have_count(4)
    # The note happened before the touch base: its time corrected, it moves up the timeline.
    time = page.locator(f"{ENTRIES}:has-text('Runners restarted') .dt-entry__time")
    time.fill("2026-12-07T10:05")
    expect(page.locator(ENTRIES).nth(0)).to_contain_text("Note: Runners restarted, no change")
    expect(page.locator(ENTRIES).nth(0).locator(".dt-entry__time")).to_be_focused()

    at(page, 100)
    page.locator("#dt-stage-next").click()
    wait_stage(page, "open")
    expect(page.locator("#dt-stage-back")).to_have_text("Back to Touch base")
    answers = sent(page, "open")
    decision = cli_decision(answers, at(page, 100))
    assert decision["errors"] == []
    strip = page.locator("#dt-strip svg")
    expect(strip.locator(".dt-strip__entry")).to_have_count(len(answers["record"]))
    assert decision["moments"], "the touch-point and the long-running mark lie ahead"
    expect(strip.locator(".dt-strip__moment")).to_have_count(len(decision["moments"]))
    assert strip.get_attribute("aria-hidden") == "true"
    expect(page.locator("#dt-ahead li")).to_have_count(len(decision["moments"]))

    at(page, 200)
    page.locator("#dt-stage-next").click()
    wait_stage(page, "closed")
    answers = sent(page, "closed")
    decision = cli_decision(answers, START + timedelta(minutes=200))
    assert decision["errors"] == []
    assert answers["stage"] == "closed" and len(answers["record"]) == 6
    assert shown_entries(page) == expected_entries(decision)
    assert [e["kind"] for e in decision["record"]] == [
        "note", "posted", "stage", "touchpoint", "stage", "stage"
    ]  # fmt: skip
    assert decision["record"][0]["at"].startswith("2026-12-07T10:05")
    texts = tool.wait_texts_for(page, answers)
    assert {"timeline", "review"} <= set(texts)
    for template_id in ("timeline", "review"):
        assert texts[template_id] == decision["templates"][template_id]["text"], template_id
    assert "| Stage: Escalation closed |" in texts["timeline"]


def test_an_entry_is_removed_and_a_bad_record_is_an_error_beside_the_timeline(
    berlin_tab: Tab,
) -> None:
    """Remove takes an entry out of what the page sends; a link's broken entry is the engine's
    error, shown at the timeline, naming the entry."""
    page = berlin_tab.page
    record = [
        {"at": "2026-12-07T08:00:00+00:00", "kind": "note", "text": "first"},
        {"at": "2026-12-07T08:30:00+00:00", "kind": "shout", "text": "second"},
    ]
    answers = {"hours_running": 4, "resolution_in_sight": "no", "stage": "open", "record": record}
    tool.open_tool(page, tool.permalink(answers))
    error = page.locator("#dt-record-error")
    expect(error).to_contain_text("Record entry 2: kind:", timeout=tool.SETTLE_MS)
    page.get_by_role("button", name="Remove Note: first").click()
    expect(page.locator(ENTRIES)).to_have_count(1)
    expect(error).to_contain_text("Record entry 1: kind:")
    page.locator(f"{ENTRIES} .dt-entry__remove").click()
    expect(page.locator(ENTRIES)).to_have_count(0)
    expect(error).to_be_hidden()
    tool.wait_recommendation(page, "escalate")


def test_printed_the_page_is_a_handover_pack(berlin_tab: Tab) -> None:
    """Printed: no control; first the status, the contacts and the moments; then, from a new
    page, the timeline; then the texts."""
    page = berlin_tab.page
    answers = {
        "hours_running": 4,
        "resolution_in_sight": "no",
        "customer": "Acme",
        "engineer": "Ana",
        "next_manager": "Ben",
        "next_touchpoint": "2026-12-07T13:00:00+00:00",
        "stage": "open",
        "record": [{"at": "2026-12-07T08:00:00+00:00", "kind": "note", "text": "Runners down"}],
    }
    tool.open_tool(page, tool.permalink(answers))
    tool.wait_recommendation(page, "escalate")
    page.emulate_media(media="print")
    pack = page.locator("#dt-pack")
    expect(pack).to_be_visible()
    expect(pack).to_contain_text("Ana")
    expect(pack).to_contain_text("Ben")
    expect(pack).to_contain_text("Touch-point with the customer")
    for control in ("#dt-stage-next", "#dt-copy-link", "#dt-note-add", "button.dt-copy"):
        expect(page.locator(control).first).to_be_hidden()
    expect(page.locator("#dt-group-decision")).to_be_hidden()
    top = "(el) => el.getBoundingClientRect().top"
    order = [
        page.locator(selector).evaluate(top)
        for selector in (
            "#dt-banner",
            "#dt-pack",
            "#record",
            "#dt-timeline-list",
            "#texts-to-paste",
        )
    ]
    assert order == sorted(order), order
    assert page.locator("#record").evaluate("(el) => getComputedStyle(el).breakBefore") == "page"
    page.emulate_media(media="screen")
    expect(pack).to_be_hidden()


def test_the_stage_notes_and_offers_work_by_keyboard(berlin_tab: Tab) -> None:
    """By keys alone: Enter moves the stage, a note is typed and added with Enter, the handover
    text's Copy offers to record the handover (Tab reaches the offer), Remove takes an entry
    out; the focus stays on the timeline throughout."""
    page = berlin_tab.page
    answers = {"hours_running": 4, "resolution_in_sight": "no", "customer": "Acme"}
    tool.open_tool(page, tool.permalink(answers))
    tool.wait_recommendation(page, "escalate")
    page.locator("#dt-stage-next").focus()
    page.keyboard.press("Enter")
    wait_stage(page, "touch_base")
    expect(page.locator("#dt-announce")).to_have_text("Stage: Touch base")
    page.locator("#dt-record-input").focus()
    page.keyboard.type("Customer on the bridge")
    page.keyboard.press("Enter")
    expect(page.locator(ENTRIES)).to_have_count(2)
    expect(page.locator("#dt-record-input")).to_have_value("")

    handover = page.locator('article[data-template-id="handover"]')
    handover.locator("button.dt-copy").focus()
    page.keyboard.press("Enter")
    mark = handover.get_by_role("button", name="Mark posted")
    expect(mark).to_be_visible()
    page.keyboard.press("Tab")
    expect(mark).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(ENTRIES)).to_have_count(3)
    expect(page.locator(ENTRIES).last).to_contain_text("Handover: ")
    expect(handover.locator("button.dt-copy")).to_be_focused()
    wait_stage(page, "touch_base")  # a handover starts no stage

    page.get_by_role("button", name="Remove Note: Customer on the bridge").focus()
    page.keyboard.press("Enter")
    expect(page.locator(ENTRIES)).to_have_count(2)
    expect(page.locator("#dt-record-input")).to_be_focused()
