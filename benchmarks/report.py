"""Turn bench results into the summary JSON and the Markdown table under benchmarks/results/."""

from __future__ import annotations

from typing import Any

from .stats import pair_ratios, percentile, summary

PAGES = {
    "F": "F: bare `loadPyodide()` (time = runtime ready)",
    "P": "P: plain main-thread embed",
    "P2": "P\u2032: lean plain embed (cut stdlib, the first decision's wheels)",
    "O": "O: our page, filled-in permalink",
    "N": "N: O without the snapshot (normal start)",
}
METRICS = ("ready_ms", "decision_ms", "longest_task_ms", "tbt_ms", "tool_longest_script_ms")
MB = 1_000_000


def shown(name: str) -> str:
    """A ratio's name as the report writes it (P2 is P-prime, the lean plain embed)."""
    return name.replace("P2", "P\u2032")


def decision_time(visit: dict[str, Any]) -> float | None:
    """Time to the first decision; F decides nothing, so its runtime-ready time stands in."""
    return visit["ready_ms"] if visit["page"] == "F" else visit["decision_ms"]


def summarize(visits: list[dict[str, Any]], edits: list[float]) -> dict[str, Any]:
    """Per page and mode: median/min/max of each metric; pairwise ratios; edit latency."""
    table: dict[str, dict[str, Any]] = {}
    by: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for item in visits:
        by.setdefault((item["page"], item["mode"]), []).append(item)
    for (page, mode), items in sorted(by.items()):
        row = {metric: summary([item[metric] for item in items]) for metric in METRICS}
        row["first_decision_ms"] = summary([decision_time(item) for item in items])
        row["transfer_bytes"] = summary([item["transfer_bytes"] for item in items])
        row["errors"] = sorted({error for item in items for error in item["errors"]})
        table.setdefault(page, {})[mode] = row
    ratios: dict[str, Any] = {}
    for mode in ("cold", "warm"):
        for other in ("F", "P", "P2", "N"):
            ours = [decision_time(v) for v in by.get(("O", mode), [])]
            theirs = [decision_time(v) for v in by.get((other, mode), [])]
            if ours and len(ours) == len(theirs):
                ratios[f"O/{other} {mode}"] = summary(pair_ratios(ours, theirs))
    latency = {
        "n": len(edits),
        "p50_ms": percentile(edits, 0.50),
        "p95_ms": percentile(edits, 0.95),
        "max_ms": max(edits, default=None),
    }
    return {"pages": table, "ratios": ratios, "edit_latency": latency}


