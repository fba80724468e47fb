"""Debian's Chromium through Playwright: launched, and tabs that record what their page did."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from playwright.sync_api import (
    Browser,
    BrowserContext,
    BrowserType,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_chromium(playwright: Playwright) -> Browser:
    """Start a headless Chromium; fail loudly when it is not installed."""
    if not CHROMIUM.exists():
        raise RuntimeError(
            f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium) first"
        )
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def launch_profile(
    browser_type: BrowserType, profile: Path, base_url: str, timezone_id: str | None = None
) -> BrowserContext:
    """Chromium on a profile folder of its own (kept on disk: close it and launch it again to
    reopen the browser with what it stored), clipboard allowed, in the time zone `timezone_id`
    when given. Close it with `.close()`."""
    if not CHROMIUM.exists():
        raise RuntimeError(
            f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium) first"
        )
    return browser_type.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        args=[arg for arg in CHROMIUM_ARGS if arg != "--headless"],
        headless=True,
        base_url=base_url,
        permissions=["clipboard-read", "clipboard-write"],
        timezone_id=timezone_id,
    )


@dataclass
class Tab:
    """A fresh browser context and page, with everything it requested and complained about."""

    page: Page
    requests: list[str] = field(default_factory=list)
    # the site's service worker's own fetches (of files the page asked it for, or kept offline)
    worker_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)


CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


def new_tab(browser: Browser, base_url: str, timezone_id: str | None = None) -> Tab:
    """A new context (clipboard allowed) whose page records requests, errors and CSP violations;
    in the time zone `timezone_id` when given (this machine and CI run in UTC).

    Close it with `tab.page.context.close()`.
    """
    context = browser.new_context(
        base_url=base_url,
        permissions=["clipboard-read", "clipboard-write"],
        timezone_id=timezone_id,
    )
    page = context.new_page()
    record = Tab(page=page)
    context.on("request", lambda request: _request(record, request))
    page.on("console", lambda message: _console(record, message))
    page.on("pageerror", lambda error: record.console_errors.append(f"pageerror: {error}"))
    page.add_init_script(CSP_LISTENER)
    return record


def _request(record: Tab, request: Request) -> None:
    """Note a request: the page's (and its workers'), or the service worker's own fetch."""
    kind = record.requests if request.service_worker is None else record.worker_requests
    kind.append(_url(request))


@contextmanager
def zoned_tab(browser: Browser, base_url: str, timezone_id: str, now: datetime) -> Iterator[Tab]:
    """A new tab (see `new_tab`) in the time zone `timezone_id`, its page's clock fixed at `now`;
    closed afterwards."""
    record = new_tab(browser, base_url, timezone_id=timezone_id)
    record.page.clock.set_fixed_time(now)
    try:
        yield record
    finally:
        record.page.context.close()


def _url(request: Request) -> str:
    """The URL of a recorded request."""
    return request.url


def _console(record: Tab, message: ConsoleMessage) -> None:
    """Keep console errors, and CSP violations apart as well."""
    if message.type != "error":
        return
    record.console_errors.append(message.text)
    if "Content Security Policy" in message.text or message.text.startswith("CSP violation"):
        record.csp_violations.append(message.text)
