"""The questionnaire in Chromium, used as an on-call engineer would: answers in, advice out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect

from sitebuild.pages.modules import module_graph
from sitebuild.paths import BROWSER_DIR
from tests.browser.forms import fill_escalation
from tools import questionnaire as tool
from tools.browser import Tab
from tools.nginx import Fault, NginxServer

pytestmark = pytest.mark.browser

TEMPLATE_IDS = {
    "managers_touch_base",
    "escalated_customers_open",
    "ticket_comment",
    "room_update",
    "handover",
    "customer_update",
    "dev_escalation",
}


def assert_clean(tab: Tab, site_url: str) -> None:
    """No console errors, no CSP violations, and every request to the site's own origin."""
    assert tab.console_errors == []
    assert tab.csp_violations == []
    origin = urlsplit(site_url).netloc
    asked = tab.requests + tab.worker_requests
    foreign = [url for url in asked if urlsplit(url).netloc != origin]
    assert foreign == [], f"requests to other hosts: {foreign}"


def test_recommendation_follows_the_two_questions(tab: Tab, site_url: str) -> None:
    """Continue at 2 h; escalate past 3 h with no resolution; back on yes; escalate when blocked."""
    page = tab.page
    tool.open_tool(page)
    history = page.evaluate("() => history.length")
    assert tool.recommendation(page) == ""
    tool.type_into(page, "hours_running", "2")
    tool.click_choice(page, "resolution_in_sight", "no")
    tool.wait_recommendation(page, "continue")
    # Words once: the banner says the engine's headline (the verdict is its mark, not a word).
    decision = tool.engine_decision(page, {"hours_running": 2, "resolution_in_sight": "no"})
    expect(page.locator(".dt-banner__headline")).to_have_text(decision["headline"]["text"])
    expect(page.locator("[data-recommendation]")).to_have_text("")

    tool.type_into(page, "hours_running", "4")
    tool.wait_recommendation(page, "escalate")
    expect(page.locator("#dt-steps li").first).to_contain_text("#support-managers")

    tool.click_choice(page, "resolution_in_sight", "yes")
    tool.wait_recommendation(page, "continue")

    tool.click_choice(page, "blocked", "migration")
    tool.wait_recommendation(page, "escalate")
    expect(page.locator(".dt-banner__reasons")).to_contain_text("migration")
    assert page.evaluate("() => history.length") == history, "answers must not add history entries"
    assert_clean(tab, site_url)


def test_worker_requests_are_recorded_and_same_origin(
    tab: Tab, site_url: str, built_site: Path
) -> None:
    """The worker's fetches (runtime, wasm, snapshot) are in the log; none leaves the site.

    A restore mounts the small standard library zip made for it, not the normal start's one."""
    page = tab.page
    tool.open_tool(page)
    paths = [urlsplit(url).path for url in tab.requests]
    snapshot = tool.snapshot_file(built_site)
    assert snapshot is not None, "the build makes a Pyodide snapshot (snapshot.json)"
    restore_stdlib = tool.restore_stdlib_file(built_site)
    assert restore_stdlib is not None, "the build cuts a standard library zip for a restore"
    for needed in (
        "/assets/decision-tool/worker/worker.js",
        tool.PYODIDE + "pyodide.asm.wasm",
        restore_stdlib,
        tool.PYODIDE + "snapshot.json",
        snapshot,
    ):
        assert needed in paths, f"{needed} was not recorded among {len(paths)} requests"
    assert tool.PYODIDE + "python_stdlib.zip" not in paths, "a restore needs only its own zip"
    wheel = tool.url_path(built_site, tool.engine_wheel(built_site))
    assert wheel not in paths, "restored from the snapshot: no wheel"
    assert_clean(tab, site_url)


