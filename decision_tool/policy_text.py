"""Placeholders in policy texts and numbers as the texts show them."""

from __future__ import annotations

import string
from collections.abc import Mapping


def number_text(value: float) -> str:
    """A number as a reader writes it: 3, 2.5 (no trailing .0)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def fill_static(text: str, values: Mapping[str, str], dynamic: frozenset[str] = frozenset()) -> str:
    """Fill static {placeholders}; keep allowed dynamic ones (then literal braces stay doubled)."""
    out: list[str] = []
    for literal, name, spec, conversion in string.Formatter().parse(text):
        out.append(literal.replace("{", "{{").replace("}", "}}") if dynamic else literal)
        if name is None:
            continue
        if spec or conversion:
            raise KeyError(f"{{{name}}} must be a plain placeholder")
        if name in values:
            out.append(values[name])
        elif name in dynamic:
            out.append("{" + name + "}")
        else:
            raise KeyError(f"unknown placeholder {{{name}}}")
    return "".join(out)
