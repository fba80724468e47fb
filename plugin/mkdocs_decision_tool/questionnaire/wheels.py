"""Build and cache the three pure-Python wheels the browser installs: engine, Jinja2, MarkupSafe."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from mkdocs.exceptions import PluginError
from packaging.utils import parse_wheel_filename

from . import smoke

log = logging.getLogger("mkdocs.plugins.decision_tool")

#: The engine's import package; its wheel must hold nothing else (the plugin is never shipped).
ENGINE_PACKAGE = "decision_tool"
#: Files outside `decision_tool/` that end up in the engine wheel's metadata.
ENGINE_METADATA_FILES = ("pyproject.toml", "README.md")
#: Fixed timestamp for the wheel builds, so that equal sources give byte-identical wheels.
SOURCE_DATE_EPOCH = "315532800"
#: How many engine wheels (one per source digest) the cache keeps.
KEEP_ENGINE_WHEELS = 4


@dataclass(frozen=True)
class Wheels:
    """The wheels to ship, in dependency order (MarkupSafe, Jinja2, engine)."""

    markupsafe: Path
    jinja2: Path
    engine: Path

    def all(self) -> list[Path]:
        """Return the wheel paths, dependencies first."""
        return [self.markupsafe, self.jinja2, self.engine]


def prepare_wheels(project_dir: Path, cache_dir: Path) -> Wheels:
    """Return the three wheels, building or downloading only what the cache lacks.

    A new engine wheel is run once on sample answers (with only these wheels importable)
    before it is cached, so a broken policy or template fails the build.
    """
    markupsafe = markupsafe_wheel(cache_dir)
    jinja2 = jinja2_wheel(cache_dir)

    def verify(engine: Path) -> None:
        """Evaluate the samples with the new engine wheel and its two dependencies."""
        smoke.check_engine([engine, jinja2, markupsafe], engine)

    engine = engine_wheel(project_dir, cache_dir, verify=verify)
    return Wheels(markupsafe=markupsafe, jinja2=jinja2, engine=engine)


def source_digest(project_dir: Path) -> str:
    """Hash every file the engine wheel is built from (paths and bytes), bytecode excluded."""
    digest = hashlib.sha256()
    files = [project_dir / name for name in ENGINE_METADATA_FILES]
    package = project_dir / ENGINE_PACKAGE
    files += sorted(
        path
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )
    for path in files:
        if not path.is_file():
            continue
        digest.update(path.relative_to(project_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def engine_wheel(
    project_dir: Path, cache_dir: Path, verify: Callable[[Path], None] | None = None
) -> Path:
    """Return the engine wheel for the current sources, building (and verifying) it on change."""
    if not (project_dir / ENGINE_PACKAGE / "__init__.py").is_file():
        raise PluginError(f"decision-tool: no engine package at {project_dir / ENGINE_PACKAGE}.")
    slot = cache_dir / "engine" / source_digest(project_dir)
    cached = _single_wheel(slot)
    if cached is not None:
        os.utime(slot)  # most recently used: pruned last
        return cached

    def build(out: Path) -> None:
        """Build the engine wheel from the working tree with the project's own backend."""
        _pip(
            ["wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(project_dir)],
            what=f"building the engine wheel from {project_dir}",
        )
        wheel = _only_wheel(out)
        check_engine_wheel(wheel)
        if verify is not None:
            verify(wheel)

    wheel = _fill(slot, build)
    _prune(cache_dir / "engine", keep=slot)
    return wheel


def jinja2_wheel(cache_dir: Path) -> Path:
    """Return Jinja2's pure wheel at the version installed here, downloaded once from PyPI."""
    pinned = _installed("jinja2")
    slot = cache_dir / "pypi" / f"jinja2-{pinned}"

    def download(out: Path) -> None:
        """Download the exact pure wheel."""
        _pip(
            ["download", "--no-deps", "--only-binary=:all:", "-d", str(out), f"jinja2=={pinned}"],
            what=f"downloading jinja2=={pinned} from PyPI",
        )

    return _check_pure(_single_wheel(slot) or _fill(slot, download))


def markupsafe_wheel(cache_dir: Path) -> Path:
    """Return a pure-Python MarkupSafe wheel (no C speedups) at the installed version."""
    pinned = _installed("markupsafe")
    slot = cache_dir / "pure" / f"markupsafe-{pinned}"

    def build(out: Path) -> None:
        """Build from the sdist with no C compiler, so MarkupSafe falls back to `_native`."""
        _pip(
            [
                *("wheel", "--no-cache-dir", "--no-deps", "--no-binary", "markupsafe"),
                *("-w", str(out), f"markupsafe=={pinned}"),
            ],
            what=f"building a pure-Python markupsafe=={pinned} wheel",
            env={"CC": "false"},
        )

    wheel = _check_pure(_single_wheel(slot) or _fill(slot, build))
    with zipfile.ZipFile(wheel) as archive:
        native = [name for name in archive.namelist() if name.endswith((".so", ".pyd"))]
    if native:
        raise PluginError(f"decision-tool: {wheel.name} holds compiled modules: {native}.")
    return wheel


def check_engine_wheel(wheel: Path) -> None:
    """Fail unless the engine wheel holds only `decision_tool/**` and its own dist-info."""
    dist_info = wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1] + ".dist-info/"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    strays = [
        name
        for name in names
        if not name.startswith((f"{ENGINE_PACKAGE}/", dist_info))
        or "__pycache__" in name
        or name.endswith(".pyc")
    ]
    if strays or f"{ENGINE_PACKAGE}/__init__.py" not in names:
        raise PluginError(
            f"decision-tool: the engine wheel {wheel.name} must hold only {ENGINE_PACKAGE}/ "
            f"and {dist_info}; it also holds: {strays or 'no __init__.py'}."
        )
    _check_pure(wheel)


