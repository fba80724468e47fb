"""(v3, issue 21) In Chromium, one emergency handed over by link between two browsers: walked in
one profile from 2 h to open (the page's clock runs it past the long-running mark, the touch
base is marked posted, a note added), its link copied and opened in a second profile (another
engineer, another time zone) that continues it and closes it; the record and the documents
both browsers show are the CLI's for the answers each page stored. And Copy link refused by
the browser: the link shown selected, to copy by hand."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.timeline import (
    ENTRIES,
    KINDS,
    STAGES,
    expected_entries,
    sent,
    shown_entries,
    wait_stage,
)
from tools import questionnaire as tool
from tools.axe import axe_violations
from tools.browser import launch_profile
from tools.cli import cli_decision
from tools.nginx import NginxServer

pytestmark = pytest.mark.browser

#: When the first engineer types the answers (the emergency has run 2 h by then).
START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
#: When the second engineer opens the link.
TAKEN_OVER = START + timedelta(minutes=150)
TYPED = {
    "hours_running": "2",
    "customer": "Acme Freight",
    "summary": "CI pipelines stuck in the queue for every project",
    "impact": "No deploys for 40 developers",
}
FIRST_NOTE = "Runners restarted, queue still stuck"
SECOND_NOTE = "Taken over by Ben: queue draining since 11:20"
#: What the page says beside the link when the browser refuses the clipboard.
REFUSED = "Your browser refused the clipboard: select the link and copy it"
#: What a text's Copy button says once clicked when the text is not ready to send.
ARMED = "Click again to copy it anyway"
#: A blank page of the site's own origin to paste into (nginx answers it with its 404 page).
PASTE_PAGE = "__paste_target__"


class Profiles:
    """Chromium profile folders of their own, each launched as a separate browser."""

    def __init__(self, browser: Browser, folder: Path, base_url: str) -> None:
        self.browser_type = browser.browser_type
        self.folder = folder
        self.base_url = base_url
        self.open: list[BrowserContext] = []

    def launch(self, name: str, zone: str) -> BrowserContext:
        """Start a browser on the profile folder `name`, in the time zone `zone`."""
        context = launch_profile(self.browser_type, self.folder / name, self.base_url, zone)
        self.open.append(context)
        return context

    def close_all(self) -> None:
        """Quit every browser still running."""
        for context in self.open:
            context.close()
        self.open.clear()


@pytest.fixture
def profiles(tmp_path: Path, browser: Browser, server: NginxServer) -> Iterator[Profiles]:
    """Browser profiles on disk, each its own browser, quit afterwards."""
    launched = Profiles(browser, tmp_path, server.url)
    yield launched
    launched.close_all()


def open_at(context: BrowserContext, url: str, now: datetime) -> Page:
    """The browser's page, its clock installed before `now`, the tool opened at `url`; once the
    engine is up, the clock paused at `now` (it moves only when the test moves it)."""
    page = context.pages[0] if context.pages else context.new_page()
    page.clock.install(time=now - timedelta(minutes=30))
    tool.open_tool(page, url)
    page.clock.pause_at(now)
    return page


def later(page: Page, minutes: int) -> None:
    """Move the page's clock on by `minutes`: the timers due meanwhile fire (the page's minute)."""
    page.clock.fast_forward(minutes * 60_000)


def page_now(page: Page) -> datetime:
    """The page's clock."""
    return datetime.fromtimestamp(page.evaluate("() => Date.now()") / 1000, UTC)


def add_note(page: Page, text: str) -> None:
    """Type a one-line note and add it with Enter."""
    count = page.locator(ENTRIES).count()
    note = page.locator("#dt-record-input")
    note.fill(text)
    note.press("Enter")
    expect(page.locator(ENTRIES)).to_have_count(count + 1)
    expect(page.locator(ENTRIES).last).to_contain_text(f"{KINDS['note']}: {text}")


def copy_text(page: Page, template_id: str) -> None:
    """Click a text's Copy button (a second time when it asks, for a text not ready yet)."""
    button = page.locator(f'article[data-template-id="{template_id}"] button.dt-copy')
    button.click()
    expect(button).to_have_text(re.compile(f"^(Copied|{ARMED})$"), timeout=tool.SETTLE_MS)
    if button.text_content() == ARMED:
        button.click()
    expect(button).to_have_text("Copied", timeout=tool.SETTLE_MS)


def mark_posted(page: Page, template_id: str) -> None:
    """Copy a text, then take its offer to mark it posted."""
    copy_text(page, template_id)
    block = page.locator(f'article[data-template-id="{template_id}"]')
    block.locator(".dt-offer").get_by_role("button", name="Mark posted").click()
    expect(block.locator(".dt-offer")).to_have_count(0)


def move_stage(page: Page, stage: str) -> None:
    """Move the stage one step on with its control, to `stage`."""
    page.locator("#dt-stage-next").click()
    wait_stage(page, stage)


