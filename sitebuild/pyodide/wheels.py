"""Build and cache the pure-Python wheels the browser installs: the engine and its dependencies."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution, version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

from sitebuild.errors import BuildError

from . import smoke

log = logging.getLogger(__name__)

#: The engine's import package; its wheel must hold nothing else (the plugin is never shipped).
ENGINE_PACKAGE = "decision_tool"
#: Files outside `decision_tool/` that end up in the engine wheel's metadata.
ENGINE_METADATA_FILES = ("pyproject.toml", "README.md")
#: Fixed timestamp for the wheel builds, so that equal sources give byte-identical wheels.
SOURCE_DATE_EPOCH = "315532800"
#: How many engine wheels (one per source digest) the cache keeps.
KEEP_ENGINE_WHEELS = 4


#: Distributions whose PyPI wheels carry C speedups: built here from the sdist with no compiler.
BUILT_PURE = frozenset({"markupsafe"})
#: The environment markers of the browser's Python (Pyodide 314: CPython 3.14 on Emscripten).
PYODIDE_MARKERS = {
    "python_version": "3.14",
    "python_full_version": "3.14.0",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "sys_platform": "emscripten",
    "platform_system": "Emscripten",
    "platform_machine": "wasm32",
    "os_name": "posix",
    "extra": "",
}


@dataclass(frozen=True)
class Wheels:
    """The wheels to ship: the engine's dependencies (dependencies first), then the engine."""

    dependencies: tuple[Path, ...]
    engine: Path

    def all(self) -> list[Path]:
        """Return the wheel paths, dependencies first."""
        return [*self.dependencies, self.engine]


def prepare_wheels(project_dir: Path, cache_dir: Path) -> Wheels:
    """Return every wheel to ship, building or downloading only what the cache lacks.

    The dependencies are the engine's declared runtime dependencies and theirs, each at the
    version installed here (pinned by requirements.lock). A new engine wheel is run once on
    sample answers (with only these wheels importable) before it is cached, so a broken policy
    or template fails the build.
    """
    dependencies = tuple(
        dependency_wheel(name, cache_dir) for name in runtime_dependencies(project_dir)
    )

    def verify(engine: Path) -> None:
        """Evaluate the samples with the new engine wheel and its dependencies."""
        smoke.check_engine([engine, *dependencies], engine)

    engine = engine_wheel(project_dir, cache_dir, verify=verify)
    return Wheels(dependencies=dependencies, engine=engine)


def runtime_dependencies(project_dir: Path) -> list[str]:
    """The engine's runtime dependency closure, dependencies before their dependents.

    Starts from `[project].dependencies` in the engine's pyproject.toml and follows the installed
    distributions' metadata; requirements whose markers do not hold in Pyodide are left out.
    """
    try:
        with (project_dir / "pyproject.toml").open("rb") as file:
            declared = tomllib.load(file)["project"].get("dependencies", [])
    except (OSError, KeyError, tomllib.TOMLDecodeError) as error:
        raise BuildError(
            f"decision-tool: cannot read the engine's dependencies: {error}"
        ) from error
    ordered: list[str] = []

    def visit(requirement_text: str, chain: tuple[str, ...]) -> None:
        """Add one requirement after its own dependencies (depth first)."""
        requirement = Requirement(requirement_text)
        if requirement.marker is not None and not requirement.marker.evaluate(PYODIDE_MARKERS):
            return
        name = canonicalize_name(requirement.name)
        if name in ordered or name in chain:
            return
        _installed(name)  # fails clearly when it is not installed
        for child in distribution(name).requires or []:
            visit(child, (*chain, name))
        ordered.append(name)

    for requirement_text in declared:
        visit(requirement_text, ())
    return ordered


def dependency_wheel(name: str, cache_dir: Path) -> Path:
    """Return the pure wheel of one dependency at its installed version (cached after once)."""
    if name in BUILT_PURE:
        return pure_built_wheel(name, cache_dir)
    pinned = _installed(name)
    slot = cache_dir / "pypi" / f"{name}-{pinned}"

    def download(out: Path) -> None:
        """Download the exact pure wheel."""
        _pip(
            ["download", "--no-deps", "--only-binary=:all:", "-d", str(out), f"{name}=={pinned}"],
            what=f"downloading {name}=={pinned} from PyPI",
        )

    return _check_pure(_single_wheel(slot) or _fill(slot, download))


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
        raise BuildError(f"decision-tool: no engine package at {project_dir / ENGINE_PACKAGE}.")
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


def pure_built_wheel(name: str, cache_dir: Path) -> Path:
    """Return a pure-Python wheel built from the sdist (no C speedups) at the installed version.

    MarkupSafe then runs on its `_native` fallback, as Pyodide needs.
    """
    pinned = _installed(name)
    slot = cache_dir / "pure" / f"{name}-{pinned}"

    def build(out: Path) -> None:
        """Build from the sdist with no C compiler, so only the pure-Python code is packed."""
        _pip(
            [
                *("wheel", "--no-cache-dir", "--no-deps", "--no-binary", name),
                *("-w", str(out), f"{name}=={pinned}"),
            ],
            what=f"building a pure-Python {name}=={pinned} wheel",
            env={"CC": "false"},
        )

    wheel = _check_pure(_single_wheel(slot) or _fill(slot, build))
    with zipfile.ZipFile(wheel) as archive:
        native = [name for name in archive.namelist() if name.endswith((".so", ".pyd"))]
    if native:
        raise BuildError(f"decision-tool: {wheel.name} holds compiled modules: {native}.")
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
        raise BuildError(
            f"decision-tool: the engine wheel {wheel.name} must hold only {ENGINE_PACKAGE}/ "
            f"and {dist_info}; it also holds: {strays or 'no __init__.py'}."
        )
    _check_pure(wheel)


def _check_pure(wheel: Path) -> Path:
    """Return the wheel when its tags say pure Python 3 (`py3-none-any`), else fail."""
    _, _, _, tags = parse_wheel_filename(wheel.name)
    if not all(tag.abi == "none" and tag.platform == "any" for tag in tags):
        raise BuildError(f"decision-tool: {wheel.name} is not a pure-Python wheel.")
    return wheel


def _installed(distribution: str) -> str:
    """Return the version of a distribution installed next to MkDocs (the pin to ship)."""
    try:
        return version(distribution)
    except PackageNotFoundError as error:
        raise BuildError(
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
        raise BuildError(f"decision-tool: expected one wheel in {folder}, found {wheels}.")
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
    """Run pip with this interpreter; on failure raise a BuildError carrying pip's stderr."""
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    log.info("decision-tool: %s (once: the result is cached)", what)
    environment = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **(env or {})}
    result = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    if result.returncode != 0:
        output = (result.stderr.strip() or result.stdout.strip()).splitlines()
        tail = "\n".join(output[-40:])
        raise BuildError(
            f"decision-tool: {what} failed (pip exit {result.returncode}).\n"
            f"$ {' '.join(command)}\n{tail}"
        )
