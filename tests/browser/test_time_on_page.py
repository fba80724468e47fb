"""Time on the page (contract v2), in Chromium with Playwright's clock: no real waiting.

The page's clock is the only clock (the worker reads none), so `page.clock` rules the countdown,
the re-evaluation when a moment passes, and the calendar file's times.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tools import questionnaire as tool
from tools.browser import Tab
from tools.nginx import Fault, NginxServer

pytestmark = pytest.mark.browser

NOW = datetime(2026, 11, 27, 11, 0, tzinfo=UTC)  # 12:00 +01:00
WAIT_MS = 60_000
TRANSCRIPT = Path("/tmp/time-countdown-transcript.txt")


def start(tab: Tab, now: datetime = NOW) -> Page:
    """Open the tool with the page's clock installed; once the engine is up, pause it at `now`."""
    page = tab.page
    page.clock.install(time=now - timedelta(minutes=30))
    tool.open_tool(page)
    page.clock.pause_at(now)
    return page


def set_time(page: Page, name: str, when: datetime) -> None:
    """Give a date-time answer through its datetime-local field, in the browser's time zone."""
    local = page.evaluate(
        """(ms) => {
          const d = new Date(ms);
          const p = (n) => String(n).padStart(2, '0');
          return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
            + `T${p(d.getHours())}:${p(d.getMinutes())}`;
        }""",
        round(when.timestamp() * 1000),
    )
    tool.set_answer(page, name, local)


def line(page: Page) -> str:
    """The moments line under the banner."""
    return page.locator("[data-next-moment]").text_content() or ""