def test_the_head_hints_the_pages_modules_and_each_is_fetched_once(
    tab: Tab, site_url: str, built_site: Path
) -> None:
    """The tool's modules are hinted in the head (fetched while the page parses); each hint is a
    module the page runs, fetched once: no hint is wasted, none fetched twice."""
    page = tab.page
    tool.open_tool(page)
    hinted = page.evaluate(
        """() => [...document.head.querySelectorAll('link[rel=modulepreload]')]
          .map((link) => new URL(link.href).pathname)"""
    )
    assert "/assets/decision-tool/page/questionnaire.js" in hinted
    assert "/assets/decision-tool/page/decision-view.js" in hinted
    assert "/assets/decision-tool/worker/worker.js" not in hinted  # the worker's, not the page's
    # Chromium lists the worker's fetches here too: the worker loads its modules itself (one of
    # them, snapshot-cache.js, is the page's as well).
    fetched = page.evaluate(
        """() => performance.getEntriesByType('resource')
          .map((entry) => new URL(entry.name).pathname)
          .filter((path) => path.startsWith('/assets/decision-tool/') && path.endsWith('.js'))"""
    )
    worker = {
        f"/assets/decision-tool/{name}" for name in module_graph(BROWSER_DIR, "worker/worker.js")
    }
    for path in hinted:
        times = 2 if path in worker else 1
        assert fetched.count(path) == times, f"{path} fetched {fetched.count(path)} times"
    # Every module the page runs is hinted.
    assert sorted(set(fetched) - worker) == sorted(set(hinted) - worker)
    assert_clean(tab, site_url)


def test_the_tool_page_starts_its_one_engine_worker_while_it_parses(
    tab: Tab, site_url: str, built_site: Path
) -> None:
    """The head of the form's page creates the engine's worker before the page is parsed (an
    inline script the CSP allows by hash); the page adopts it: one worker, fetched once, answers,
    and the start's steps are in the public timings."""
    page = tab.page
    tool.open_tool(page)
    tool.type_into(page, "hours_running", "4")
    tool.click_choice(page, "resolution_in_sight", "no")
    tool.wait_recommendation(page, "escalate")
    seen = page.evaluate(
        """() => ({
          startup: window.decisionTool.timings.startup,
          parsed: performance.getEntriesByType('navigation')[0].domInteractive,
          leftover: '__decisionToolEarlyWorker' in window,
          workers: performance.getEntriesByType('resource')
            .filter((entry) => new URL(entry.name).pathname.endsWith('/worker/worker.js')).length,
        })"""
    )
    startup = seen["startup"]
    assert startup["workerCreated"] < seen["parsed"], "the worker starts while the page parses"
    assert seen["workers"] == 1, "the early worker is the engine's: no second one"
    assert not seen["leftover"], "the page took the early worker over"
    for step in ("workerRunning", "manifestRead", "wasmCompiled", "restored", "engineReady"):
        assert step in startup, f"{step} missing from timings.startup: {startup}"
    assert startup["workerRunning"] <= startup["restored"] <= startup["engineReady"]
    assert_clean(tab, site_url)


def test_corrupt_snapshot_falls_back_to_a_normal_start(
    tab: Tab, site_url: str, server: NginxServer, built_site: Path
) -> None:
    """A snapshot that fails its sha256 check: the engine starts from the wheels and answers."""
    page = tab.page
    snapshot = tool.snapshot_file(built_site)
    assert snapshot is not None, "the build makes a Pyodide snapshot (snapshot.json)"
    server.state.faults[snapshot] = Fault(body=b"not the snapshot the manifest hashed")
    tool.open_tool(page)
    tool.type_into(page, "hours_running", "4")
    tool.click_choice(page, "resolution_in_sight", "no")
    tool.wait_recommendation(page, "escalate")
    paths = [urlsplit(url).path for url in tab.requests]
    assert snapshot in paths
    wheel = tool.url_path(built_site, tool.engine_wheel(built_site))
    assert wheel in paths, "fell back to installing the engine wheel"
    assert_clean(tab, site_url)


