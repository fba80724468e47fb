"""Write the site's `pyodide-lock.json`: only our wheels, on the npm runtime's `info`."""

from __future__ import annotations

import os.path
from pathlib import Path

from pyodide_lock import PyodideLockSpec

from sitebuild.errors import BuildError

__all__ = ["LOCK_FILE", "PyodideLockSpec", "make_lock", "write_lock"]
from pyodide_lock.utils import add_wheels_to_spec

#: File name of the lock in the site's `pyodide/` folder (the worker's `lockFileURL`).
LOCK_FILE = "pyodide-lock.json"


def make_lock(npm_lock: Path, wheels: list[Path]) -> PyodideLockSpec:
    """Return a lock with the npm lock's `info` and exactly `wheels`, file names bare."""
    try:
        base = PyodideLockSpec.from_json(npm_lock)
        empty = PyodideLockSpec(info=base.info, packages={})
        root = Path(_common_parent(wheels))
        spec = add_wheels_to_spec(empty, wheels, base_path=root)
        for package in spec.packages.values():
            # The wheels are laid flat next to the lock, so each is served from the same folder.
            package.file_name = Path(package.file_name).name
        spec.check_wheel_filenames()
    except (OSError, ValueError, RuntimeError) as error:
        raise BuildError(f"decision-tool: cannot write {LOCK_FILE}: {error}") from error
    return spec


def write_lock(spec: PyodideLockSpec, dest: Path) -> Path:
    """Write the lock into `dest` and return its path."""
    path = dest / LOCK_FILE
    spec.to_json(path)
    return path


def _common_parent(paths: list[Path]) -> str:
    """Return the deepest folder that holds every path."""

    return os.path.commonpath([str(path.resolve().parent) for path in paths])
