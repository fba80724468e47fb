"""Tools apart from tests: no test module imports another or a conftest; tests and benchmarks
never import each other; nothing outside tests/ (the Makefile, benchmarks, tools) reaches into it.

What the tests, `make bench` and `make preview` share lives in tools/. Imports are read with `ast`
(relative ones resolved), so the check is fast and runs no module.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator
from pathlib import Path

from tools import REPO

#: Folders that hold no source of ours.
SKIPPED = {"node_modules", "site", "build", "dist", "public", "__pycache__"}
#: The top-level folders that must not import `benchmarks` (nothing but tests/ imports `tests`).
NOT_BENCHMARKS = ("tests", "tools")
#: What a JavaScript file loads: `import ... from '...'`, `import('...')`, `new URL('...')`.
JS_SPECIFIER = re.compile(r"""(?:\bfrom|\bimport\s*\(?|\bnew URL\()\s*['"]([^'"]+)['"]""")


def python_files() -> Iterator[Path]:
    """Every Python file of the repository (not the venv, node_modules or a built site)."""
    for root, dirs, files in os.walk(REPO):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED)
        yield from (Path(root, name) for name in sorted(files) if name.endswith(".py"))


def module_name(path: Path) -> str:
    """`tests/engine/test_cli.py` -> `tests.engine.test_cli` (a package by its folder)."""
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_file(name: str) -> Path | None:
    """The repository's file for a module name, or None when the module is not ours."""
    base = REPO.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def imports(path: Path) -> Iterator[tuple[int, str, Path]]:
    """Each of our modules a file imports: its line, the name as written, the file it names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            stem = package[: len(package) - node.level + 1] if node.level else []
            base = ".".join([*stem, *(node.module or "").split(".")]).strip(".")
            # `from a import b` names module `a`, and module `a.b` when b is one.
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            found = module_file(name)
            if found is not None:
                yield node.lineno, name, found


def where(path: Path, line: int) -> str:
    """`folder/file.py:line`."""
    return f"{path.relative_to(REPO)}:{line}"


def is_test_module(path: Path) -> bool:
    """A module pytest collects or configures: `test_*.py` or a `conftest.py`."""
    return path.name.startswith("test_") or path.name == "conftest.py"


def test_no_module_imports_a_test_module_or_a_conftest() -> None:
    """What two tests share is a helper module or a tool, never another test or a conftest."""
    found = [
        f"{where(path, line)} imports {name}"
        for path in python_files()
        for line, name, target in imports(path)
        if is_test_module(target)
    ]
    assert found == [], "\n".join(found)


def test_tests_and_tools_never_import_benchmarks() -> None:
    """A test runs the benchmark as `make bench` does, as a command; what both need is in tools/."""
    found = [
        f"{where(path, line)} imports {name}"
        for path in python_files()
        if path.relative_to(REPO).parts[0] in NOT_BENCHMARKS
        for line, name, target in imports(path)
        if target.relative_to(REPO).parts[0] == "benchmarks"
    ]
    assert found == [], "\n".join(found)


def test_nothing_outside_tests_imports_or_names_the_tests() -> None:
    """The engine, the build, benchmarks and tools neither import tests.* nor open a file there."""
    found = []
    for path in python_files():
        if path.relative_to(REPO).parts[0] == "tests":
            continue
        found += [
            f"{where(path, line)} imports {name}"
            for line, name, target in imports(path)
            if target.relative_to(REPO).parts[0] == "tests"
        ]
        found += [
            f"{where(path, line)} names {text!r}"
            for line, text in path_strings(path)
            if text == "tests" or re.search(r"(^|/)tests/", text)
        ]
    for folder in ("benchmarks", "tools"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.suffix in (".js", ".mjs"):
                text = path.read_text(encoding="utf-8")
                found += [
                    f"{path.relative_to(REPO)} loads {spec!r}"
                    for spec in JS_SPECIFIER.findall(text)
                    if "tests/" in spec
                ]
    assert found == [], "\n".join(found)


def path_strings(path: Path) -> Iterator[tuple[int, str]]:
    """The string constants of a Python file that are not docstrings (paths, arguments)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.lineno, node.value


def test_the_makefile_reaches_into_tests_only_through_pytest() -> None:
    """`make preview`, `make bench` and the rest run tools and benchmarks, never a test module."""
    recipes = [line for line in (REPO / "Makefile").read_text().splitlines() if line[:1] == "\t"]
    found = [line.strip() for line in recipes if re.search(r"\btests?\b[./]", line)]
    assert found == [], "\n".join(found)


def test_both_engine_drivers_put_the_one_probe_in_the_page() -> None:
    """Firefox and WebKit inject tools/engines/probe.js, and no listener or probe of their own."""
    drivers = REPO / "tools" / "engines"
    assert (drivers / "probe.js").is_file()
    for name in ("firefox.mjs", "webkit.py"):
        source = (drivers / name).read_text(encoding="utf-8")
        assert "probe.js" in source, f"{name} does not load probe.js"
        injected = re.findall(r"(?:evaluateOnNewDocument|UserScript\.new)\(\s*(\w+)", source)
        assert injected == ["PROBE"], f"{name} injects {injected}, not the one probe"
        assert "securitypolicyviolation" not in source, f"{name} listens in the page itself"