def test_texts_are_the_engines_and_copy_exactly(tab: Tab, site_url: str) -> None:
    """Each shown text equals the engine's text for the same answers; Copy puts exactly it."""
    page = tab.page
    tool.open_tool(page)
    answers = fill_escalation(tab)
    tool.wait_recommendation(page, "escalate")
    expected = tool.wait_texts_for(page, answers)
    assert set(expected) == TEMPLATE_IDS
    assert tool.templates(page) == expected
    assert tool.stored_answers(page) == tool.as_sent(page, answers)

    # (v3) A new emergency is at the first stage: the texts that presume a running escalation
    # wait for the open stage, their Copy a deliberate second click.
    ready = {tid: t["ready"] for tid, t in tool.engine_decision(page, answers)["templates"].items()}
    assert {tid for tid, is_ready in ready.items() if not is_ready} >= {
        "ticket_comment", "room_update", "dev_escalation"
    }  # fmt: skip
    for template_id, text in expected.items():
        block = page.locator(f'article[data-template-id="{template_id}"]')
        button = block.locator("button.dt-copy")
        expect(button).to_have_accessible_name("Copy" if ready[template_id] else "Copy anyway…")
        tool.click_copy(page, template_id)
        expect(button).to_have_text("Copied")
        assert tool.clipboard(page) == text, f"{template_id}: the clipboard differs"

    # Copy right after typing: the text copied already holds what was just typed.
    tool.type_into(page, "summary", "Runners back at 10:15")
    touch_base = page.locator('article[data-template-id="managers_touch_base"] button.dt-copy')
    # Its "Copied" from the loop above must be gone first, or it would not show this copy's end.
    expect(touch_base).to_have_text("Copy")
    touch_base.click()
    expect(touch_base).to_have_text("Copied")
    assert "Runners back at 10:15" in tool.clipboard(page)

    badges = page.locator('article[data-template-id="customer_update"] .dt-badge')
    expect(badges.first).to_contain_text("Public")
    assert_clean(tab, site_url)


def test_permalink_reopens_the_same_escalation(
    tab: Tab, site_url: str, browser: Browser, server: NginxServer
) -> None:
    """Copy link, open it in a new browser context: same answers, same advice, same texts."""
    page = tab.page
    tool.open_tool(page)
    answers = fill_escalation(tab)
    tool.wait_recommendation(page, "escalate")
    tool.wait_texts_for(page, answers)
    shown = tool.templates(page)
    assert len(shown) == len(TEMPLATE_IDS)
    link = tool.copy_link(page)
    assert tool.decode_fragment(link) == tool.as_sent(page, answers)  # the stage shown too

    # This browser now holds other answers for the same emergency: the page asks first, and
    # the link's answers win when the person says so.
    tool.type_into(page, "hours_running", "1")
    tool.wait_recommendation(page, "escalate")
    page.goto("index.html")
    page.goto(link)
    tool.wait_ready(page)
    page.get_by_role("button", name="Open the link's answers instead").click()
    expect(page.locator('[name="hours_running"]')).to_have_value("5")

    other = browser.new_context(base_url=server.url)
    try:
        fresh = other.new_page()
        fresh.goto(link)
        tool.wait_ready(fresh)
        tool.wait_recommendation(fresh, "escalate")
        fresh.wait_for_function(
            f"() => document.querySelectorAll('[data-template]').length === {len(TEMPLATE_IDS)}",
            timeout=tool.SETTLE_MS,
        )
        expect(fresh.locator('[name="customer"]')).to_have_value("Zoë & Co <Ltd>")
        expect(fresh.locator('[name="summary"]')).to_have_value(answers["summary"])
        assert fresh.locator('[name="resolution_in_sight"][value="no"]').is_checked()
        assert fresh.locator('[name="blocked"][value="renewal"]').is_checked()
        assert fresh.locator('[name="has_tam"]').is_checked()
        # The same texts: the engine's for the link's answers, at this page's own minute (a
        # running time says as of which minute, which may have turned since `shown`).
        texts = tool.wait_texts_for(fresh, tool.decode_fragment(link))
        assert tool.templates(fresh) == texts and texts.keys() == shown.keys()
    finally:
        other.close()
    assert_clean(tab, site_url)


