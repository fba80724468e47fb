"""Failures are visible, never silent: a broken runtime, wheel or worker, a Python exception,
a browser without WebAssembly. Each shows a clear message; the guidance and questions stay."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from sitebuild.paths import SITE_DIR
from tests.trust import faults
from tests.trust.corpus import BASE_ANSWERS
from tools import questionnaire as tool
from tools.browser import Tab
from tools.nginx import Fault, NginxServer

pytestmark = pytest.mark.browser

FAILED = "() => document.querySelector('#dt-status')?.dataset.phase === 'failed'"
READY = "() => document.querySelector('#dt-status')?.dataset.phase === 'ready'"
WAIT_MS = 60_000  # a healthy start takes seconds; a failure must show well within this


def wait_failed(page: Page) -> str:
    """Wait for the status to say the engine failed; return what it says."""
    try:
        page.wait_for_function(FAILED, timeout=WAIT_MS)
    except PlaywrightTimeoutError:
        status = page.locator("#dt-status").inner_text()
        raise AssertionError(f"no failure shown after {WAIT_MS} ms; status: {status!r}") from None
    return page.locator("#dt-status").inner_text()


def assert_still_useful(page: Page) -> None:
    """The handbook guidance is readable and the static questions can still be answered."""
    guidance = page.locator("#when-to-start")
    expect(guidance).to_be_visible()
    body = page.locator("article").inner_text()
    assert "3 hours" in body and "outside factors" in body.lower()
    for name in ("hours_running", "started_at", "customer", "summary"):
        tool.reveal(page, name)  # the details are folded: a click on a group opens it
        expect(tool.field(page, name).first).to_be_visible()
        expect(tool.field(page, name).first).to_be_editable()
    expect(page.locator('[name="resolution_in_sight"]')).to_have_count(3)
    expect(page.locator('[name="blocked"]')).to_have_count(3)


def no_recommendation(page: Page) -> None:
    """The result area shows no recommendation (never a stale or made-up one)."""
    assert page.locator("[data-recommendation]").get_attribute("data-recommendation") == ""


def test_wasm_404_shows_the_failure_and_retry_recovers(tab: Tab, server: NginxServer) -> None:
    """pyodide.asm.wasm answers 404: a clear message and Retry; Retry then gives the decision."""
    page = tab.page
    server.state.faults[faults.WASM] = Fault(status=404)
    tool.open_tool(page, watch=True, wait=False)
    message = wait_failed(page)
    assert re.search(r"fail", message, re.I), message
    expect(page.locator("#dt-retry")).to_be_visible()
    assert_still_useful(page)
    tool.set_answer(page, "hours_running", "5")
    tool.set_answer(page, "resolution_in_sight", "no")
    tool.settle(page)
    no_recommendation(page)
    banner = page.locator("#dt-banner").inner_text()
    assert re.search(r"fail|not available|unavailable", banner, re.I), banner

    server.state.faults.clear()
    page.locator("#dt-retry").click()
    page.wait_for_function(READY, timeout=WAIT_MS)
    expect(page.locator("#dt-retry")).to_be_hidden()
    wait_recommendation(page, "escalate")


def test_wheel_failing_its_integrity_check_is_reported(
    tab: Tab, server: NginxServer, built_site: Path
) -> None:
    """The engine wheel's bytes differ from the lock's sha256: failed, with a reason and Retry."""
    page = tab.page
    wheel = tool.engine_wheel(built_site)
    # No memory snapshot (or a failed one): the worker installs the wheels.
    server.state.faults[faults.SNAPSHOT_MANIFEST] = Fault(status=404)
    server.state.faults[tool.url_path(built_site, wheel)] = Fault(
        body=wheel.read_bytes() + b"tampered"
    )
    tool.open_tool(page, watch=True, wait=False)
    message = wait_failed(page)
    assert re.search(r"engine|package|integrity|sha|checksum", message, re.I), message
    expect(page.locator("#dt-retry")).to_be_visible()
    assert_still_useful(page)
    tool.set_answer(page, "hours_running", "5")
    tool.set_answer(page, "resolution_in_sight", "no")
    tool.settle(page)
    no_recommendation(page)
    server.state.faults.clear()
    page.locator("#dt-retry").click()
    page.wait_for_function(READY, timeout=WAIT_MS)
    wait_recommendation(page, "escalate")


def wait_recommendation(page: Page, recommendation: str) -> None:
    """The answers already given get their decision once the engine is back, without retyping."""
    page.wait_for_function(
        "(want) => document.querySelector('[data-recommendation]').dataset.recommendation === want",
        arg=recommendation,
        timeout=10_000,
    )


def test_worker_crashing_at_start_is_reported(tab: Tab, server: NginxServer) -> None:
    """worker.js throws as it loads: failed, with a reason and Retry."""
    page = tab.page
    server.state.faults[faults.WORKER] = Fault(
        body=b"throw new Error('injected: the worker crashed while starting');"
    )
    tool.open_tool(page, watch=True, wait=False)
    message = wait_failed(page)
    assert re.search(r"worker|engine", message, re.I), message
    expect(page.locator("#dt-retry")).to_be_visible()
    assert_still_useful(page)


def fill_and_trigger(page: Page, trigger: str) -> None:
    """Answer to a full escalation, then type the trigger as the customer's name."""
    tool.fill(page, BASE_ANSWERS)
    page.wait_for_function(
        "() => document.querySelector('[data-recommendation]').dataset.recommendation !== ''",
        timeout=WAIT_MS,
    )
    tool.set_answer(page, "customer", trigger)