def test_the_countdown_flips_to_escalate_at_the_long_running_mark(
    tab: Tab, server: NginxServer
) -> None:
    """Started 2 h 50 min ago: continue with a countdown; 11 minutes later, escalate, announced
    in the live region, the tab title marked; no keystroke in between."""
    page = start(tab)
    set_time(page, "started_at", NOW - timedelta(hours=2, minutes=50))
    tool.set_answer(page, "resolution_in_sight", "no")
    expect(page.locator("[data-recommendation]")).to_have_attribute(
        "data-recommendation", "continue", timeout=WAIT_MS
    )
    expect(page.locator("[data-next-moment]")).to_contain_text("(in 10 min)", timeout=WAIT_MS)
    before = {
        "line": line(page),
        "title": page.title(),
        "banner": tool.recommendation(page),
        "headline": page.locator("#dt-banner").inner_text(),
    }
    assert before["line"].startswith("Next: the 3-hour mark: ask both questions again at ")
    assert not before["title"].startswith("⏰")

    page.clock.fast_forward("11:00")
    expect(page.locator("[data-recommendation]")).to_have_attribute(
        "data-recommendation", "escalate", timeout=WAIT_MS
    )
    expect(page.locator("#dt-announce")).to_contain_text("Escalate now", timeout=WAIT_MS)
    page.wait_for_function("() => document.title.startsWith('⏰ Escalate: ')", timeout=WAIT_MS)
    after = {
        "line": line(page),
        "title": page.title(),
        "banner": tool.recommendation(page),
        "headline": page.locator("#dt-banner").inner_text(),
        "announced": page.locator("#dt-announce").text_content(),
    }
    assert page.locator("#dt-moments").is_hidden()  # escalate: no long-running mark ahead
    TRANSCRIPT.write_text(
        json.dumps({"before": before, "after 11 min": after}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    page.mouse.click(5, 5)  # the page is seen: the title is its own again
    page.wait_for_function("() => !document.title.startsWith('⏰')", timeout=WAIT_MS)


def test_a_touchpoint_becomes_overdue(tab: Tab, server: NginxServer) -> None:
    """A touch-point in 5 minutes counts down; 6 minutes later it says overdue, by itself."""
    page = start(tab)
    tool.set_answer(page, "hours_running", "1")
    tool.set_answer(page, "resolution_in_sight", "yes")
    set_time(page, "next_touchpoint", NOW + timedelta(minutes=5))
    expect(page.locator("[data-next-moment]")).to_contain_text(
        "Next: touch-point with the customer at", timeout=WAIT_MS
    )
    expect(page.locator("[data-next-moment]")).to_contain_text("(in 5 min)")
    page.clock.fast_forward("06:00")
    expect(page.locator("[data-next-moment]")).to_contain_text(
        "Overdue: touch-point with the customer at", timeout=WAIT_MS
    )
    expect(page.locator("#dt-announce")).to_contain_text(
        "Now: touch-point with the customer", timeout=WAIT_MS
    )
    page.wait_for_function(
        "() => document.title.startsWith('⏰ Touch-point with the customer: ')", timeout=WAIT_MS
    )


def test_a_touchpoint_passed_unseen_is_announced_with_the_next_decision(
    tab: Tab, server: NginxServer
) -> None:
    """The clock moves on while no timer runs (a laptop asleep); the first decision after that,
    here from a keystroke, already calls the touch-point overdue: it is still announced."""
    page = start(tab)
    tool.set_answer(page, "hours_running", "1")
    tool.set_answer(page, "resolution_in_sight", "yes")
    set_time(page, "next_touchpoint", NOW + timedelta(minutes=5))
    expect(page.locator("[data-next-moment]")).to_contain_text("(in 5 min)", timeout=WAIT_MS)
    page.clock.set_system_time(NOW + timedelta(minutes=7))  # no timer fires
    tool.set_answer(page, "customer", "Acme")
    expect(page.locator("[data-next-moment]")).to_contain_text(
        "Overdue: touch-point with the customer at", timeout=WAIT_MS
    )
    expect(page.locator("#dt-announce")).to_contain_text(
        "Now: touch-point with the customer", timeout=WAIT_MS
    )
    assert page.title().startswith("⏰ Touch-point with the customer: ")


#: A Notification that is granted and records what the page shows (headless Chromium has none).
FAKE_NOTIFICATIONS = """
window.__notices = [];
window.Notification = class {
  static permission = 'granted';
  static requestPermission() { return Promise.resolve('granted'); }
  constructor(title, options = {}) { window.__notices.push({ title, ...options }); }
};
"""
TOUCHPOINT = "Touch-point with the customer"
HANDOVER = "Handover to the next on-call engineer and manager (30 min before your shift ends)"


@pytest.mark.parametrize("asleep", [False, True], ids=["at the same instant", "while asleep"])
def test_every_moment_that_passed_is_announced_and_notified(
    tab: Tab, server: NginxServer, asleep: bool
) -> None:
    """The touch-point and the handover pass at the same instant (the timer fires), or one after
    the other while the laptop sleeps (no timer fires; a keystroke brings the next decision):
    both are announced, and each is notified once, the engineer having asked for reminders."""
    tab.page.add_init_script(FAKE_NOTIFICATIONS)
    page = start(tab)
    tool.set_answer(page, "hours_running", "1")
    tool.set_answer(page, "resolution_in_sight", "yes")
    set_time(page, "next_touchpoint", NOW + timedelta(minutes=5))
    # The handover is 30 minutes before the shift ends: with the touch-point, or 5 min later.
    set_time(page, "shift_ends_at", NOW + timedelta(minutes=40 if asleep else 35))
    expect(page.locator("[data-next-moment]")).to_contain_text("(in 5 min)", timeout=WAIT_MS)
    page.locator("#dt-remind").click()
    expect(page.locator("#dt-announce")).to_contain_text("You will be reminded here")
    expect(page.locator("#dt-remind-result")).to_contain_text("while this tab stays open")
    if asleep:
        page.clock.set_system_time(NOW + timedelta(minutes=15))
        tool.set_answer(page, "customer", "Acme")
    else:
        page.clock.fast_forward("06:00")
    announced = page.locator("#dt-announce")
    expect(announced).to_contain_text(f"Now: {TOUCHPOINT.lower()}", timeout=WAIT_MS)
    expect(announced).to_contain_text(HANDOVER[0].lower() + HANDOVER[1:])
    page.wait_for_function("() => window.__notices.length >= 2", timeout=WAIT_MS)
    page.wait_for_timeout(500)  # nothing more comes
    notices = page.evaluate("() => window.__notices")
    assert [notice["title"] for notice in notices] == [TOUCHPOINT, HANDOVER], notices
    assert len({notice["tag"] for notice in notices}) == 2, notices  # neither replaces the other
    assert tab.console_errors == []


def test_a_year_of_one_digit_is_sent_with_four(browser: Browser, server: NginxServer) -> None:
    """Year 0001 typed in New York: the page sends `0001-01-01T00:00:00-04:56` (ISO 8601's four
    digits, not `1-01-01...`), and the engine's answer is shown at the field, never "please
    report"."""
    context = browser.new_context(base_url=server.url, timezone_id="America/New_York")
    try:
        page = context.new_page()
        tool.open_tool(page)
        tool.set_answer(page, "resolution_in_sight", "no")
        tool.set_answer(page, "started_at", "0001-01-01T00:00")
        expect(tool.field(page, "started_at")).to_have_attribute(
            "aria-invalid", "true", timeout=WAIT_MS
        )
        page.wait_for_function(
            "() => Object.keys(localStorage).some((key) => key.includes(':emergency:')"
            " && localStorage.getItem(key).includes('started_at'))",
            timeout=WAIT_MS,
        )
        assert (tool.stored_answers(page) or {}).get("started_at") == "0001-01-01T00:00:00-04:56"
        assert "please report" not in page.locator("#dt").inner_text()
    finally:
        context.close()


def on_demand_wheels(site: Path) -> set[str]:
    """URL paths of the wheels the snapshot leaves out, with their dependencies (from the lock)."""
    folder = site / tool.PYODIDE_DIR
    manifest = json.loads((folder / "snapshot.json").read_text(encoding="utf-8"))
    packages = json.loads((folder / "pyodide-lock.json").read_text(encoding="utf-8"))["packages"]
    names, todo = set(), list(manifest["on_demand"])
    while todo:
        name = todo.pop()
        if name not in names:
            names.add(name)
            todo.extend(packages[name]["depends"])
    return {f"/{tool.PYODIDE_DIR}/{packages[name]['file_name']}" for name in names}


def fill_calendar_answers(page: Page) -> dict[str, str]:
    """Answers with four moments ahead; returns them as the page stores (and sends) them."""
    answers = {
        "started_at": "2026-11-27T09:10:00+01:00",
        "resolution_in_sight": "no",
        "customer": "Acme Corp",
        "ticket_url": "https://support.example.com/tickets/4711",
        "next_touchpoint": "2026-11-27T15:00:00+01:00",
        "shift_ends_at": "2026-11-27T18:00:00+01:00",
        "customer_timezone": "America/New_York",
    }
    for name, value in answers.items():
        if name.endswith(("_at", "touchpoint")):
            set_time(page, name, datetime.fromisoformat(value))
        else:
            tool.set_answer(page, name, value)
    expect(page.locator("[data-next-moment]")).to_contain_text("(in 10 min)", timeout=WAIT_MS)
    # The answers as the page sends them (its date-times in the browser's own offset).
    sent = None
    keys = set(tool.as_sent(page, answers))  # the stage the page shows among them
    for _ in range(400):
        sent = tool.stored_answers(page)
        if sent is not None and set(sent) == keys:
            break
        page.wait_for_timeout(50)
    assert sent is not None and set(sent) == keys, sent
    return sent


def test_the_calendar_download_is_the_clis_file(
    tab: Tab, server: NginxServer, built_site: Path
) -> None:
    """ "Add to calendar" saves the engine's .ics made in the worker: byte for byte the CLI's
    output for the same answers and now. The first click installs the calendar library (the
    snapshot leaves it out): the site's own wheels are fetched, nothing that carries an answer;
    the second click fetches nothing."""
    page = start(tab)
    page.clock.set_fixed_time(NOW)
    sent = fill_calendar_answers(page)
    requests_before = len(tab.requests)
    with page.expect_download(timeout=WAIT_MS) as download_info:
        page.locator("#dt-calendar").click()
    saved = Path(download_info.value.path()).read_bytes()
    command = [str(Path(sys.executable).parent / "decision-tool"), "evaluate"]
    command += ["--format", "ics", "--now", NOW.isoformat()]
    cli = subprocess.run(
        command, input=json.dumps(sent).encode("utf-8"), capture_output=True, check=True
    )
    assert saved == cli.stdout
    assert saved.count(b"BEGIN:VEVENT") == 4
    assert download_info.value.suggested_filename == "escalation-moments.ics"
    fetched = [url for url in tab.requests[requests_before:] if not url.startswith("blob:")]
    # The browser may fetch the tab's icon meanwhile; otherwise only the library's wheels.
    wheels = [url for url in fetched if not url.endswith("/favicon.png")]
    assert all(url.startswith(server.url) and "?" not in url for url in wheels), wheels
    assert {urlsplit(url).path for url in wheels} == on_demand_wheels(built_site)
    requests_before = len(tab.requests)
    with page.expect_download(timeout=WAIT_MS) as again:
        page.locator("#dt-calendar").click()
    assert Path(again.value.path()).read_bytes() == saved
    fetched = [url for url in tab.requests[requests_before:] if not url.startswith("blob:")]
    assert [url for url in fetched if not url.endswith("/favicon.png")] == []
    assert tab.console_errors == []


def test_the_calendar_of_a_link_is_the_clis_file_for_its_text(
    tab: Tab, server: NginxServer
) -> None:
    """A link whose times have seconds (which the form's fields do not show): the calendar file
    is built from the text the page evaluated, at the same now, so it is the CLI's for that text
    (the same times and UIDs), not the one for what the form shows."""
    page = tab.page
    page.clock.set_fixed_time(NOW)
    text = json.dumps(
        {
            "started_at": "2026-11-27T09:10:30+01:00",
            "resolution_in_sight": "no",
            "customer": "Acme Corp",
            "next_touchpoint": "2026-11-27T15:00:45+01:00",
            "shift_ends_at": "2026-11-27T18:00:15+01:00",
        }
    )
    data = base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")
    tool.open_tool(page, f"{tool.TOOL_PAGE}#answers={data}")
    expect(page.locator("#dt-calendar")).to_be_enabled(timeout=WAIT_MS)
    with page.expect_download(timeout=WAIT_MS) as download_info:
        page.locator("#dt-calendar").click()
    saved = Path(download_info.value.path()).read_bytes()
    command = [str(Path(sys.executable).parent / "decision-tool"), "evaluate"]
    command += ["--format", "ics", "--now", NOW.isoformat()]
    cli = subprocess.run(command, input=text.encode("utf-8"), capture_output=True, check=True)
    assert saved.count(b"BEGIN:VEVENT") == 4
    assert saved == cli.stdout


def test_a_calendar_library_that_does_not_load_is_said_and_retried(
    tab: Tab, server: NginxServer, built_site: Path
) -> None:
    """The calendar library's wheel fails its download: the button says so (not "not ready"),
    the decision stays, and a later click, once the wheel is back, saves the file."""
    page = start(tab)
    page.clock.set_fixed_time(NOW)
    fill_calendar_answers(page)
    icalendar = next(path for path in on_demand_wheels(built_site) if "/icalendar-" in path)
    server.state.faults[icalendar] = Fault(status=404)
    page.locator("#dt-calendar").click()
    expect(page.locator("#dt-announce")).to_have_text(
        "The calendar library did not load; try again", timeout=WAIT_MS
    )
    expect(page.locator("[data-next-moment]")).to_contain_text("(in 10 min)")
    server.state.faults.clear()
    with page.expect_download(timeout=WAIT_MS) as download_info:
        page.locator("#dt-calendar").click()
    assert Path(download_info.value.path()).read_bytes().count(b"BEGIN:VEVENT") == 4
