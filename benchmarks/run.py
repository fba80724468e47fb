"""`python -m benchmarks.run`: F, P and O alternated in one run, cold and warm; JSON + Markdown."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Playwright, sync_playwright

from tools.browser import launch_chromium
from tools.build import REPO
from tools.nginx import NginxServer
from tools.questionnaire import TOOL_PAGE

from . import answers, engines, report, site
from .visit import (
    Throttle,
    VisitResult,
    close_quietly,
    code_cache_entries,
    launch_profile,
    visit,
)

RESULTS = Path(__file__).resolve().parent / "results"
EDITS_JS = (Path(__file__).resolve().parent / "edits.js").read_text(encoding="utf-8")
EDIT_FIELD = "customer"
RESULT_AREA = "#dt-templates"


#: A page to measure: its URL, what to wait for, and the URL of a warm visit when it differs.
Target = tuple[str, str] | tuple[str, str, str]
#: The slow line: 10 Mbit/s with 80 ms latency.
SLOW = Throttle(mbit_per_s=10.0, latency_ms=80.0)


def page_urls(base: str, snapshot: bool) -> dict[str, Target]:
    """Each page's URL and what to wait for (the runtime for F, the first decision otherwise).

    A repeat visit of O and N opens the tool page without a link: the page reopens the emergency
    this browser stored at the first visit (the link's answers). N (our page without the
    snapshot) only exists when the site has one.
    """
    urls: dict[str, Target] = {
        "F": (f"{base}{site.BENCH_DIR}/bare.html", "ready"),
        "P": (f"{base}{site.BENCH_DIR}/plain.html{answers.fragment()}", "decision"),
        "P2": (f"{base}{site.BENCH_DIR}/lean.html{answers.fragment()}", "decision"),
        "O": (f"{base}{answers.link()}", "decision", f"{base}{TOOL_PAGE}"),
    }
    if snapshot:
        urls["N"] = (
            f"{base}{site.NO_SNAPSHOT_DIR}/{answers.link()}",
            "decision",
            f"{base}{site.NO_SNAPSHOT_DIR}/{TOOL_PAGE}",
        )
    return urls


def measure_page(
    playwright: Playwright,
    profile: Path,
    key: str,
    target: Target,
    *,
    edits: int = 0,
    throttle: Throttle | None = None,
    warm: bool = True,
) -> tuple[list[VisitResult], list[float]]:
    """Cold visit in a new profile, then (optionally) warm: a new browser on the same profile."""
    url, wait_for = target[0], target[1]
    warm_url = target[2] if len(target) > 2 else url
    results: list[VisitResult] = []
    latencies: list[float] = []
    modes = ("cold", "warm") if warm else ("cold",)
    for mode in modes:
        cached = code_cache_entries(profile) > 0
        context = launch_profile(playwright, profile)
        try:
            result, page = visit(
                context,
                warm_url if mode == "warm" else url,
                page_key=key,
                mode=mode,
                wait_for=wait_for,
                throttle=throttle,
            )
            result.code_cache = cached
            results.append(result)
            if mode == "warm" and edits:
                latencies = measure_edits(page, edits, result)
        finally:
            close_quietly(context)
    return results, latencies


def measure_edits(page: Any, count: int, result: VisitResult) -> list[float]:
    """Edit one answer ``count`` times in the page; latency from input event to DOM update."""
    try:
        return page.evaluate(
            EDITS_JS,
            {
                "field": EDIT_FIELD,
                "count": count,
                "resultSelector": RESULT_AREA,
                "timeoutMs": 5000,
                "pauseMs": 30,
            },
        )
    except Exception as error:
        result.errors.append(f"edit latency: {error}")
        return []


def run(args: argparse.Namespace, playwright: Playwright, base: str, tmp: Path) -> dict[str, Any]:
    """All visits of one bench run: pages alternated (rotated order) run by run."""
    targets = page_urls(base, args.snapshot)
    keys = list(targets)
    visits: list[VisitResult] = []
    edits: list[float] = []
    for number in range(args.runs):
        order = keys[number % len(keys) :] + keys[: number % len(keys)]
        for key in order:
            profile = tmp / f"profile-{number}-{key}"
            results, latencies = measure_page(
                playwright,
                profile,
                key,
                targets[key],
                edits=args.edits if key == "O" and number == 0 else 0,
            )
            visits += results
            edits += latencies
            _progress(results)
    throttled: dict[str, Any] = {}
    lines = [(Throttle(mbit_per_s=args.throttle_mbit), args.throttle_runs), (SLOW, args.slow_runs)]
    for throttle, runs in lines:
        if throttle.mbit_per_s > 0 and runs > 0:
            name, section = throttled_line(playwright, targets, tmp, throttle, runs)
            throttled[name] = section
    result = report.summarize([v.to_dict() for v in visits], edits)
    result["throttled"] = throttled
    result["visits"] = [v.to_dict() for v in visits]
    result["edit_latencies_ms"] = edits
    return result


def throttled_line(
    playwright: Playwright,
    targets: dict[str, Target],
    tmp: Path,
    throttle: Throttle,
    runs: int,
) -> tuple[str, dict[str, Any]]:
    """Cold visits of P, P2, O (and N) on one throttled line, alternated; their summary."""
    label = f"{throttle.mbit_per_s:g} Mbit/s, {throttle.latency_ms:g} ms latency"
    slow: list[VisitResult] = []
    keys = [key for key in ("P", "P2", "O", "N") if key in targets]
    for number in range(runs):
        for key in keys if number % 2 == 0 else keys[::-1]:
            profile = tmp / f"throttled-{throttle.mbit_per_s:g}-{number}-{key}"
            results, _ = measure_page(
                playwright, profile, key, targets[key], throttle=throttle, warm=False
            )
            slow += results
            _progress(results, f"{throttle.mbit_per_s:g} Mbit/s ")
    section = report.summarize([v.to_dict() for v in slow], [])
    return label, {
        "pages": {key: modes["cold"] for key, modes in section["pages"].items()},
        "ratios": section["ratios"],
    }


def _progress(results: list[VisitResult], prefix: str = "") -> None:
    """One line per visit on stdout."""
    for item in results:
        shown = report.decision_time(item.to_dict())
        text = "—" if shown is None else f"{shown:.0f} ms"
        errors = f" errors={len(item.errors)}" if item.errors else ""
        print(
            f"  {prefix}{item.page} {item.mode}: {text}, longest task "
            f"{item.longest_task_ms:.0f} ms, {item.transfer_bytes / 1e6:.2f} MB{errors}",
            flush=True,
        )


def _commit() -> str:
    """The repository's HEAD commit (short), marked `+dirty` when the work tree has changes."""

    def git(*command: str) -> str:
        """Run git in the repository; its stdout."""
        return subprocess.run(
            ["git", *command], cwd=REPO, capture_output=True, text=True, check=False
        ).stdout.strip()

    head = git("rev-parse", "--short", "HEAD")
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return f"{head}+dirty" if head and dirty else head


