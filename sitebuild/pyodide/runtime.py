"""Find the npm-installed Pyodide runtime and lay its files into the built site."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sitebuild.errors import BuildError

#: The runtime files the browser loads, copied verbatim from `node_modules/pyodide`.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
#: The npm package's own lock file: its `info` (Python version, ABI, platform) seeds ours.
NPM_LOCK_FILE = "pyodide-lock.json"

_FIX = "Run `npm ci` (or `make setup`) in {project}."


def find_runtime(project_dir: Path) -> Path:
    """Return `node_modules/pyodide` of the project, checked complete and at the pinned version."""
    runtime = project_dir / "node_modules" / "pyodide"
    fix = _FIX.format(project=project_dir)
    missing = [name for name in (*RUNTIME_FILES, NPM_LOCK_FILE) if not (runtime / name).is_file()]
    if missing:
        raise BuildError(
            f"decision-tool: the Pyodide runtime is missing from {runtime} "
            f"(no {', '.join(missing)}). {fix}"
        )
    pinned = pinned_version(project_dir)
    installed = installed_version(runtime)
    if pinned is not None and installed != pinned:
        raise BuildError(
            f"decision-tool: {runtime} holds Pyodide {installed}, but package.json pins {pinned}. "
            f"{fix}"
        )
    return runtime


def installed_version(runtime: Path) -> str | None:
    """Return the version of the installed npm package, or None when unreadable."""
    try:
        return json.loads((runtime / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def pinned_version(project_dir: Path) -> str | None:
    """Return the `pyodide` version pinned in the project's package.json, if there is one."""
    try:
        manifest = json.loads((project_dir / "package.json").read_text(encoding="utf-8"))
        return manifest["dependencies"]["pyodide"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def lay_runtime(runtime: Path, dest: Path) -> list[Path]:
    """Copy the runtime files into `dest` byte for byte; return the written paths."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name in RUNTIME_FILES:
        target = dest / name
        shutil.copyfile(runtime / name, target)
        written.append(target)
    return written
