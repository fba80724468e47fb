"""The built site's `pyodide/` folder: runtime files, the pure wheels, and their lock."""

from __future__ import annotations

import hashlib
import json
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from sitebuild.pyodide import docstrings

REPO = Path(__file__).resolve().parents[2]
NPM_RUNTIME = REPO / "node_modules" / "pyodide"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
STDLIB = "python_stdlib.zip"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def folder(built_site: Path) -> Path:
    """The built site's Pyodide folder."""
    return built_site / "assets" / "decision-tool" / "pyodide"


@pytest.fixture(scope="module")
def lock(folder: Path) -> dict:
    """The site's pyodide-lock.json."""
    return json.loads((folder / "pyodide-lock.json").read_text(encoding="utf-8"))


def sha256(path: Path) -> str:
    """Hex sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_runtime_files_are_the_pinned_npm_files(folder: Path) -> None:
    """The runtime files are laid in byte for byte from node_modules/pyodide."""
    for name in RUNTIME_FILES:
        assert sha256(folder / name) == sha256(NPM_RUNTIME / name), name


def test_standard_library_is_the_pinned_one_cut_to_what_the_engine_imports(folder: Path) -> None:
    """Every file of the served zip is the npm zip's, stored, its modules without docstrings
    (each line where it was); most files are gone."""
    stripped = 0
    with zipfile.ZipFile(NPM_RUNTIME / STDLIB) as full, zipfile.ZipFile(folder / STDLIB) as cut:
        kept = cut.infolist()
        assert 100 < len(kept) < len(full.infolist()) / 2
        for info in kept:
            assert info.compress_type == zipfile.ZIP_STORED, info.filename
            original, served = full.read(info.filename), cut.read(info)
            assert served == docstrings.strip(original), info.filename
            assert served.count(b"\n") == original.count(b"\n"), info.filename
            stripped += served != original
        names = {info.filename for info in kept}
    assert stripped > len(kept) / 2
    for needed in ("json/__init__.py", "datetime.py", "_pyodide/_base.py", "tomllib/__init__.py"):
        assert needed in names, needed
    assert "unittest/__init__.py" not in names


def declared_dependencies() -> list[str]:
    """The engine's runtime dependencies as its pyproject.toml declares them (names only)."""
    with (REPO / "pyproject.toml").open("rb") as file:
        declared = tomllib.load(file)["project"]["dependencies"]
    return sorted(canonicalize_name(Requirement(text).name) for text in declared)


def test_lock_holds_exactly_the_engine_and_its_dependencies(folder: Path, lock: dict) -> None:
    """The lock lists the engine and what it needs, nothing else; each sha256 is its file's."""
    packages = lock["packages"]
    needed, queue = set(), ["decision-tool"]
    while queue:
        name = queue.pop()
        if name not in needed:
            needed.add(name)
            queue += packages[name]["depends"]
    assert set(packages) == needed
    assert {"decision-tool", "jinja2", "markupsafe"} <= needed
    for package in packages.values():
        assert "/" not in package["file_name"], "served from the lock's own folder"
        assert package["file_name"].endswith("-none-any.whl"), "pure Python only"
        assert package["sha256"] == sha256(folder / package["file_name"])
    wheels = sorted(path.name for path in folder.glob("*.whl"))
    assert wheels == sorted(package["file_name"] for package in packages.values())


def test_lock_dependencies_and_imports(lock: dict) -> None:
    """decision-tool needs what it declares, jinja2 needs markupsafe; each imports by its name."""
    packages = lock["packages"]
    assert sorted(packages["decision-tool"]["depends"]) == declared_dependencies()
    assert packages["jinja2"]["depends"] == ["markupsafe"]
    assert packages["markupsafe"]["depends"] == []
    assert packages["decision-tool"]["imports"] == ["decision_tool"]
    assert packages["jinja2"]["imports"] == ["jinja2"]
    assert packages["markupsafe"]["imports"] == ["markupsafe"]


def test_lock_info_is_the_runtimes(lock: dict) -> None:
    """The lock keeps the npm runtime's Python version, ABI and platform."""
    npm = json.loads((NPM_RUNTIME / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert lock["info"] == npm["info"]


def test_engine_wheel_ships_only_the_engine(folder: Path, lock: dict) -> None:
    """The browser downloads the engine, never the build-time plugin or tests."""
    wheel = folder / lock["packages"]["decision-tool"]["file_name"]
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    dist_info = "-".join(wheel.name.split("-")[:2]) + ".dist-info/"
    assert "decision_tool/__init__.py" in names
    assert "decision_tool/policy.toml" in names
    assert any(name.startswith("decision_tool/templates/") for name in names)
    strays = [name for name in names if not name.startswith(("decision_tool/", dist_info))]
    assert strays == []
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_markupsafe_wheel_is_pure_python(folder: Path, lock: dict) -> None:
    """MarkupSafe ships without compiled speedups (its `_native` fallback runs in Pyodide)."""
    wheel = folder / lock["packages"]["markupsafe"]["file_name"]
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "markupsafe/_native.py" in names
    assert not [name for name in names if name.endswith((".so", ".pyd"))]


def test_time_dependencies_ship_pure_and_pinned(folder: Path, lock: dict) -> None:
    """Time (v2): icalendar, python-dateutil and tzdata ship at the pinned versions, pure
    (`py3-none-any` or `py2.py3-none-any`, no compiled module); typing-extensions, needed only
    below Python 3.13, is left out of Pyodide's 3.14."""
    packages = lock["packages"]
    pins = dict(
        line.split("==")
        for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines()
        if "==" in line
    )
    pins = {canonicalize_name(name): version for name, version in pins.items()}
    for name in ("icalendar", "python-dateutil", "tzdata"):
        assert packages[name]["version"] == pins[name]
    assert sorted(packages["icalendar"]["depends"]) == ["python-dateutil", "tzdata"]
    assert "typing-extensions" not in packages
    for package in packages.values():
        tags = package["file_name"].removesuffix(".whl").split("-")[-3:]
        assert tags[0] in ("py3", "py2.py3") and tags[1:] == ["none", "any"], package
        with zipfile.ZipFile(folder / package["file_name"]) as archive:
            assert not [n for n in archive.namelist() if n.endswith((".so", ".pyd"))]
