"""English from the numbers: a list with "and" before its last item."""

from __future__ import annotations

from collections.abc import Iterable


def and_list(items: Iterable[str]) -> str:
    """`a`, `a and b`, `a, b and c`: the items with "and" before the last one."""
    words = [str(item) for item in items]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"
