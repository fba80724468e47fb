"""The engine in the page cannot be taken over or lost (issue 13, points 1 and 4): a snapshot put
into Cache Storage by another script of the origin is refused, "Forget" drops the cached one, and
a worker that dies is replaced with a visible message, after which evaluations still answer."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from sitebuild.pyodide import snapshot
from tests.trust import faults
from tools import questionnaire as tool
from tools.browser import Tab
from tools.nginx import Fault, NginxServer

pytestmark = pytest.mark.browser

#: Appended to the build's warm-up: a snapshot whose engine always says "continue" (the
#: red-team's payload turned "escalate" into "continue"). It restores and warms up like ours.
POISON = '''

import json as _json

_real_evaluate_json = decision_tool.evaluate_json


def _poisoned(text, *args, **kwargs):
    """Turn every escalation into "continue"."""
    decision = _json.loads(_real_evaluate_json(text, *args, **kwargs))
    if decision.get("recommendation") == "escalate":
        decision["recommendation"] = "continue"
    return _json.dumps(decision)


decision_tool.evaluate_json = _poisoned
'''
POISON_PATH = "/poisoned-snapshot.bin"

CACHED_SNAPSHOTS = """async () => {
  const found = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith('decision-tool-snapshot')) continue;
    for (const request of await (await caches.open(name)).keys()) found.push([name, request.url]);
  }
  return found;
}"""

# Another script of the origin replaces every cached snapshot with the poisoned one.
PUT_POISON = """async (path) => {
  const bytes = await (await fetch(path)).arrayBuffer();
  let put = 0;
  for (const name of await caches.keys()) {
    if (!name.startsWith('decision-tool-snapshot')) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      await cache.put(request, new Response(bytes.slice(0)));
      put += 1;
    }
  }
  return put;
}"""


@pytest.fixture(scope="module")
def poisoned_snapshot(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A valid Pyodide snapshot of the site's runtime and engine, made with a poisoned warm-up."""
    node = shutil.which("node")
    assert node is not None, "node is not installed (make setup)"
    folder = tmp_path_factory.mktemp("poison")
    warm_up = folder / "warm_up.py"
    warm_up.write_text(snapshot.WARM_UP.read_text(encoding="utf-8") + POISON, encoding="utf-8")
    out = folder / "poisoned.bin"
    result = subprocess.run(
        [node, str(snapshot.SCRIPT), str(built_site / tool.PYODIDE_DIR), str(warm_up), str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


def wait_cached(page: Page) -> list[list[str]]:
    """Wait until the worker has kept its snapshot in Cache Storage; [cache name, URL] pairs."""
    deadline = time.monotonic() + tool.TIMEOUT_MS / 1000
    while not (cached := page.evaluate(CACHED_SNAPSHOTS)):
        assert time.monotonic() < deadline, "the snapshot was never kept in Cache Storage"
        page.wait_for_timeout(500)
    return cached


def escalate(tab: Tab) -> None:
    """Answer past the threshold with no resolution in sight: the handbook says escalate."""
    tool.type_into(tab.page, "hours_running", "5")
    tool.click_choice(tab.page, "resolution_in_sight", "no")
    tool.wait_recommendation(tab.page, "escalate")


def test_a_poisoned_snapshot_in_cache_storage_is_refused(
    tab: Tab, server: NginxServer, built_site: Path, poisoned_snapshot: bytes
) -> None:
    """Another valid snapshot in the worker's cache (one that says "continue" for everything):
    the worker checks the bytes against the manifest, refuses it, and the decision is right;
    "Forget" then drops the cached snapshot."""
    page = tab.page
    real = tool.snapshot_file(built_site)
    assert real is not None, "the build makes a Pyodide snapshot (snapshot.json)"
    tool.open_tool(page)
    cached = wait_cached(page)
    assert [urlsplit(url).path for _, url in cached] == [real]

    server.state.faults[POISON_PATH] = Fault(body=poisoned_snapshot)
    assert page.evaluate(PUT_POISON, POISON_PATH) == 1
    tab.requests.clear()
    page.reload()
    tool.wait_ready(page)
    escalate(tab)
    assert real in [urlsplit(url).path for url in tab.requests], "the real snapshot was refetched"
    # The cache is this site's (its path, here the server's root), not the whole origin's.
    assert all(name.endswith(":/") for name, _ in page.evaluate(CACHED_SNAPSHOTS))

    page.locator("#dt-forget").click()
    page.locator("#dt-forget").click()
    tool.wait_recommendation(page, "")
    deadline = time.monotonic() + tool.SETTLE_MS / 1000
    while page.evaluate(CACHED_SNAPSHOTS):
        assert time.monotonic() < deadline, "Forget left the snapshot in Cache Storage"
        page.wait_for_timeout(200)


STATUS_LOG = """() => {
  window.__statusLog = [];
  const node = document.querySelector('#dt-status');
  new MutationObserver(() => window.__statusLog.push(node.innerText))
    .observe(node, { childList: true, subtree: true, characterData: true, attributes: true });
}"""


def assert_replaced_and_answering(tab: Tab) -> None:
    """The page said the engine restarts; then the hook and the form answer again."""
    page = tab.page
    page.wait_for_function(
        "() => window.__statusLog.some((text) => /restart/i.test(text))", timeout=tool.SETTLE_MS
    )
    tool.wait_ready(page)
    decision = tool.engine_decision(page, {"hours_running": 1, "resolution_in_sight": "yes"})
    assert decision["recommendation"] == "continue", decision
    tool.type_into(page, "hours_running", "1")
    tool.wait_recommendation(page, "continue")


def test_a_worker_that_dies_is_replaced_and_evaluations_still_answer(tab: Tab) -> None:
    """The worker throws an uncaught error after start: the page says the engine is restarting,
    starts a new one, and both the form and window.decisionTool.evaluate answer again."""
    page = tab.page
    tool.open_tool(page, watch=True)
    escalate(tab)
    page.evaluate(STATUS_LOG)
    (worker,) = [worker for worker in page.workers if worker.url.endswith(faults.WORKER)]
    worker.evaluate("() => { setTimeout(() => { throw new Error('injected: worker died'); }); }")
    assert_replaced_and_answering(tab)


FATAL_TRIGGER = "trigger-pyodide-fatal"
# Prepended to worker.js: on the trigger, the worker answers as it does when Pyodide went fatal.
FATAL_LISTENER = f"""
self.addEventListener('message', (event) => {{
  const data = event.data || {{}};
  if (data.type === 'evaluate' && String(data.text).includes('{FATAL_TRIGGER}')) {{
    event.stopImmediatePropagation();
    const message = 'Pyodide has suffered a fatal error';
    self.postMessage({{ type: 'fatal', id: data.id, message }});
  }}
}});
"""


def test_a_worker_whose_pyodide_went_fatal_is_replaced(
    tab: Tab, server: NginxServer, built_site: Path
) -> None:
    """The worker reports a fatal Pyodide: that evaluation fails with an error (not `undefined`),
    the page says the engine is restarting, and the next evaluations answer."""
    page = tab.page
    server.state.faults[faults.WORKER] = Fault(body=faults.worker_with(built_site, FATAL_LISTENER))
    tool.open_tool(page, watch=True)
    escalate(tab)
    page.evaluate(STATUS_LOG)
    outcome = page.evaluate(
        """(trigger) => window.decisionTool.evaluate({ customer: trigger })
          .then((decision) => ({ decision: decision === undefined ? 'undefined' : decision }),
                (error) => ({ error: String(error?.message ?? error) }))""",
        FATAL_TRIGGER,
    )
    assert "error" in outcome and "fatal" in outcome["error"], outcome
    assert_replaced_and_answering(tab)
