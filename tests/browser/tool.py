"""Driving the questionnaire page as a person would, and reading what it shows."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page, Route

TOOL_PAGE = "emergency-to-escalation/"
PYODIDE = "/assets/decision-tool/pyodide/"
TIMEOUT_MS = 90_000
SETTLE_MS = 20_000


def open_tool(page: Page, url: str = TOOL_PAGE) -> None:
    """Load the questionnaire page and wait until its engine can answer."""
    page.goto(url)
    wait_ready(page)


def wait_ready(page: Page) -> None:
    """Wait until the engine reports ready (window.decisionTool.status)."""
    page.wait_for_function(
        "() => window.decisionTool !== undefined && window.decisionTool.status.ready === true",
        timeout=TIMEOUT_MS,
    )


def recommendation(page: Page) -> str:
    """The banner's `data-recommendation` value ('' while there is none)."""
    value = page.locator("[data-recommendation]").get_attribute("data-recommendation")
    return value or ""


def wait_recommendation(page: Page, expected: str) -> None:
    """Wait until the banner shows `expected` ('escalate', 'continue' or '')."""
    page.wait_for_function(
        """(expected) => {
          const el = document.querySelector('[data-recommendation]');
          return el !== null && el.dataset.recommendation === expected;
        }""",
        arg=expected,
        timeout=SETTLE_MS,
    )


def type_into(page: Page, name: str, text: str) -> None:
    """Click a text field and type into it like a person (select all first, then type)."""
    field = page.locator(f'[name="{name}"]')
    field.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Backspace")
    if text:
        page.keyboard.type(text)


def click_choice(page: Page, name: str, value: str) -> None:
    """Click the label of a radio or checkbox choice."""
    page.locator(f'label:has(input[name="{name}"][value="{value}"])').click()


def templates(page: Page) -> dict[str, str]:
    """Every visible template text, by template id, exactly as its element holds it."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('[data-template]')]
          .filter((el) => el.closest('[hidden]') === null)
          .map((el) => [el.dataset.template, el.textContent]))"""
    )


def engine_decision(page: Page, answers: dict[str, Any]) -> dict[str, Any]:
    """The decision the page's engine gives for `answers` (window.decisionTool.evaluate)."""
    return page.evaluate("(answers) => window.decisionTool.evaluate(answers)", answers)


def wait_texts_for(page: Page, answers: dict[str, Any]) -> dict[str, str]:
    """Wait until every shown text is the engine's text for `answers`; return those texts.

    The page evaluates on every keystroke, so right after typing it may still show the texts
    of an earlier keystroke for a moment: wait for the final answers, never read mid-flight.
    """
    decision = engine_decision(page, answers)
    expected = {tid: t["text"] for tid, t in decision["templates"].items()}
    page.wait_for_function(
        """(expected) => Object.entries(expected).every(([id, text]) => {
          const el = [...document.querySelectorAll('[data-template]')]
            .find((node) => node.dataset.template === id);
          return el !== undefined && el.textContent === text;
        })""",
        arg=expected,
        timeout=SETTLE_MS,
    )
    return expected


def fragment_answers(page: Page) -> dict[str, Any] | None:
    """The answers the address bar's `#answers=` fragment carries (decoded here, in Python)."""
    return decode_fragment(page.url)


def wait_fragment_answers(page: Page, expected: dict[str, Any] | None) -> None:
    """Wait until the address bar carries `expected` (it follows the result after the paint)."""
    deadline = time.monotonic() + SETTLE_MS / 1000
    while (found := fragment_answers(page)) != expected:
        assert time.monotonic() < deadline, f"address bar carries {found}, not {expected}"
        page.wait_for_timeout(50)


def stored_answers(page: Page) -> dict[str, Any] | None:
    """The answers this browser keeps for the tool (localStorage), as the engine was sent them."""
    text = page.evaluate(
        """() => {
          const key = Object.keys(localStorage)
            .find((k) => k.startsWith('decision-tool:') && k.endsWith(':answers'));
          return key === undefined ? null : localStorage.getItem(key);
        }"""
    )
    return None if text is None else json.loads(text)


def decode_fragment(url: str) -> dict[str, Any] | None:
    """Decode `#answers=<base64url(UTF-8 JSON)>` from a URL."""
    import base64

    fragment = urlsplit(url).fragment
    if not fragment.startswith("answers="):
        return None
    data = fragment.removeprefix("answers=")
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    return json.loads(raw.decode("utf-8"))


def engine_wheel(site: Path) -> str:
    """The URL path of the engine wheel, as the site's pyodide-lock.json names it."""
    lock = json.loads((site / PYODIDE.strip("/") / "pyodide-lock.json").read_text("utf-8"))
    return PYODIDE + lock["packages"]["decision-tool"]["file_name"]


def snapshot_file(site: Path) -> str | None:
    """The URL path of the build's Pyodide memory snapshot (snapshot.json), None without one."""
    manifest = site / PYODIDE.strip("/") / "snapshot.json"
    if not manifest.is_file():
        return None
    return PYODIDE + json.loads(manifest.read_text("utf-8"))["file"]


def clipboard(page: Page) -> str:
    """What the clipboard holds, read in the page."""
    return page.evaluate("() => navigator.clipboard.readText()")


def local_value(page: Page, hours_from_now: float) -> str:
    """A datetime-local value `hours_from_now` from now, in the browser's time zone."""
    return page.evaluate(
        """(hours) => {
          const d = new Date(Date.now() + hours * 3600e3);
          const p = (n) => String(n).padStart(2, '0');
          return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
            + `T${p(d.getHours())}:${p(d.getMinutes())}`;
        }""",
        hours_from_now,
    )


def serve_sitemap_for(page: Page, site_url: str) -> None:
    """Serve sitemap.xml as built for this server's URL, so Material's instant navigation engages.

    The site is built for `site_url` in mkdocs.yml; Material rebases the sitemap's host but not
    its port, so on the test server's ephemeral port it would fall back to full page loads.
    """

    def rewrite(route: Route) -> None:
        """Answer with the real sitemap, its URLs moved to the test server."""
        response = route.fetch()
        body = re.sub(r"http://[^/<]+/", site_url, response.text())
        route.fulfill(response=response, body=body)

    page.route("**/sitemap.xml", rewrite)