def targets(result: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    """The issue's targets: what was measured and whether it is met (None = not measured)."""
    ratios = result["ratios"]
    pages = result["pages"]

    def ratio(name: str) -> float | None:
        """The pairwise median of one ratio, if measured."""
        return (ratios.get(name) or {}).get("median")

    o_cold = pages.get("O", {}).get("cold", {})
    tool_max = (o_cold.get("tool_longest_script_ms") or {}).get("max")

    def transfer_ratio(other: str) -> float | None:
        """O's cold bytes over another page's (medians)."""
        ours = (o_cold.get("transfer_bytes") or {}).get("median")
        cold = pages.get(other, {}).get("cold") or {}
        theirs = (cold.get("transfer_bytes") or {}).get("median")
        return None if not ours or not theirs else ours / theirs

    throttled = [
        (section["ratios"].get("O/P cold") or {}).get("median")
        for section in (result.get("throttled") or {}).values()
    ]
    p95 = result["edit_latency"]["p95_ms"]
    rows = [
        # Speed rounds 2 and 3 (issues 12 and 22).
        ("cold transfer, O/P (O ≤ the plain embed)", transfer_ratio("P"), 1.0),
        ("cold transfer, O/P\u2032 (reported, no target)", transfer_ratio("P2"), None),
        ("O/F cold ≤ 0.40 (pairwise median)", ratio("O/F cold"), 0.40),
        ("O/P cold ≤ 0.35 (pairwise median)", ratio("O/P cold"), 0.35),
        ("O/F warm ≤ 0.30 (pairwise median)", ratio("O/F warm"), 0.30),
        ("throttled O/P cold ≤ 0.55 (pairwise median)", throttled[0] if throttled else None, 0.55),
        # Round 1, kept as guards.
        ("O warm ≤ 0.5 x P warm (pairwise median)", ratio("O/P warm"), 0.5),
        ("no tool script over 50 ms while O loads (max, cold)", tool_max, 50.0),
        ("edit → update p95 ≤ 16 ms", p95, 16.0),
    ]
    out = []
    for label, value, limit in rows:
        if value is None:
            out.append((label, "not measured", None))
        else:
            out.append((label, f"{value:.2f}", None if limit is None else value <= limit))
    return out


#: The start-up breakdown's rows: (label, step); the steps come from `VisitResult.startup`.
STARTUP_STEPS = (
    ("page received (HTML, or its 304)", "pageReceived"),
    ("worker created (page)", "workerCreated"),
    ("worker.js requested", "worker.js requested"),
    ("worker.js received", "worker.js received"),
    ("worker running (its modules loaded)", "workerRunning"),
    ("snapshot.json received", "snapshot.json received"),
    ("pyodide.mjs imported", "pyodideImported"),
    ("snapshot read from Cache Storage and checked (warm)", "snapshotReadFromCache"),
    ("snapshot downloaded and checked (cold)", "snapshotDownloaded"),
    ("wasm requested", "pyodide.asm.wasm requested"),
    ("wasm received", "pyodide.asm.wasm received"),
    ("wasm compiled", "wasmCompiled"),
    ("page parsed (domInteractive)", "domInteractive"),
    ("DOMContentLoaded done", "domContentLoaded"),
    ("memory restored (loadPyodide done)", "restored"),
    ("restored engine checked (one evaluation)", "checked"),
    ("engine ready (page told)", "engineReady"),
    ("first request sent (page)", "firstRequest"),
    ("first answer received (page)", "firstAnswer"),
)


def startup_table(result: dict[str, Any]) -> list[str]:
    """Where O's start goes: each step's median time from navigation start, cold and warm."""
    visits = [v for v in result.get("visits", []) if v["page"] == "O" and v.get("startup")]
    if not visits:
        return []
    by_mode = {mode: [v for v in visits if v["mode"] == mode] for mode in ("cold", "warm")}
    lines = [
        "",
        "Where O's start goes (ms from navigation start, median (min-max); requests as "
        "Playwright timed them, the rest from `window.decisionTool.timings.startup`, the page's "
        "and the worker's own marks):",
        "",
        "| step | cold | warm |",
        "|---|---|---|",
    ]
    for label, step in STARTUP_STEPS:
        cells = [_cell(summary([v["startup"].get(step) for v in by_mode[m]])) for m in by_mode]
        if any(cell != "—" for cell in cells):
            lines.append(f"| {label} | {cells[0]} | {cells[1]} |")
    for label, key in (("first decision shown", "decision_ms"),):
        cells = [_cell(summary([v[key] for v in by_mode[m]])) for m in by_mode]
        lines.append(f"| {label} | {cells[0]} | {cells[1]} |")
    hits = [
        f"{sum(1 for v in items if v.get('code_cache'))} of {len(items)}"
        for items in by_mode.values()
    ]
    label = "wasm code cache entry in the profile before the visit"
    lines.append(f"| {label} | {hits[0]} | {hits[1]} |")
    return lines


def _cell(stats: dict[str, Any] | None, scale: float = 1.0, digits: int = 0) -> str:
    """`median (min-max)` or an em dash."""
    if not stats or stats.get("median") is None:
        return "—"
    fmt = f"{{:.{digits}f}}"
    med, low, high = (fmt.format(stats[key] / scale) for key in ("median", "min", "max"))
    return f"{med} ({low}-{high})"


def markdown(result: dict[str, Any]) -> str:
    """The Markdown report: timings per page and mode, ratios, latency, transfer, targets."""
    meta = result["meta"]
    lines = [
        "# `make bench` results",
        "",
        f"{meta['date']} · commit `{meta['commit']}` · {meta['browser']} · {meta['cpus']} CPUs · "
        f"{meta['runs']} runs per page and mode, pages alternated within each run · "
        "nginx on 127.0.0.1 with deploy/nginx/ (.br/.gz siblings, CSP header, immutable names).",
        "",
        "Times in ms from navigation start: median (min-max). Cold = new profile; warm = the same "
        "on-disk profile in a new browser process (HTTP cache revalidated with 304s).",
        "",
        "| page | mode | engine ready | first decision shown | longest main-thread task "
        "| TBT | tool's longest script | transferred (MB) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for page, label in PAGES.items():
        for mode in ("cold", "warm"):
            row = result["pages"].get(page, {}).get(mode)
            if row is None:
                continue
            lines.append(
                f"| {label} | {mode} | {_cell(row['ready_ms'])} "
                f"| {_cell(row['first_decision_ms'])} | {_cell(row['longest_task_ms'])} "
                f"| {_cell(row['tbt_ms'])} | {_cell(row['tool_longest_script_ms'])} "
                f"| {_cell(row['transfer_bytes'], MB, 2)} |"
            )
    lines += ["", "| ratio of first decision, pair by pair | median (min-max) |", "|---|---|"]
    for name, stats in result["ratios"].items():
        lines.append(f"| {shown(name)} | {_cell(stats, digits=2)} |")
    latency = result["edit_latency"]
    if latency["n"]:
        lines += [
            "",
            f"Edit → page updated (O, warm, {latency['n']} edits of one answer): "
            f"p50 {latency['p50_ms']:.1f} ms, p95 {latency['p95_ms']:.1f} ms, "
            f"max {latency['max_ms']:.1f} ms.",
        ]
    lines += startup_table(result)
    for name, section in (result.get("throttled") or {}).items():
        lines += ["", f"Throttled ({name}), first decision shown, cold:", ""]
        lines += ["| page | first decision shown | transferred (MB) |", "|---|---|---|"]
        pages = sorted(section["pages"].items(), key=lambda item: list(PAGES).index(item[0]))
        for page, row in pages:
            lines.append(
                f"| {PAGES[page]} | {_cell(row['first_decision_ms'])} "
                f"| {_cell(row['transfer_bytes'], MB, 2)} |"
            )
        for ratio, stats in section["ratios"].items():
            lines.append(f"| ratio {shown(ratio)}, pair by pair | {_cell(stats, digits=2)} | |")
    lines += ["", "| target | measured | met |", "|---|---|---|"]
    for label, value, ok in targets(result):
        mark = "—" if ok is None else ("yes" if ok else "**no**")
        lines.append(f"| {label} | {value} | {mark} |")
    errors = {
        f"{page} {mode}: {error}"
        for page, modes in result["pages"].items()
        for mode, row in modes.items()
        for error in row["errors"]
    }
    if errors:
        lines += ["", "Errors seen:", ""] + [f"- {error}" for error in sorted(errors)]
    return "\n".join(lines) + "\n"
