"""`python -m benchmarks.experiments`: try a lever on a copy of the site before changing the code.

Each experiment serves the built site next to a variant of it (changed in the served copy only),
alternates our page (O) and the variant (X) run by run, cold and warm, and prints the first
decision times and the pairwise X/O ratio. Variants:

- `preload`: `<link rel="preload">` hints for the runtime files (and the snapshot) in the head
  of the questionnaire page only.
- `debounce0`: the questionnaire evaluates on every input instead of 150 ms after the last one;
  measures edit latency instead of load times.
- `early-engine`: questionnaire.js starts the worker when the module runs, before Material's
  `document$` binds the form.
- `head-engine`: an async module script in the tool page's head starts the worker while the
  page is still being parsed.
- `uncompressed`: no .br/.gz siblings (best run with `--throttle-mbit`).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from tools.nginx import NginxServer
from tools.questionnaire import TOOL_PAGE

from . import answers, site
from .run import measure_page
from .stats import pair_ratios, percentile, summary
from .visit import Throttle

VARIANT_DIR = f"{site.BENCH_DIR}/variant"
PRELOADS = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")


def _drop_siblings(path: Path) -> None:
    """Remove a file's .br/.gz siblings so the server sends the edited file itself."""
    for suffix in (".br", ".gz"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def make_preload(variant: Path) -> None:
    """Add preload hints for the runtime files (and the snapshot) to the tool page's head."""
    page = variant / TOOL_PAGE / "index.html"
    runtime = "../assets/decision-tool/pyodide/"
    files = list(PRELOADS)
    manifest = variant / site.RUNTIME_DIR / site.SNAPSHOT_MANIFEST
    if manifest.is_file():
        files += [site.SNAPSHOT_MANIFEST, json.loads(manifest.read_text())["file"]]
    links = "".join(
        f'<link rel="preload" href="{runtime}{name}" as="fetch" crossorigin>' for name in files
    )
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("<head>", f"<head>{links}", 1), encoding="utf-8")
    _drop_siblings(page)


def make_debounce0(variant: Path) -> None:
    """Evaluate on every input (no 150 ms debounce) in the variant's questionnaire.js."""
    script = variant / "assets/decision-tool/page/questionnaire.js"
    text = script.read_text(encoding="utf-8")
    changed = re.sub(r"const DEBOUNCE_MS = \d+;", "const DEBOUNCE_MS = 0;", text)
    if changed == text:
        raise SystemExit("questionnaire.js has no `const DEBOUNCE_MS = <n>;` to change")
    script.write_text(changed, encoding="utf-8")
    _drop_siblings(script)


def make_early_engine(variant: Path) -> None:
    """Start the engine worker as soon as questionnaire.js runs, not when Material binds."""
    script = variant / "assets/decision-tool/page/questionnaire.js"
    text = script.read_text(encoding="utf-8")
    start = "\nif (document.getElementById('dt')) getEngine();\n"
    script.write_text(text + start, encoding="utf-8")
    _drop_siblings(script)


def make_head_engine(variant: Path) -> None:
    """Start the engine from an async module script in the tool page's head (before Material)."""
    starter = variant / "assets/decision-tool/page/engine-start.js"
    starter.write_text("import { getEngine } from './engine-client.js';\ngetEngine();\n")
    page = variant / TOOL_PAGE / "index.html"
    tag = '<script type="module" async src="../assets/decision-tool/page/engine-start.js"></script>'
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</title>", f"</title>{tag}", 1), encoding="utf-8")
    _drop_siblings(page)


def make_uncompressed(variant: Path) -> None:
    """Remove every precompressed sibling: the variant is served as built before that lever."""
    for path in [*variant.rglob("*.br"), *variant.rglob("*.gz")]:
        path.unlink()


VARIANTS = {
    "uncompressed": make_uncompressed,
    "preload": make_preload,
    "debounce0": make_debounce0,
    "early-engine": make_early_engine,
    "head-engine": make_head_engine,
}


def run(
    name: str, runs: int, edits: int, built: Path, throttle: Throttle | None = None
) -> dict[str, Any]:
    """Serve the site and the variant; alternate O and X; summarize."""
    with tempfile.TemporaryDirectory(prefix="bench-x-") as tmp_name:
        Path(tmp_name).chmod(0o755)  # nginx may run as nobody: it reads the served copy
        tmp = Path(tmp_name)
        served = tmp / "served"
        shutil.copytree(built, served)
        variant = served / VARIANT_DIR
        shutil.copytree(built, variant)
        VARIANTS[name](variant)
        server = NginxServer(served).start()
        base, tail = server.url, answers.link()
        targets = {"O": (base + tail, "decision"), "X": (f"{base}{VARIANT_DIR}/{tail}", "decision")}
        visits, latencies = [], {"O": [], "X": []}
        try:
            with sync_playwright() as playwright:
                for number in range(runs):
                    for key in ("O", "X") if number % 2 == 0 else ("X", "O"):
                        results, edits_ms = measure_page(
                            playwright,
                            tmp / f"profile-{number}-{key}",
                            key,
                            targets[key],
                            edits=edits if number < 2 else 0,
                            throttle=throttle,
                        )
                        visits += [result.to_dict() for result in results]
                        latencies[key] += edits_ms
                        for result in results:
                            print(f"  {key} {result.mode}: {result.decision_ms} ms", flush=True)
        finally:
            server.stop()
    out: dict[str, Any] = {"experiment": name, "runs": runs}
    for mode in ("cold", "warm"):
        times = {
            key: [v["decision_ms"] for v in visits if v["page"] == key and v["mode"] == mode]
            for key in ("O", "X")
        }
        out[mode] = {key: summary(values) for key, values in times.items()}
        out[mode]["X/O"] = summary(pair_ratios(times["X"], times["O"]))
    out["edits"] = {
        key: {"n": len(values), "p50": percentile(values, 0.5), "p95": percentile(values, 0.95)}
        for key, values in latencies.items()
    }
    return out


def main(argv: list[str] | None = None) -> None:
    """Parse the options, run one experiment, print its JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.experiments", description=__doc__)
    parser.add_argument("name", choices=sorted(VARIANTS))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--edits", type=int, default=0, help="edits timed per page (runs 1-2)")
    parser.add_argument("--site", type=Path, required=True, help="a built site")
    parser.add_argument("--throttle-mbit", type=float, default=0.0, help="0 = no throttling")
    args = parser.parse_args(argv)
    throttle = Throttle(mbit_per_s=args.throttle_mbit) if args.throttle_mbit > 0 else None
    result = run(args.name, args.runs, args.edits, args.site, throttle)
    result["throttle_mbit"] = args.throttle_mbit
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
