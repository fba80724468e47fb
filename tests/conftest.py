"""Shared fixtures: one strict build of the site, served by real nginx (deploy/nginx/), Chromium."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, expect, sync_playwright

from tools.browser import launch_chromium
from tools.build import mkdocs_build
from tools.nginx import NginxServer

# Two shared cores: an assertion waits up to 15 s for the page (Playwright's default is 5 s). A
# page that never gets there still fails; no test asserts how fast it gets there.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def site_server() -> Iterator[NginxServer]:
    """Debian's nginx on 127.0.0.1 with deploy/nginx/'s configuration, serving the site folder.

    nginx listens before the build, so that the build's `site_url` is the server's URL: Material's
    instant navigation follows only links on the host and port of `site_url`. After the build it
    reloads, to send the build's Content-Security-Policy header. The folder is one that an
    unprivileged nginx may read (pytest's own temporary folders are private to their user).
    """
    root = Path(tempfile.mkdtemp(prefix="handbook-site-"))
    root.chmod(0o755)
    server = NginxServer(root).start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def built_site(site_server: NginxServer) -> Path:
    """Build the site once per test session with `mkdocs build --strict`; fail on any warning."""
    out = site_server.state.root
    result = mkdocs_build(out, site_url=site_server.url)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    site_server.reload()
    return out


@pytest.fixture
def server(site_server: NginxServer, built_site: Path) -> Iterator[NginxServer]:
    """The site server, with faults and request log cleared after each test."""
    site_server.state.faults.clear()
    site_server.state.requests.clear()
    yield site_server
    site_server.state.faults.clear()


@pytest.fixture(scope="session")
def site_url(site_server: NginxServer, built_site: Path) -> str:
    """Base URL of the served site, ending in a slash."""
    return site_server.url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium per test session."""
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@dataclass
class Tab:
    """A fresh browser context and page, with everything it requested and complained about."""

    page: Page
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)


CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


@pytest.fixture
def tab(browser: Browser, server: NginxServer) -> Iterator[Tab]:
    """A new context (clipboard allowed) whose page records requests, errors and CSP violations."""
    context = browser.new_context(
        base_url=server.url,
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    record = Tab(page=page)
    context.on("request", lambda request: record.requests.append(_url(request)))
    page.on("console", lambda message: _console(record, message))
    page.on("pageerror", lambda error: record.console_errors.append(f"pageerror: {error}"))
    page.add_init_script(CSP_LISTENER)
    yield record
    context.close()


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