def same_as_cli(page: Page, answers: dict[str, Any], expected_ids: set[str]) -> dict[str, Any]:
    """The texts the page shows for the answers it stored are the CLI's at the page's clock,
    `expected_ids` among them; the timeline it lists is the CLI's record. The CLI's decision."""
    decision = cli_decision(answers, page_now(page))
    assert decision["errors"] == []
    shown = tool.wait_texts_for(page, answers)
    cli_texts = {tid: t["text"] for tid, t in decision["templates"].items()}
    assert expected_ids <= set(cli_texts), sorted(cli_texts)
    assert shown == cli_texts
    assert shown_entries(page) == expected_entries(decision)
    return decision


def timeline_rows(text: str) -> list[tuple[datetime, str]]:
    """The rows of a `Time (UTC) | Event` table: (the time, read back; the event)."""
    lines = text.strip().split("\n")
    assert lines[:2] == ["| Time (UTC) | Event |", "| --- | --- |"], lines[:2]
    rows = []
    for line in lines[2:]:
        when, event = line.removeprefix("| ").removesuffix(" |").split(" | ")
        rows.append((datetime.strptime(when, "%a %d %b %Y, %H:%M UTC").replace(tzinfo=UTC), event))
    return rows


def first_engineer(page: Page) -> str:
    """At 2 h: the answers typed, the stage at emergency; the clock past the long-running mark:
    escalate; the touch base marked posted (touch base); open; a note. The link it copies."""
    tool.type_into(page, "hours_running", TYPED["hours_running"])
    tool.click_choice(page, "resolution_in_sight", "no")
    for name in ("customer", "summary", "impact"):
        tool.type_into(page, name, TYPED[name])
    tool.wait_recommendation(page, "continue")
    wait_stage(page, "emergency")  # a new emergency is at the first stage, nothing recorded
    expect(page.locator(ENTRIES)).to_have_count(0)

    later(page, 70)  # 3 h 10 min: no keystroke, the page's own minute turns it
    tool.wait_recommendation(page, "escalate")
    later(page, 5)
    mark_posted(page, "managers_touch_base")
    wait_stage(page, "touch_base")
    later(page, 10)
    move_stage(page, "open")
    later(page, 5)
    add_note(page, FIRST_NOTE)
    answers = sent(page, "open", 4)
    same_as_cli(page, answers, {"timeline", "escalation_doc"})
    link = tool.copy_link(page)
    assert tool.fragment_text(link) == tool.stored_text(page), "the link carries what is kept"
    return link


def second_engineer(page: Page, first: dict[str, Any]) -> dict[str, Any]:
    """The link opened: the first engineer's answers and record, as kept there; a note and a
    handover posted; the escalation document; closed. The answers this browser stored."""
    expect(tool.field(page, "customer")).to_have_value(TYPED["customer"])
    expect(page.locator(ENTRIES)).to_have_count(len(first["record"]))
    wait_stage(page, "open")
    tool.wait_stored_answers(page, first)
    add_note(page, SECOND_NOTE)
    later(page, 5)
    mark_posted(page, "handover")
    answers = sent(page, "open", len(first["record"]) + 2)
    same_as_cli(page, answers, {"timeline", "escalation_doc", "handover"})
    later(page, 25)
    move_stage(page, "closed")
    return sent(page, "closed", len(first["record"]) + 3)


def paste(page: Page, template_id: str) -> str:
    """Copy a text with its Copy button, paste it (Ctrl+V) into a textarea on a blank page of
    the same browser; what landed."""
    copy_text(page, template_id)
    target = page.context.new_page()
    try:
        target.goto(PASTE_PAGE)
        target.evaluate("() => document.body.replaceChildren(document.createElement('textarea'))")
        target.locator("textarea").click()
        target.keyboard.press("Control+V")
        expect(target.locator("textarea")).not_to_have_value("")
        return target.locator("textarea").input_value()
    finally:
        target.close()
        page.bring_to_front()


