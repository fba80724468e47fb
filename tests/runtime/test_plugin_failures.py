"""The runtime and wheel steps fail loudly, with a message saying what to do, and cache well."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from sitebuild.errors import BuildError
from sitebuild.pyodide import runtime, wheels

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / ".cache" / "wheels"

pytestmark = pytest.mark.slow


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the engine's sources (package, pyproject, README) to break at will."""
    copy = tmp_path / "project"
    shutil.copytree(
        REPO / "decision_tool", copy / "decision_tool", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(REPO / name, copy / name)
    return copy


@pytest.fixture(scope="module")
def dependency_wheels() -> list[Path]:
    """The engine's dependency wheels from the project's wheel cache (filled on first use)."""
    return [wheels.dependency_wheel(name, CACHE) for name in wheels.runtime_dependencies(REPO)]


def verify_with(dependencies: list[Path]):
    """The plugin's check: run the new engine wheel on samples with only these wheels."""
    from sitebuild.pyodide import smoke

    return lambda engine: smoke.check_engine([engine, *dependencies], engine)


def test_missing_runtime_says_to_run_npm_ci(tmp_path: Path) -> None:
    """Without node_modules/pyodide the build stops and says to run `npm ci` / `make setup`."""
    with pytest.raises(BuildError) as raised:
        runtime.find_runtime(tmp_path)
    message = str(raised.value)
    assert "Pyodide runtime is missing" in message
    assert "npm ci" in message and "make setup" in message
    assert str(tmp_path / "node_modules" / "pyodide") in message


def test_incomplete_runtime_names_the_missing_file(tmp_path: Path) -> None:
    """A runtime folder without the wasm names that file."""
    folder = tmp_path / "node_modules" / "pyodide"
    shutil.copytree(REPO / "node_modules" / "pyodide", folder)
    (folder / "pyodide.asm.wasm").unlink()
    with pytest.raises(BuildError, match=r"\(no pyodide\.asm\.wasm\)\. Run `npm ci`"):
        runtime.find_runtime(tmp_path)


def test_runtime_other_than_the_pin_is_refused(tmp_path: Path) -> None:
    """node_modules holding another Pyodide than package.json pins fails the build."""
    shutil.copytree(REPO / "node_modules" / "pyodide", tmp_path / "node_modules" / "pyodide")
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"pyodide": "0.1.0"}}))
    with pytest.raises(BuildError, match=r"package\.json pins 0\.1\.0\. Run `npm ci`"):
        runtime.find_runtime(tmp_path)


def test_wheel_build_failure_shows_pips_output(project: Path, tmp_path: Path) -> None:
    """A broken pyproject.toml fails the build with the backend's own error text."""
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('version = "', 'version = "not a version '))
    with pytest.raises(BuildError) as raised:
        wheels.engine_wheel(project, tmp_path / "cache")
    message = str(raised.value)
    assert "building the engine wheel" in message
    assert "not a version" in message.lower() or "invalid version" in message.lower()
    assert not list((tmp_path / "cache").rglob("*.whl")), "a failed build is not cached"


def test_template_error_fails_the_build(
    project: Path, tmp_path: Path, dependency_wheels: list[Path]
) -> None:
    """A template that cannot render (unknown variable) fails the build; nothing is cached."""
    template = sorted((project / "decision_tool" / "templates").glob("*.j2"))[0]
    template.write_text(template.read_text() + "\n{{ no_such_answer_anywhere }}\n")
    with pytest.raises(BuildError, match="decision-tool: the engine"):
        wheels.engine_wheel(project, tmp_path / "cache", verify=verify_with(dependency_wheels))
    assert not list((tmp_path / "cache").rglob("*.whl"))


def test_engine_wheel_is_reproducible_and_cached(
    project: Path, tmp_path: Path, dependency_wheels: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cold builds give equal bytes; an unchanged tree reuses the cache; a change rebuilds."""
    verify = verify_with(dependency_wheels)
    first = wheels.engine_wheel(project, tmp_path / "a", verify=verify)
    second = wheels.engine_wheel(project, tmp_path / "b", verify=verify)
    digest = hashlib.sha256(first.read_bytes()).hexdigest()
    assert hashlib.sha256(second.read_bytes()).hexdigest() == digest

    def no_pip(*args: object, **kwargs: object) -> None:
        raise AssertionError("pip ran although the sources did not change")

    with monkeypatch.context() as patch:
        patch.setattr(wheels, "_pip", no_pip)
        assert wheels.engine_wheel(project, tmp_path / "a", verify=verify) == first

    init = project / "decision_tool" / "__init__.py"
    init.write_text(init.read_text() + "\n# changed\n")
    rebuilt = wheels.engine_wheel(project, tmp_path / "a", verify=verify)
    assert rebuilt != first
    assert hashlib.sha256(rebuilt.read_bytes()).hexdigest() != digest


def test_stray_file_in_engine_wheel_is_refused(tmp_path: Path) -> None:
    """The wheel check rejects anything outside decision_tool/ and its dist-info."""

    wheel = tmp_path / "decision_tool-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("decision_tool/__init__.py", "")
        archive.writestr("decision_tool-0.1.0.dist-info/METADATA", "")
        archive.writestr("mkdocs_decision_tool/plugin.py", "")
    with pytest.raises(BuildError, match=r"mkdocs_decision_tool/plugin\.py"):
        wheels.check_engine_wheel(wheel)
