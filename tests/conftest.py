"""Shared fixtures: one strict build of the site, served by real nginx (deploy/nginx/), Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from tools.browser import Tab, launch_chromium, new_tab
from tools.build import mkdocs_build
from tools.nginx import NginxServer, served_folder

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
    with served_folder("handbook-site-") as server:
        yield server


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


@pytest.fixture
def tab(browser: Browser, server: NginxServer) -> Iterator[Tab]:
    """A new context (clipboard allowed) whose page records requests, errors and CSP violations."""
    record = new_tab(browser, server.url)
    yield record
    record.page.context.close()