def test_an_emergency_walked_to_open_handed_over_by_link_and_closed_matches_the_cli(
    profiles: Profiles,
) -> None:
    """Both browsers show the CLI's texts and record for what they stored; the link dropped
    nothing of the record; the closed emergency's timeline lists every entry of both engineers
    in time order (the stage moves, the touch base and the handover posted, both notes); its
    review, its closing texts and its timeline pasted are the CLI's."""
    first_page = open_at(profiles.launch("first", "Europe/Berlin"), tool.TOOL_PAGE, START)
    link = first_engineer(first_page)
    first = tool.stored_answers(first_page)
    assert first is not None
    profiles.close_all()  # the first engineer's shift ends

    second = profiles.launch("second", "America/New_York")
    page = open_at(second, link, TAKEN_OVER)
    closed = second_engineer(page, first)
    assert closed["record"][: len(first["record"])] == first["record"], "the link kept it all"
    decision = same_as_cli(page, closed, {"timeline", "review", "customer_closing"})

    record = decision["record"]
    assert [entry["kind"] for entry in record] == [
        "posted", "stage", "stage", "note", "note", "handover", "stage"
    ]  # fmt: skip
    assert [entry["text"] for entry in record if entry["kind"] == "stage"] == [
        STAGES[stage] for stage in ("touch_base", "open", "closed")
    ]
    rows = timeline_rows(decision["templates"]["timeline"]["text"])
    assert [when for when, _ in rows] == sorted(when for when, _ in rows)
    assert [when for when, _ in rows] == [
        datetime.fromisoformat(entry["at"]).astimezone(UTC).replace(second=0) for entry in record
    ]
    assert [event for _, event in rows] == [
        f"{KINDS[entry['kind']]}: {entry['text']}" for entry in record
    ]
    assert f"{KINDS['note']}: {FIRST_NOTE}" in rows[3][1]
    assert f"{KINDS['note']}: {SECOND_NOTE}" in rows[4][1]
    assert rows[0][0] == START + timedelta(minutes=75)  # the touch base posted
    assert rows[-1][0] == TAKEN_OVER + timedelta(minutes=30)

    review = decision["templates"]["review"]["text"]
    assert f"# Post-incident review: {TYPED['customer']}" in review
    assert decision["templates"]["timeline"]["text"].strip() in review
    assert TYPED["summary"] in review and TYPED["impact"] in review
    for template_id in ("timeline", "review"):
        assert paste(page, template_id) == decision["templates"][template_id]["text"]


def deny_clipboard(page: Page, server: NginxServer) -> Callable[[], None]:
    """Deny the site writing and reading the clipboard (as a browser set so does); returns what
    then grants reading it back (the denial lasts while the CDP session that set it does)."""
    cdp = page.context.new_cdp_session(page)
    context_id = cdp.send("Target.getTargetInfo")["targetInfo"]["browserContextId"]

    def permit(name: str, setting: str) -> None:
        """Set one permission of the site, in this browser context."""
        cdp.send(
            "Browser.setPermission",
            {
                "permission": {"name": name},
                "setting": setting,
                "origin": server.url.rstrip("/"),
                "browserContextId": context_id,
            },
        )

    permit("clipboard-write", "denied")
    permit("clipboard-read", "denied")
    return lambda: permit("clipboard-read", "granted")


def test_copy_link_refused_shows_the_link_selected_to_copy_by_hand(
    browser: Browser, server: NginxServer
) -> None:
    """The browser denies the clipboard: Copy link (by keyboard) shows the exact link in a
    read-only field beside it, focused and selected, with words that say so; Ctrl+C copies it;
    axe finds nothing. An answer changed, or the emergency forgotten, takes it away."""
    context = browser.new_context(base_url=server.url)
    try:
        page = context.new_page()
        answers = {"hours_running": 4, "resolution_in_sight": "no", "customer": "Acme Freight"}
        text = json.dumps(answers, separators=(",", ":"))
        tool.open_tool(page, tool.link(text, "eeeeeeeeeeeeeeee"))
        expect(tool.field(page, "customer")).to_have_value("Acme Freight")
        tool.wait_recommendation(page, "escalate")
        allow_reading = deny_clipboard(page, server)
        box = page.locator("#dt-link-by-hand")
        expect(box).to_be_hidden()

        page.locator("#dt-copy-link").focus()
        page.keyboard.press("Enter")
        field = page.get_by_label(REFUSED)
        expect(box).to_be_visible()
        expect(field).to_be_focused()
        expect(page.locator("#dt-announce")).to_have_text(REFUSED)
        value = field.input_value()
        assert value.startswith(f"{server.url}{tool.TOOL_PAGE}#dt2=eeeeeeeeeeeeeeee."), value
        link_id, link_text = tool.link_parts(value)
        assert link_id == "eeeeeeeeeeeeeeee"
        assert json.loads(link_text) == tool.as_sent(page, answers)  # the stage shown too
        assert field.evaluate("(el) => [el.readOnly, el.selectionStart, el.selectionEnd]") == [
            True, 0, len(value)
        ]  # fmt: skip
        assert axe_violations(page) == []

        page.keyboard.press("Control+C")
        allow_reading()
        assert tool.clipboard(page) == value

        tool.type_into(page, "customer", "Acme Freight Ltd")
        expect(box).to_be_hidden()
        assert field.input_value() == ""
        page.locator("#dt-copy-link").click()
        expect(box).to_be_visible()
        assert tool.decode_fragment(field.input_value())["customer"] == "Acme Freight Ltd"
        for _ in range(2):
            page.locator("#dt-forget").click()
        expect(page.locator("#dt-forget")).to_have_text("Forgotten")
        expect(box).to_be_hidden()
        assert field.input_value() == ""
    finally:
        context.close()
