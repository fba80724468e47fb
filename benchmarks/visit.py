"""One page visit in Chromium: open a URL in a profile, wait for the decision, read the probe."""

from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Playwright, Request

from tools.browser import CHROMIUM, CHROMIUM_ARGS

PROBE = Path(__file__).resolve().parent / "probe.js"
TOOL_URL_PARTS = ("/assets/decision-tool/", "/_bench/")
BLOCKING_MS = 50.0
READ_PROBE = """() => {
  const probe = { ...(window.__bench || {}) };
  const timings = window.decisionTool && window.decisionTool.timings;
  if (timings && typeof timings.engineReadyMs === "number") probe.readyAt = timings.engineReadyMs;
  if (timings && timings.startup) probe.startup = { ...timings.startup };
  const nav = performance.getEntriesByType("navigation")[0];
  if (nav) {
    probe.startup = {
      ...(probe.startup || {}),
      pageReceived: nav.responseEnd,
      domInteractive: nav.domInteractive,
      domContentLoaded: nav.domContentLoadedEventEnd,
    };
  }
  probe.timeOrigin = performance.timeOrigin;
  return probe;
}"""
#: Requests whose timing goes into a visit's start-up breakdown: (name, how the URL ends).
TIMED_REQUESTS = (
    ("worker.js", "/worker/worker.js"),
    ("snapshot.json", "/snapshot.json"),
    ("snapshot", ".bin"),
    ("pyodide.asm.wasm", "/pyodide.asm.wasm"),
    ("pyodide.asm.mjs", "/pyodide.asm.mjs"),
)
REVALIDATION = ("if-modified-since", "if-none-match")


@dataclass
class Throttle:
    """Network conditions applied through CDP to the page and its workers."""

    mbit_per_s: float
    latency_ms: float = 20.0


@dataclass
class VisitResult:
    """What one visit measured; times in ms from navigation start."""

    page: str
    mode: str
    ready_ms: float | None = None
    decision_ms: float | None = None
    decision_text: str | None = None
    longest_task_ms: float = 0.0
    tbt_ms: float = 0.0
    long_tasks: int = 0
    tool_longest_script_ms: float = 0.0
    transfer_bytes: int = 0
    requests: int = 0
    not_modified: int = 0
    code_cache: bool | None = None
    startup: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The result as plain JSON data."""
        return asdict(self)


def launch_profile(playwright: Playwright, profile: Path) -> BrowserContext:
    """Start Chromium on an on-disk profile (new dir = cold; same dir again = warm)."""
    return playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        headless=True,
    )


class _RequestLog:
    """Every request the context finished or failed, workers' included."""

    def __init__(self, context: BrowserContext) -> None:
        """Start listening on ``context``."""
        self.finished: list[Request] = []
        self.failed: list[str] = []
        context.on("requestfinished", lambda request: self.finished.append(request))
        context.on("requestfailed", lambda request: self.failed.append(request.url))

    def transfer(self) -> tuple[int, int, int]:
        """Bytes on the wire (headers + encoded body), request count, and 304 count.

        A warm visit runs under the site's service worker: the page's and its worker's requests
        are answered by it, and what reaches the network is the service worker's own request
        (in this log too, as Playwright reports a service worker's requests on the context).
        So an answer from the service worker counts as a request but adds no bytes: they are
        counted once, on its own request. (Playwright's `sizes()` never resolves for such an
        answer, nor for the service worker's navigation preload: asking it hung the bench. That
        preload, the page's request sent as the service worker starts, is sized by its headers:
        `Content-Length`, 0 for a 304.)
        """
        total = not_modified = 0
        for request in self.finished:
            response = request.response()
            if response is not None and response.from_service_worker:
                continue
            if request.service_worker is not None and request.resource_type != "fetch":
                total += _sized_by_headers(response)  # its navigation preload
                continue
            sizes = request.sizes()
            body = max(0, sizes["responseBodySize"])
            if response is not None and body == 0 and response.status in (200, 304):
                headers = request.all_headers()
                if response.status == 304 or any(key in headers for key in REVALIDATION):
                    not_modified += 1  # Chromium shows a revalidated hit as the cached 200
                else:
                    # Chromium reports 0 for a module worker's own script; take the server's length.
                    body = int(response.headers.get("content-length", "0") or 0)
            total += body + max(0, sizes["responseHeadersSize"])
        return total, len(self.finished), not_modified

    def timed(self, time_origin: float) -> dict[str, float]:
        """When the timed requests were sent and done, in ms from the page's navigation start."""
        out: dict[str, float] = {}
        for request in self.finished:
            for name, ending in TIMED_REQUESTS:
                if not request.url.split("?")[0].endswith(ending):
                    continue
                timing = request.timing
                start = timing.get("startTime", -1)
                if start <= 0:
                    continue
                out.setdefault(f"{name} requested", start - time_origin)
                if timing.get("responseEnd", -1) >= 0:
                    out.setdefault(f"{name} received", start + timing["responseEnd"] - time_origin)
        return out


