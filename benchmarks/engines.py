"""The "browsers" line of `make bench`: first decision in Firefox ESR and WebKitGTK, cold and warm.

Our page (O, the filled-in permalink) against the bare `loadPyodide()` page (F) in the same
engine, in the same run, pages alternated. Cold: a new profile directory; warm: the same profile
in a new browser process. Times are ms from navigation start (O: `decisionTool.timings`;
F: the `bench:ready` mark). The drivers are tools/engines/ (visit mode). Nothing is asserted.

`python -m benchmarks.engines --site DIR [--runs N] [--append FILE]` measures a built site on
its own (and appends the section, dated, to FILE, e.g. results/latest.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from tools.engines import drivers
from tools.nginx import NginxServer

from . import answers, site

ENGINES = {"firefox": "Firefox ESR", "webkit": "WebKitGTK"}
PAGES = {"F": "bare `loadPyodide()`", "O": "our page, filled-in permalink"}
TIMEOUT_MS = 300_000


def visit_once(engine: str, url: str, profile: Path, work: Path) -> tuple[float | None, str]:
    """Open `url` in `engine` with `profile`; ms to its first decision (None on failure)."""
    plan = {
        "visit": url,
        "profile": str(profile),
        "timeoutMs": TIMEOUT_MS,
        "settleMs": 20_000,
        "firefox": str(drivers.FIREFOX),
    }
    try:
        run = drivers.run_driver(engine, plan, work)
    except (AssertionError, OSError) as error:
        return None, str(error)[:300]
    report = run.report
    value = report.get("steps", {}).get("visit")
    if isinstance(value, int | float):
        return float(value), report.get("version", "")
    return None, str(report.get("fatal") or value)[:300]


def measure(base: str, runs: int, tmp: Path) -> dict[str, Any]:
    """Every engine's F and O, cold then warm, `runs` times, pages alternated run by run."""
    urls = {
        "F": f"{base}{site.BENCH_DIR}/bare.html",
        "O": f"{base}{answers.link()}",
    }
    result: dict[str, Any] = {}
    for engine, name in ENGINES.items():
        missing = (drivers.missing_firefox if engine == "firefox" else drivers.missing_webkit)()
        if missing:
            result[engine] = {"name": name, "error": missing}
            continue
        times: dict[str, dict[str, list[float]]] = {key: {"cold": [], "warm": []} for key in urls}
        errors: list[str] = []
        version = name
        for number in range(runs):
            for key in list(urls) if number % 2 == 0 else list(urls)[::-1]:
                profile = tmp / f"{engine}-{number}-{key}"
                for mode in ("cold", "warm"):
                    ms, detail = visit_once(engine, urls[key], profile, tmp)
                    if ms is None:
                        errors.append(f"{key} {mode}: {detail}")
                        continue
                    version = detail or version
                    times[key][mode].append(ms)
                    print(f"  {name} {key} {mode}: {ms:.0f} ms", flush=True)
        result[engine] = {"name": version, "times": times, "errors": errors}
    return result


def _cell(values: list[float]) -> str:
    """Median (min-max) of `values`, or a dash."""
    if not values:
        return "—"
    return f"{statistics.median(values):.0f} ({min(values):.0f}-{max(values):.0f})"


def _ratio(times: dict[str, dict[str, list[float]]], mode: str) -> str:
    """Median of O/F, pair by pair (run by run), in `mode`."""
    pairs = [o / f for o, f in zip(times["O"][mode], times["F"][mode], strict=False) if f]
    return f"{statistics.median(pairs):.2f}" if pairs else "—"


def markdown(result: dict[str, Any], runs: int) -> str:
    """The browsers section of results/latest.md."""
    lines = [
        "",
        f"Browsers: first decision shown, ms from navigation start, median (min-max) of {runs} "
        "run(s); cold = new profile, warm = same profile in a new browser process; O against "
        "the bare page F in the same engine and run (`benchmarks/engines.py`).",
        "",
        "| browser | page | cold | warm | O/F cold | O/F warm |",
        "|---|---|---|---|---|---|",
    ]
    for engine in ENGINES:
        entry = result.get(engine, {})
        if "times" not in entry:
            why = entry.get("error")
            lines.append(f"| {entry.get('name', engine)} | not measured: {why} | | | | |")
            continue
        times = entry["times"]
        for key, page in PAGES.items():
            ratios = ("", "")
            if key == "O":
                ratios = (_ratio(times, "cold"), _ratio(times, "warm"))
            cold, warm = _cell(times[key]["cold"]), _cell(times[key]["warm"])
            lines.append(
                f"| {entry['name']} | {key}: {page} | {cold} | {warm} | {ratios[0]} | {ratios[1]} |"
            )
        for error in entry["errors"]:
            lines.append(f"\n{entry['name']}: a visit failed: {error}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> str:
    """Measure a built site's browsers line on its own; print it."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.engines", description=__doc__)
    parser.add_argument("--site", type=Path, required=True, help="a built site")
    parser.add_argument("--runs", type=int, default=3, help="runs per page and mode (default 3)")
    parser.add_argument("--append", type=Path, help="append the section to this Markdown file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-engines-") as name:
        Path(name).chmod(0o755)  # nginx may run as nobody: it reads the served copy
        tmp = Path(name)
        served = site.copy_with_bench_pages(args.site, tmp / "served")
        server = NginxServer(served).start()
        try:
            result = measure(server.url, args.runs, tmp)
        finally:
            server.stop()
    table = markdown(result, args.runs)
    print(table)
    if args.append:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
        when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        note = f"\n(`python -m benchmarks.engines`, {when}, commit `{head}`, run on its own.)\n"
        with args.append.open("a", encoding="utf-8") as out:
            out.write(table + note)
    return table


if __name__ == "__main__":
    main()
