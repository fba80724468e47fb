"""In Chromium, Pyodide installs the engine from the site's lock and refuses a wrong sha256."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser

from tools.nginx import Fault, NginxServer

FOLDER = "assets/decision-tool/pyodide/"
TAMPERED = f"/{FOLDER}tampered-lock.json"

# The worker's incantation (see plugin.py), run in a page of the site's origin.
LOAD = """async ([base, lock]) => {
  const { loadPyodide } = await import(base + "pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL: base, lockFileURL: lock, packageBaseUrl: base });
  const errors = [];
  const loaded = await pyodide.loadPackage(["decision-tool"], {
    errorCallback: (message) => errors.push(message),
  });
  let engine;
  try {
    engine = pyodide.runPython("import decision_tool; decision_tool.__file__");
  } catch (error) {
    engine = "ImportError";
  }
  return { loaded: loaded.map((pkg) => pkg.name).sort(), errors, engine };
}"""

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def load_engine(browser: Browser, server: NginxServer, lock_path: str) -> dict:
    """Load Pyodide and `decision-tool` from the site in a fresh context; report what happened."""
    context = browser.new_context()
    try:
        page = context.new_page()
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        # A same-origin document without the pages' CSP: this test is about the lock, not CSP.
        page.goto(server.url + FOLDER + "pyodide-lock.json")
        outcome = page.evaluate(LOAD, [server.url + FOLDER, server.url + lock_path.lstrip("/")])
        outcome["foreign"] = [url for url in requests if not url.startswith(server.url)]
        return outcome
    finally:
        context.close()


def test_browser_installs_the_locked_wheels(browser: Browser, server: NginxServer) -> None:
    """The site's lock installs the engine and its dependencies from the site, nothing else."""
    outcome = load_engine(browser, server, FOLDER + "pyodide-lock.json")
    assert outcome["errors"] == []
    assert outcome["loaded"] == [
        "decision-tool",
        "icalendar",
        "jinja2",
        "markdown-it-py",
        "markupsafe",
        "mdurl",
        "python-dateutil",
        "tzdata",
    ]
    assert "/site-packages/decision_tool/" in outcome["engine"]
    assert outcome["foreign"] == []


def test_browser_refuses_a_wheel_whose_sha256_differs(
    browser: Browser, server: NginxServer
) -> None:
    """A lock with a wrong sha256 for the engine makes its install fail, reported loudly."""
    lock = json.loads((server.state.root / FOLDER / "pyodide-lock.json").read_text())
    lock["packages"]["decision-tool"]["sha256"] = "0" * 64
    server.state.faults[TAMPERED] = Fault(body=json.dumps(lock).encode())
    outcome = load_engine(browser, server, TAMPERED)
    assert "decision-tool" not in outcome["loaded"]
    assert any("decision-tool" in message for message in outcome["errors"])
    assert outcome["engine"] == "ImportError"
    assert outcome["foreign"] == []
