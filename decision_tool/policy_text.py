"""Placeholders in policy texts, and the room naming pattern they show."""

from __future__ import annotations

import string
from collections import defaultdict
from collections.abc import Mapping


def room_pattern(prefix: str, suffix: str) -> str:
    """The room naming convention as a reader sees it, e.g. `#a_<customer>_escalation`."""
    return f"#{prefix}<customer>{suffix}"


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


def fill(text: str, **values: object) -> str:
    """Fill a policy text's dynamic {placeholders}; one this use has no value for reads empty."""
    return text.format_map(defaultdict(str, values))