def test_field_error_is_shown_at_the_field_and_cleared(tab: Tab, site_url: str) -> None:
    """9999 hours: the field is marked invalid, described by a visible message; fixed, it clears."""
    page = tab.page
    tool.open_tool(page)
    tool.click_choice(page, "resolution_in_sight", "no")
    tool.type_into(page, "hours_running", "9999")
    hours = page.locator('[name="hours_running"]')
    expect(hours).to_have_attribute("aria-invalid", "true")
    message = page.locator("#dt-hours_running-error")
    expect(message).to_be_visible()
    expect(message).to_contain_text("720")
    described = (hours.get_attribute("aria-describedby") or "").split()
    assert "dt-hours_running-error" in described
    assert tool.recommendation(page) == ""
    expect(page.locator(".dt-banner__links a")).to_have_text(hours_label(page))

    tool.type_into(page, "hours_running", "2")
    tool.wait_recommendation(page, "continue")
    expect(hours).not_to_have_attribute("aria-invalid", "true")
    expect(message).to_be_hidden()
    assert "dt-hours_running-error" not in (hours.get_attribute("aria-describedby") or "")
    assert_clean(tab, site_url)


def hours_label(page) -> str:
    """The visible label of the hours question."""
    return page.locator('label[for="dt-hours_running-input"] .dt-label-text').inner_text()


def test_start_time_or_hours_only_one_is_sent(tab: Tab, site_url: str) -> None:
    """A start 5 h ago escalates and replaces typed hours; typing hours drops the start again."""
    page = tab.page
    tool.open_tool(page)
    tool.type_into(page, "hours_running", "1")
    tool.click_choice(page, "resolution_in_sight", "unsure")
    tool.wait_recommendation(page, "continue")

    page.locator('[name="started_at"]').fill(tool.local_value(page, -5))
    tool.wait_recommendation(page, "escalate")
    expect(page.locator('[name="hours_running"]')).to_have_value("")
    sent = tool.stored_answers(page)
    assert sent is not None and "hours_running" not in sent
    started = datetime.fromisoformat(sent["started_at"])
    assert started.tzinfo is not None, "the start time is sent with the browser's offset"
    assert timedelta(hours=4.9) < datetime.now(UTC) - started < timedelta(hours=5.1)

    tool.type_into(page, "hours_running", "2")
    tool.wait_recommendation(page, "continue")
    expect(page.locator('[name="started_at"]')).to_have_value("")
    hours = {"hours_running", "hours_as_of", "resolution_in_sight", "stage"}
    assert set(tool.stored_answers(page) or {}) == hours
    assert_clean(tab, site_url)


#: True once the page shows the Slack room `room` (the escalation its steps belong to).
ROOM_SHOWN = (
    "(room) => document.querySelector('[data-copy-source=\"slack_room\"]').textContent === room"
)


def test_step_ticks_persist_per_escalation(tab: Tab, site_url: str) -> None:
    """Ticked steps survive a reload; a new emergency starts unticked; opening the first one
    again from the list shows its ticks."""
    page = tab.page
    tool.open_tool(page)
    tool.type_into(page, "hours_running", "6")
    tool.click_choice(page, "resolution_in_sight", "no")
    tool.type_into(page, "customer", "Acme")
    tool.wait_recommendation(page, "escalate")
    page.wait_for_function(ROOM_SHOWN, arg="#a_acme_escalation", timeout=tool.SETTLE_MS)
    first = page.locator("#dt-step-touch_base_managers")
    room = page.locator("#dt-step-create_slack_room")
    first.check()
    room.check()
    as_of = tool.hours_as_of(page)
    tool.wait_stored_answers(
        page,
        {"hours_running": 6, "hours_as_of": as_of, "resolution_in_sight": "no", "customer": "Acme"},
    )

    page.reload()
    tool.wait_ready(page)
    tool.wait_recommendation(page, "escalate")
    expect(first).to_be_checked()
    expect(room).to_be_checked()
    expect(page.locator("#dt-step-assign_ticket")).not_to_be_checked()

    page.locator("#dt-emergencies > summary").click()
    page.locator("#dt-new").click()
    tool.type_into(page, "hours_running", "6")
    tool.click_choice(page, "resolution_in_sight", "no")
    tool.type_into(page, "customer", "Globex")
    page.wait_for_function(ROOM_SHOWN, arg="#a_globex_escalation", timeout=tool.SETTLE_MS)
    expect(first).not_to_be_checked()
    page.locator("#dt-emergencies-list button").filter(has_text="Acme").click()
    page.wait_for_function(ROOM_SHOWN, arg="#a_acme_escalation", timeout=tool.SETTLE_MS)
    expect(first).to_be_checked()
    assert_clean(tab, site_url)


