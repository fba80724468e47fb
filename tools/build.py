"""The one way tests and the benchmark build the site: `mkdocs build --strict`, or Zensical."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tools import REPO

#: The venv's mkdocs, next to the running Python.
MKDOCS = Path(sys.executable).with_name("mkdocs")


def project_env(project: Path = REPO) -> dict[str, str]:
    """The environment in which `decision_tool` is imported from `project` (e.g. a copy)."""
    env = dict(os.environ)
    if project != REPO:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(project), env.get("PYTHONPATH")]))
    return env


def _run(
    command: list[str], project: Path, site_url: str | None
) -> subprocess.CompletedProcess[str]:
    """Run a build command in `project` (for `site_url` when given)."""
    env = project_env(project)
    if site_url is not None:
        env["SITE_URL"] = site_url
    return subprocess.run(
        command, cwd=project, capture_output=True, text=True, check=False, env=env
    )


def mkdocs_build(
    out: Path, *, project: Path = REPO, site_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` of `project` into `out` (for `site_url` when given).

    The engine is imported from `project`, so a copy of the repository builds with its policy.
    """
    return _run([str(MKDOCS), "build", "--strict", "--site-dir", str(out)], project, site_url)


def zensical_build(
    out: Path, *, project: Path = REPO, site_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Build `project` with Zensical into `out` the way `make build-zensical` does."""
    command = [sys.executable, "-m", "adapters.zensical", "--site-dir", str(out)]
    return _run(command, project, site_url)


def copy_project(dest: Path) -> Path:
    """Copy the repository's files (as git sees them) to `dest`, sharing its npm runtime.

    The copy's policy or settings may then change; `mkdocs_build(..., project=copy)` builds it.
    """
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    (dest / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    for cache in ("wheels", "precompressed"):  # content-keyed: PyPI wheels, brotli of the runtime
        if (REPO / ".cache" / cache).is_dir():
            shutil.copytree(REPO / ".cache" / cache, dest / ".cache" / cache)
    return dest