def _check_pure(wheel: Path) -> Path:
    """Return the wheel when its tags say pure Python 3 (`py3-none-any`), else fail."""
    _, _, _, tags = parse_wheel_filename(wheel.name)
    if not all(tag.abi == "none" and tag.platform == "any" for tag in tags):
        raise PluginError(f"decision-tool: {wheel.name} is not a pure-Python wheel.")
    return wheel


def _installed(distribution: str) -> str:
    """Return the version of a distribution installed next to MkDocs (the pin to ship)."""
    try:
        return version(distribution)
    except PackageNotFoundError as error:
        raise PluginError(
            f"decision-tool: {distribution} is not installed; run `make setup`."
        ) from error


def _single_wheel(slot: Path) -> Path | None:
    """Return the one wheel a filled cache slot holds, or None when the slot is empty."""
    wheels = sorted(slot.glob("*.whl")) if slot.is_dir() else []
    return wheels[0] if len(wheels) == 1 else None


def _only_wheel(folder: Path) -> Path:
    """Return the single wheel a build wrote into `folder`."""
    wheels = sorted(folder.glob("*.whl"))
    if len(wheels) != 1:
        raise PluginError(f"decision-tool: expected one wheel in {folder}, found {wheels}.")
    return wheels[0]


def _fill(slot: Path, produce: Callable[[Path], None]) -> Path:
    """Run `produce(tmp)` and move its one wheel into `slot` atomically; return the wheel."""
    slot.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=slot.parent, prefix=".tmp-") as tmp:
        staging = Path(tmp) / "out"
        staging.mkdir()
        produce(staging)
        _only_wheel(staging)
        try:
            staging.rename(slot)
        except OSError:
            if _single_wheel(slot) is None:  # not filled by a concurrent build
                raise
    return _only_wheel(slot)


def _prune(folder: Path, keep: Path) -> None:
    """Keep the newest few engine wheels in the cache and remove the rest."""
    slots = sorted(
        (path for path in folder.iterdir() if path.is_dir() and not path.name.startswith(".")),
        key=lambda path: path.stat().st_mtime,
        reverse=True,
    )
    for slot in slots[KEEP_ENGINE_WHEELS:]:
        if slot != keep:
            shutil.rmtree(slot, ignore_errors=True)


def _pip(args: list[str], *, what: str, env: dict[str, str] | None = None) -> None:
    """Run pip with this interpreter; on failure raise a PluginError carrying pip's stderr."""
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    log.info("decision-tool: %s (once: the result is cached)", what)
    environment = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **(env or {})}
    result = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    if result.returncode != 0:
        output = (result.stderr.strip() or result.stdout.strip()).splitlines()
        tail = "\n".join(output[-40:])
        raise PluginError(
            f"decision-tool: {what} failed (pip exit {result.returncode}).\n"
            f"$ {' '.join(command)}\n{tail}"
        )