def _sized_by_headers(response: Any) -> int:
    """Bytes of a navigation preload from its response's headers (no `sizes()`)."""
    if response is None:
        return 0
    headers = response.headers
    head = sum(len(key) + len(value) + 4 for key, value in headers.items())
    body = 0 if response.status == 304 else int(headers.get("content-length", "0") or 0)
    return head + body


def visit(
    context: BrowserContext,
    url: str,
    *,
    page_key: str,
    mode: str,
    wait_for: str,
    settle_ms: int = 1000,
    timeout_ms: int = 90_000,
    throttle: Throttle | None = None,
) -> tuple[VisitResult, Any]:
    """Open ``url`` in ``context``; wait until ``wait_for`` (ready|decision); read the probe."""
    context.add_init_script(path=str(PROBE))
    log = _RequestLog(context)
    page = context.pages[0] if context.pages else context.new_page()
    result = VisitResult(page=page_key, mode=mode)
    page.on("pageerror", lambda error: result.errors.append(f"pageerror: {error}"))
    page.on(
        "console",
        lambda message: (
            result.errors.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    if throttle is not None:
        _throttle(context, page, throttle)
    page.goto(url, wait_until="commit")
    key = "readyAt" if wait_for == "ready" else "decisionAt"
    try:
        page.wait_for_function(
            f"() => window.__bench && window.__bench.{key} !== null", timeout=timeout_ms
        )
    except Exception as error:  # a timeout is a result worth reporting, not a crash
        result.errors.append(f"timeout waiting for {wait_for}: {error}")
    page.wait_for_timeout(settle_ms)
    probe = page.evaluate(READ_PROBE) or {}
    _fill(result, probe)
    if probe.get("timeOrigin"):
        result.startup.update(log.timed(probe["timeOrigin"]))
    result.transfer_bytes, result.requests, result.not_modified = log.transfer()
    result.errors.extend(f"request failed: {failed}" for failed in log.failed)
    return result, page


def _throttle(context: BrowserContext, page: Any, throttle: Throttle) -> None:
    """Apply download/upload limits and latency through CDP (Chromium applies them to workers)."""
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    bytes_per_s = throttle.mbit_per_s * 1_000_000 / 8
    session.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": throttle.latency_ms,
            "downloadThroughput": bytes_per_s,
            "uploadThroughput": bytes_per_s,
        },
    )


def _fill(result: VisitResult, probe: dict[str, Any]) -> None:
    """Copy the probe's records into the result: times, long tasks, the tool's share."""
    result.ready_ms = probe.get("readyAt")
    result.decision_ms = probe.get("decisionAt")
    result.decision_text = probe.get("decisionText")
    result.errors.extend(probe.get("errors") or [])
    result.startup = {
        step: float(at)
        for step, at in (probe.get("startup") or {}).items()
        if isinstance(at, int | float) and at > 0
    }
    tasks = probe.get("longTasks") or []
    result.long_tasks = len(tasks)
    result.longest_task_ms = max((task["duration"] for task in tasks), default=0.0)
    result.tbt_ms = sum(max(0.0, task["duration"] - BLOCKING_MS) for task in tasks)
    scripts = [
        script
        for frame in probe.get("frames") or []
        for script in frame["scripts"]
        if any(part in (script.get("url") or "") for part in TOOL_URL_PARTS)
    ]
    result.tool_longest_script_ms = max((script["duration"] for script in scripts), default=0.0)


def code_cache_entries(profile: Path) -> int:
    """Files in the profile's wasm code cache (Chromium keeps compiled wasm there for next time)."""
    folder = profile / "Default" / "Code Cache" / "wasm"
    if not folder.is_dir():
        return 0
    return sum(1 for path in folder.iterdir() if path.is_file() and path.name.endswith("_0"))


def close_quietly(context: BrowserContext) -> None:
    """Close a context (and its browser) without masking an earlier error."""
    with contextlib.suppress(Exception):
        context.close()
