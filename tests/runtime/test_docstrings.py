"""Docstrings come out of the snapshot's code; everything else about the code stays the same."""

from __future__ import annotations

import ast
import sysconfig
from pathlib import Path

import pytest

from sitebuild.pyodide.docstrings import strip

SOURCE = b'''"""The module's docstring."""
from __future__ import annotations


def documented(value):
    """A docstring over
    two lines."""
    assert value, "asserts stay"
    return value


class Only:
    "A docstring that is the whole body."


def one_line(): "a docstring"; return 1


async def commented():
    r\'\'\'Raw.\'\'\'  # a comment after it
    return 2

text = 1
"""Not a docstring: a string after the first statement."""
'''


def without_docstrings(tree: ast.AST) -> str:
    """The AST with its docstrings dropped (and `pass` for an emptied body), as text."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and ast.get_docstring(node, clean=False) is not None:
                del body[0]
            if isinstance(node, ast.Module):
                continue
            if not body or (len(body) == 1 and isinstance(body[0], ast.Pass)):
                node.body = [ast.Pass()]
            elif isinstance(body[0], ast.Pass):
                del body[0]
    return ast.dump(tree)


def test_every_docstring_goes_and_everything_else_stays() -> None:
    """Module, function, class and async docstrings go; asserts, code and lines stay."""
    stripped = strip(SOURCE)
    namespace: dict = {}
    exec(compile(stripped, "example.py", "exec"), namespace)
    assert namespace.get("__doc__") is None
    assert namespace["documented"].__doc__ is None
    assert namespace["Only"].__doc__ is None
    assert namespace["one_line"].__doc__ is None and namespace["one_line"]() == 1
    assert namespace["commented"].__doc__ is None
    with pytest.raises(AssertionError, match="asserts stay"):
        namespace["documented"](0)
    before, after = SOURCE.split(b"\n"), stripped.split(b"\n")
    assert len(after) == len(before)
    for number, (old, new) in enumerate(zip(before, after, strict=True), start=1):
        assert new == old or b'"' in old or b"'" in old, f"line {number} changed: {new!r}"
    assert b'"""Not a docstring: a string after the first statement."""' in stripped
    assert without_docstrings(ast.parse(SOURCE)) == without_docstrings(ast.parse(stripped))


def test_line_numbers_of_the_code_do_not_move() -> None:
    """A traceback points at the same line as before."""
    original: dict = {}
    stripped: dict = {}
    exec(compile(SOURCE, "example.py", "exec"), original)
    exec(compile(strip(SOURCE), "example.py", "exec"), stripped)
    lines = [
        [line for _, _, line in namespace["documented"].__code__.co_lines()]
        for namespace in (original, stripped)
    ]
    assert lines[0] == lines[1]


def test_source_it_cannot_parse_comes_back_unchanged() -> None:
    """Newer syntax than the build's Python (or broken source) is kept as it is."""
    broken = b'"""Doc."""\ndef f(:\n    pass\n'
    assert strip(broken) == broken


STDLIB = sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py"))


@pytest.mark.parametrize("path", STDLIB[::7], ids=lambda path: path.name)
def test_the_standard_library_keeps_its_code(path: Path) -> None:
    """Over real modules: the stripped source parses to the same code less its docstrings."""
    source = path.read_bytes()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        assert strip(source) == source
        return
    stripped = strip(source)
    assert stripped.count(b"\n") == source.count(b"\n")
    assert without_docstrings(tree) == without_docstrings(ast.parse(stripped))
    assert all(
        ast.get_docstring(node) is None
        for node in ast.walk(ast.parse(stripped))
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
    )
