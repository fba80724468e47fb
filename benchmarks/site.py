"""Prepare what the benchmark serves: a copy of the built site plus the bench-only pages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tools.build import REPO, mkdocs_build
from tools.questionnaire import PYODIDE_DIR

PAGES = Path(__file__).resolve().parent / "pages"
BENCH_DIR = "_bench"
RUNTIME_DIR = Path(PYODIDE_DIR)
SNAPSHOT_MANIFEST = "snapshot.json"
#: The memory snapshot's files in the runtime folder (not the worker's snapshot-*.js modules).
SNAPSHOT_FILES = ("snapshot-*.bin*", "snapshot.json*")
STDLIB = "python_stdlib.zip"


def build_site(out: Path) -> Path:
    """Build the repository's site with `mkdocs build --strict` into ``out``."""
    result = mkdocs_build(out)
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build --strict failed:\n{result.stderr}")
    return out


NO_SNAPSHOT_DIR = f"{BENCH_DIR}/no-snapshot"


def copy_with_bench_pages(site: Path, dest: Path) -> Path:
    """Copy the built site to ``dest`` and add the bench-only pages under ``_bench/``.

    `_bench/bare.html` (F) and `_bench/plain.html` (P) on `_bench/pyodide/` (stock Pyodide), and
    `_bench/no-snapshot/`: the whole site again without `snapshot.json`, so its worker starts
    normally (N); `_bench/lean.html` (P2, the lean plain embed) on the site's own runtime folder
    with the wheels of `lean_wheels`. Never shipped.
    """
    if not (site / RUNTIME_DIR / "pyodide.mjs").is_file():
        raise SystemExit(f"{site} has no {RUNTIME_DIR}/pyodide.mjs: is it a built site?")
    shutil.copytree(site, dest, dirs_exist_ok=True)
    shutil.copytree(PAGES, dest / BENCH_DIR, dirs_exist_ok=True)
    stock_runtime(site / RUNTIME_DIR, dest / BENCH_DIR / "pyodide")
    wheels = json.dumps(lean_wheels(site / RUNTIME_DIR))
    (dest / BENCH_DIR / "lean-wheels.json").write_text(wheels + "\n", encoding="utf-8")
    manifest = site / RUNTIME_DIR / SNAPSHOT_MANIFEST
    if manifest.is_file():
        plain = dest / NO_SNAPSHOT_DIR
        shutil.copytree(site, plain, ignore=shutil.ignore_patterns(*SNAPSHOT_FILES))
    return dest


def stock_runtime(built: Path, dest: Path) -> None:
    """The site's runtime folder as a plain embed serves it: no snapshot, the full stdlib zip.

    The build cuts python_stdlib.zip to what the engine imports (stdlib_cut.py); F and P stand
    for Pyodide as shipped, so they get npm's zip (deflated, no sibling, as built before the cut).
    """
    shutil.copytree(
        built, dest, ignore=shutil.ignore_patterns(*SNAPSHOT_FILES, "python_stdlib.zip*")
    )
    shutil.copyfile(REPO / "node_modules" / "pyodide" / STDLIB, dest / STDLIB)


def lean_wheels(runtime: Path) -> list[str]:
    """The wheels the first decision needs: `decision-tool` and its dependencies in the lock,
    less those the snapshot leaves to the first calendar (its manifest's `on_demand`)."""
    packages = json.loads((runtime / "pyodide-lock.json").read_text(encoding="utf-8"))["packages"]
    manifest = runtime / SNAPSHOT_MANIFEST
    later = set(json.loads(manifest.read_text())["on_demand"]) if manifest.is_file() else set()
    found: list[str] = []
    todo = ["decision-tool"]
    while todo:
        name = todo.pop(0)
        if name in found or name in later:
            continue
        found.append(name)
        todo += packages[name].get("depends", [])
    return [packages[name]["file_name"] for name in found]


def has_snapshot(site: Path) -> bool:
    """Whether the built site carries a memory snapshot."""
    return (site / RUNTIME_DIR / SNAPSHOT_MANIFEST).is_file()


def transfer_floor(site: Path) -> dict[str, int]:
    """Bytes of the runtime and wheels (snapshot aside): raw, and as served (.br when present)."""
    raw = served = 0
    for path in sorted((site / RUNTIME_DIR).iterdir()):
        if path.suffix in {".br", ".gz"} or not path.is_file() or path.name.startswith("snapshot"):
            continue
        size = path.stat().st_size
        raw += size
        sibling = path.with_name(path.name + ".br")
        served += sibling.stat().st_size if sibling.is_file() else size
    return {"runtime_raw_bytes": raw, "runtime_served_bytes": served}