def assert_error_shown(page: Page) -> None:
    """Within seconds the page says something went wrong; no recommendation, no stale texts."""
    try:
        page.wait_for_function(
            """() => {
              const said = ['#dt-status', '#dt-banner', '#dt-doc-errors']
                .map((s) => document.querySelector(s)?.innerText || '').join(' ');
              return /fail|error|went wrong|could not|crash/i.test(said);
            }""",
            timeout=15_000,
        )
    except PlaywrightTimeoutError:
        status = page.locator("#dt-status").inner_text()
        banner = page.locator("#dt-banner").inner_text()
        raise AssertionError(f"no error shown; status {status!r}, banner {banner!r}") from None
    banner = page.locator("#dt-banner").inner_text()
    assert not re.search(r"loading", banner, re.I), f"a failure shown as loading: {banner!r}"
    no_recommendation(page)
    texts = page.locator("[data-template]")
    assert texts.count() == 0 or not page.locator("#dt-templates").is_visible()


def test_worker_throwing_during_evaluate_is_reported(
    tab: Tab, server: NginxServer, built_site: Path
) -> None:
    """The worker throws while evaluating: the page reports it (no blank, no stale result)."""
    page = tab.page
    server.state.faults[faults.WORKER] = Fault(
        body=faults.worker_with(built_site, faults.CRASHING_LISTENER)
    )
    tool.open_tool(page, watch=True)
    fill_and_trigger(page, faults.WORKER_TRIGGER)
    assert_error_shown(page)


def test_python_exception_in_evaluate_reaches_the_page_as_an_error(
    tab: Tab, server: NginxServer, built_site: Path
) -> None:
    """evaluate_json raises inside Pyodide: an error message, never a blank or loading result."""
    page = tab.page
    wheel = tool.engine_wheel(built_site)
    data = faults.patched_wheel(wheel, "decision_tool/__init__.py", faults.RAISING_EVALUATE)
    server.state.faults[faults.SNAPSHOT_MANIFEST] = Fault(status=404)
    server.state.faults[tool.url_path(built_site, wheel)] = Fault(body=data)
    server.state.faults[faults.LOCK] = Fault(body=faults.lock_with(built_site, wheel.name, data))
    tool.open_tool(page, watch=True)
    fill_and_trigger(page, faults.PYTHON_TRIGGER)
    assert_error_shown(page)
    # The engine itself is fine: the next answer gets a decision again.
    tool.set_answer(page, "customer", "Acme")
    wait_recommendation(page, "escalate")


def test_browser_without_webassembly_is_told_before_the_worker_starts(
    tab: Tab, server: NginxServer, built_site: Path
) -> None:
    """No WebAssembly: a message that says so at once; no worker, no runtime download."""
    page = tab.page
    page.add_init_script("delete globalThis.WebAssembly;")
    # The worker of such a browser lacks it too.
    server.state.faults[faults.WORKER] = Fault(
        body=faults.worker_with(built_site, "delete globalThis.WebAssembly;")
    )
    tool.open_tool(page, watch=True, wait=False)
    message = wait_failed(page)
    assert re.search(r"WebAssembly", message), message
    assert_still_useful(page)
    started = [path for path in server.state.requests if path.startswith(f"/{SITE_DIR}/")]
    assert faults.WORKER not in started, "the worker was started although it cannot run"
    assert faults.WASM not in started, "the runtime was downloaded although it cannot run"
