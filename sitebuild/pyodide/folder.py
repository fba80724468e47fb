"""The site's `pyodide/` folder: the runtime, the wheels and their lock, the cut and the snapshot.

`prepare_runtime` runs first (it fails early on a missing runtime or a broken engine wheel);
`lay_runtime_folder` writes the folder once the generator has written the site.
"""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from sitebuild.settings import Settings

from . import lockfile, runtime, snapshot, stdlib_cut, wheels

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Runtime:
    """What the folder is made of: the npm runtime, the wheels to ship and their lock."""

    runtime_dir: Path
    wheels: wheels.Wheels
    lock: lockfile.PyodideLockSpec


def prepare_runtime(project_dir: Path, settings: Settings) -> Runtime:
    """Find the Pyodide runtime, get the wheels (cached) and compute their lock."""
    started = time.perf_counter()
    runtime_dir = runtime.find_runtime(project_dir)
    shipped = wheels.prepare_wheels(project_dir, settings.cache(project_dir, "wheels"))
    lock = lockfile.make_lock(runtime_dir / runtime.NPM_LOCK_FILE, shipped.all())
    log.debug("decision-tool: runtime and wheels ready in %.2f s", time.perf_counter() - started)
    return Runtime(runtime_dir, shipped, lock)


def lay_runtime_folder(
    prepared: Runtime, dest: Path, *, project_dir: Path, settings: Settings, snapshot_too: bool
) -> list[Path]:
    """Write the runtime, wheels, lock (and the cut and the snapshot) into `dest`."""
    written = runtime.lay_runtime(prepared.runtime_dir, dest)
    for wheel in prepared.wheels.all():
        shutil.copyfile(wheel, dest / wheel.name)
        written.append(dest / wheel.name)
    written.append(lockfile.write_lock(prepared.lock, dest))
    if settings.snapshot and snapshot_too:
        cache = settings.cache(project_dir, "snapshot")
        restore_stdlib = None
        if settings.stdlib_cut:  # before the snapshot: it must refer to this zip
            cut, restore_stdlib = stdlib_cut.cut_stdlib(dest, cache)
            written += [cut, restore_stdlib]
        written += snapshot.write_snapshot(dest, cache, restore_stdlib)
    log.debug("decision-tool: laid %d files into %s", len(written), dest)
    return written
