"""`python -m benchmarks.edits_ab OLD NEW`: edit latency of two built sites within one run.

Both sites are served side by side (nginx, as `make bench` serves them), each page is opened
cold and then warm (its own profile), both get the same warm-up edits, and then blocks of edits
alternate between them (the order flips each round), so a busy machine weighs on both alike.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from tools.nginx import NginxServer

from . import answers
from .run import EDITS_JS, RESULT_AREA
from .stats import percentile
from .visit import close_quietly, launch_profile, visit


def edits(page: Any, field: str, count: int) -> list[float]:
    """Time `count` edits of `field` on an open questionnaire page (ms, see `edits.js`)."""
    options = {"field": field, "count": count, "resultSelector": RESULT_AREA}
    return page.evaluate(EDITS_JS, {**options, "timeoutMs": 5000, "pauseMs": 30})


def summary(latencies: list[float]) -> str:
    """p50, p95 and max of the latencies."""
    if not latencies:
        return "no edit timed"
    p50, p95 = percentile(latencies, 0.50) or 0.0, percentile(latencies, 0.95) or 0.0
    return f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(latencies):.1f} ms"


def main(argv: list[str] | None = None) -> dict[str, list[float]]:
    """Measure both sites; print and return each one's latencies."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.edits_ab", description=__doc__)
    parser.add_argument("old", type=Path, help="a built site")
    parser.add_argument("new", type=Path, help="another built site")
    parser.add_argument("--rounds", type=int, default=10, help="blocks per site (default 10)")
    parser.add_argument("--block", type=int, default=20, help="edits per block (default 20)")
    parser.add_argument("--warm-up", type=int, default=30, help="untimed edits first (30)")
    parser.add_argument("--field", default="customer", help="the answer edited")
    args = parser.parse_args(argv)
    results: dict[str, list[float]] = {"old": [], "new": []}
    with (
        NginxServer(args.old) as old,
        NginxServer(args.new) as new,
        sync_playwright() as playwright,
        tempfile.TemporaryDirectory(prefix="edits-ab-") as tmp,
    ):
        pages, contexts = {}, []
        for key, server in (("old", old), ("new", new)):
            url = f"{server.url}{answers.link()}"
            profile = Path(tmp) / key
            cold = launch_profile(playwright, profile)
            visit(cold, url, page_key="O", mode="cold", wait_for="decision")
            close_quietly(cold)
            warm = launch_profile(playwright, profile)
            contexts.append(warm)
            pages[key] = visit(warm, url, page_key="O", mode="warm", wait_for="decision")[1]
        for page in pages.values():
            edits(page, args.field, args.warm_up)
        for number in range(args.rounds):
            for key in ("old", "new") if number % 2 == 0 else ("new", "old"):
                results[key] += edits(pages[key], args.field, args.block)
        for context in contexts:
            close_quietly(context)
    for key, latencies in results.items():
        print(f"{key} ({len(latencies)} edits of {args.field}): {summary(latencies)}")
    return results


if __name__ == "__main__":
    main()