def test_forget_clears_form_and_storage(tab: Tab, site_url: str) -> None:
    """Forget (two clicks) empties the form and this browser's storage; the address bar holds
    nothing."""
    page = tab.page
    tool.open_tool(page)
    tool.type_into(page, "hours_running", "4")
    tool.click_choice(page, "resolution_in_sight", "no")
    tool.type_into(page, "customer", "Acme")
    tool.wait_recommendation(page, "escalate")
    page.locator("#dt-step-assign_ticket").check()
    # What the tool keeps of the answers (the marks of what was forgotten are no answers).
    stored = """() => Object.keys(localStorage)
      .filter((k) => k.startsWith('decision-tool:') && !/:forgotten(-at|:)/.test(k))"""
    assert len(page.evaluate(stored)) == 1  # the emergency: its answers and its ticks

    forget = page.locator("#dt-forget")
    forget.click()
    assert tool.recommendation(page) == "escalate", "one click alone forgets nothing"
    forget.click()
    tool.wait_recommendation(page, "")
    expect(page.locator('[name="hours_running"]')).to_have_value("")
    expect(page.locator('[name="customer"]')).to_have_value("")
    assert not page.locator('[name="resolution_in_sight"]:checked').count()
    assert page.evaluate(stored) == []
    assert "#" not in page.url
    page.reload()
    tool.wait_ready(page)
    expect(page.locator('[name="customer"]')).to_have_value("")
    assert_clean(tab, site_url)


def test_broken_engine_wheel_fails_visibly_and_retry_recovers(
    tab: Tab, server: NginxServer, built_site: Path
) -> None:
    """A wheel that fails its sha256 check: a failure message and Retry, never a silent blank."""
    page = tab.page
    wheel = tool.url_path(built_site, tool.engine_wheel(built_site))
    # No snapshot to restore from (as under `mkdocs serve`), so the engine comes from its wheel.
    server.state.faults[tool.PYODIDE + "snapshot.json"] = Fault(status=404)
    server.state.faults[wheel] = Fault(body=b"PK\x03\x04 not the wheel the lock file hashed")
    page.goto(tool.TOOL_PAGE)
    tool.type_into(page, "hours_running", "4")
    tool.click_choice(page, "resolution_in_sight", "no")
    page.wait_for_function(
        "() => window.decisionTool.status.phase === 'failed'", timeout=tool.TIMEOUT_MS
    )
    status = page.locator("#dt-status-text")
    expect(status).to_be_visible()
    expect(status).to_contain_text("failed")
    expect(status).to_contain_text("decision engine")
    retry = page.get_by_role("button", name="Retry")
    expect(retry).to_be_visible()
    assert tool.recommendation(page) == ""
    expect(page.locator(".dt-banner__headline")).to_contain_text("engine failed")
    assert wheel in server.state.requests

    del server.state.faults[wheel]
    retry.click()
    tool.wait_ready(page)
    tool.wait_recommendation(page, "escalate")
    expect(retry).to_be_hidden()