def meta(args: argparse.Namespace, playwright_version: str, commit: str) -> dict[str, Any]:
    """Where and how the numbers were taken."""
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit or "unknown",
        "browser": playwright_version,
        "cpus": os.cpu_count(),
        "runs": args.runs,
        "edits": args.edits,
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per page and mode (default 5)")
    parser.add_argument("--edits", type=int, default=200, help="edits timed on O (default 200)")
    parser.add_argument("--site", type=Path, help="a built site to use instead of building one")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the results")
    parser.add_argument("--throttle-mbit", type=float, default=50.0, help="0 turns it off")
    parser.add_argument("--throttle-runs", type=int, default=3, help="cold runs per throttled page")
    parser.add_argument(
        "--slow-runs", type=int, default=2, help="cold runs per page at 10 Mbit/s, 80 ms (0: off)"
    )
    parser.add_argument(
        "--engine-runs", type=int, default=2, help="Firefox/WebKit runs per page and mode (0: off)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Build (or take) the site, serve a copy with the bench pages, measure, write the results."""
    args = parse_args(argv)
    commit = _commit()  # the code measured, before anyone commits during the run
    with tempfile.TemporaryDirectory(prefix="bench-") as name:
        Path(name).chmod(0o755)  # nginx may run as nobody: it reads the served copy
        tmp = Path(name)
        built = args.site or site.build_site(tmp / "site")
        served = site.copy_with_bench_pages(built, tmp / "served")
        args.snapshot = site.has_snapshot(built)
        server = NginxServer(served).start()
        try:
            with sync_playwright() as playwright:
                print(f"bench: serving {served} at {server.url}", flush=True)
                result = run(args, playwright, server.url, tmp)
                version = _browser_version(playwright)
            if args.engine_runs > 0:
                result["browsers"] = engines.measure(server.url, args.engine_runs, tmp)
        finally:
            server.stop()
        result["meta"] = meta(args, version, commit)
        result["floor"] = site.transfer_floor(served)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    table = report.markdown(result)
    if "browsers" in result:
        table += engines.markdown(result["browsers"], args.engine_runs)
    (args.out / "latest.md").write_text(table, encoding="utf-8")
    print(table)
    return result


def _browser_version(playwright: Playwright) -> str:
    """Chromium's version string."""
    browser = launch_chromium(playwright)
    try:
        return f"Chromium {browser.version}"
    finally:
        browser.close()


if __name__ == "__main__":
    main()
