"""Python source without its docstrings, line numbers kept: less code in the memory snapshot.

Docstrings are data that every imported module keeps in memory (and so in the snapshot, on the
wire). Nothing in the engine reads them. `strip` removes them from source text; the asserts stay
(unlike `-OO`, which would also drop icalendar's check against unescaped newlines). Used at
build time only, twice: on the standard library zip (stdlib_cut.py, in CPython) and, inside
Pyodide, on the wheels' modules that the snapshot's warm-up imports (`stripping_imports`).
"""

from __future__ import annotations

import ast
import importlib.machinery

_SCOPES = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def _docstring_spans(tree: ast.Module) -> list[tuple[int, int, int, int, bool]]:
    """(first line, column, last line, end column, alone in its body) of every docstring."""
    spans = []
    for node in ast.walk(tree):
        first = node.body[0] if isinstance(node, _SCOPES) and node.body else None
        if (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
            and first.end_lineno is not None
            and first.end_col_offset is not None
        ):
            alone = len(node.body) == 1
            spans.append(
                (first.lineno, first.col_offset, first.end_lineno, first.end_col_offset, alone)
            )
    return spans


def strip(source: bytes) -> bytes:
    """`source` with its docstrings removed (`pass` where one was a whole body), or unchanged.

    Every other line keeps its number. Source this Python cannot parse or compile afterwards (a
    newer syntax, an odd layout) comes back unchanged: a docstring kept costs bytes, not errors.
    """
    try:
        spans = _docstring_spans(ast.parse(source))
    except (SyntaxError, ValueError):
        return source
    lines = source.split(b"\n")
    for first, column, last, end, alone in sorted(spans, reverse=True):
        after = lines[last - 1][end:]
        keep_place = alone or after.strip()  # `def f(): "doc"; return 1` needs a statement
        kept = lines[first - 1][:column] + (b"pass" if keep_place else b"") + after
        lines[first - 1 : last] = [kept] + [b""] * (last - first)
    result = b"\n".join(lines)
    try:
        compile(result, "<stripped>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return source
    return result


_ORIGINAL = importlib.machinery.SourceFileLoader.source_to_code


def _source_to_code(self, data, path, *args, **kwargs):
    """SourceFileLoader.source_to_code of `data` with its docstrings stripped."""
    return _ORIGINAL(self, strip(bytes(data)), path, *args, **kwargs)


def stripping_imports(on: bool) -> None:
    """Turn on (or off again) docstring stripping for modules imported from .py files."""
    loader = importlib.machinery.SourceFileLoader
    loader.source_to_code = _source_to_code if on else _ORIGINAL  # type: ignore[method-assign]