def test_engine_is_started_once_across_instant_navigation(tab: Tab, site_url: str) -> None:
    """Leaving and coming back through the nav reuses the ready engine and restores the answers."""
    page = tab.page
    tool.serve_sitemap_for(page, site_url)
    tool.open_tool(page)
    tool.type_into(page, "hours_running", "4")
    tool.click_choice(page, "resolution_in_sight", "no")
    tool.wait_recommendation(page, "escalate")
    page.evaluate("() => { window.__sameDocument = true; }")

    page.locator(".md-nav--primary").get_by_role("link", name="Escalation levels").first.click()
    page.wait_for_url("**/escalation-levels/")
    expect(page.locator("#dt")).to_have_count(0)
    nav = page.locator(".md-nav--primary")
    nav.get_by_role("link", name="Emergency -> Escalation").first.click()
    page.wait_for_url("**/emergency-to-escalation/**")
    tool.wait_recommendation(page, "escalate")
    assert page.evaluate("() => window.__sameDocument === true"), "not an instant navigation"
    expect(page.locator('[name="hours_running"]')).to_have_value("4")

    tool.click_choice(page, "resolution_in_sight", "yes")
    tool.wait_recommendation(page, "continue")
    workers = [
        u for u in tab.requests if urlsplit(u).path.endswith("/decision-tool/worker/worker.js")
    ]
    wasm = [u for u in tab.requests if urlsplit(u).path.endswith("/pyodide.asm.wasm")]
    assert len(workers) == 1 and len(wasm) == 1, "the engine was started more than once"
    assert_clean(tab, site_url)


def test_evaluate_hook_waits_for_the_engine(tab: Tab, site_url: str) -> None:
    """window.decisionTool.evaluate called at once (before ready) resolves to the decision."""
    page = tab.page
    page.goto(tool.TOOL_PAGE)
    decision = page.evaluate(
        """() => {
          const early = window.decisionTool.status.ready;
          return window.decisionTool.evaluate({ hours_running: 3.5, resolution_in_sight: 'unsure' })
            .then((d) => ({ early, d }));
        }"""
    )
    assert decision["early"] is False
    assert decision["d"]["recommendation"] == "escalate"
    assert [r["id"] for r in decision["d"]["reasons"]] == ["long_running"]
    assert page.evaluate("() => window.decisionTool.ready.then(() => 'ok')") == "ok"
    assert_clean(tab, site_url)


def test_questions_are_readable_without_javascript(browser: Browser, server: NginxServer) -> None:
    """With JavaScript off, every question, its help and its handbook link are on the page."""
    context = browser.new_context(base_url=server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(tool.TOOL_PAGE)
        form = page.locator("#dt-form")
        expect(form.get_by_text("Is there a clear resolution in sight?")).to_be_visible()
        expect(form.get_by_label("A renewal")).to_be_visible()
        expect(form.locator('[name="hours_running"]')).to_be_editable()
        expect(form.locator('a[href="#when-to-start"]').first).to_be_visible()
        expect(page.locator("#dt-status-text")).to_contain_text("needs JavaScript")
    finally:
        context.close()


def test_warning_links_lead_to_their_field(tab: Tab, site_url: str) -> None:
    """A missing detail's warning links to its field: following it opens the field's folded group
    and puts the cursor there. The missing details are one line that expands."""
    page = tab.page
    tool.open_tool(page)
    tool.type_into(page, "hours_running", "4")
    tool.click_choice(page, "resolution_in_sight", "no")
    tool.wait_recommendation(page, "escalate")
    warning = page.locator('#dt-warnings a[data-field="customer"]')
    summary = page.locator("#dt-warnings > summary")
    expect(summary).to_contain_text("Missing details")
    expect(warning).to_be_hidden()
    expect(page.locator('[name="customer"]')).to_be_hidden()  # its group is folded
    summary.click()
    expect(warning).to_be_visible()
    as_of = tool.hours_as_of(page)
    tool.wait_stored_answers(
        page, {"hours_running": 4, "hours_as_of": as_of, "resolution_in_sight": "no"}
    )
    before = page.evaluate("() => [location.href, history.length]")
    warning.click()
    expect(page.locator('[name="customer"]')).to_be_focused()
    # The address stays as it was; no history entry (Material's instant navigation stays out).
    page.wait_for_timeout(300)
    assert page.evaluate("() => [location.href, history.length]") == before
    page.keyboard.type("Initech")
    expect(page.locator('[name="customer"]')).to_have_value("Initech")
    expect(warning).to_have_count(0)
    assert tool.decode_fragment(tool.copy_link(page)) == tool.as_sent(
        page,
        {
            "hours_running": 4,
            "hours_as_of": as_of,
            "resolution_in_sight": "no",
            "customer": "Initech",
        },
    )
    assert_clean(tab, site_url)
