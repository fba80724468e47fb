"""The oracle's reading of contract v3 "Typed text": what a typed line looks like once rendered.

Written apart from the engine (decision_tool/typed.py) from the contract's rule, Slack's:
`*bold*`, `_italic_`, `` `code` ``; a delimiter opens after the line's start, a space or
punctuation and before a visible character other than itself, closes before the line's end, a
space or punctuation and after a visible character other than itself; the first delimiter of
its kind after an opener (outside URLs and code) closes it or nothing does; bold and italic may
hold each other and code, code holds everything; a URL (or a `www.` address) is never markup.
Every other character reads as typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

#: What GitHub and GitLab link in text: from a scheme after no letter (or `www.` after a space,
#: `*`, `_`, `~`, `(`, `[` or the line's start) to an ASCII space or `<`.
URL = re.compile(
    r"(?:(?<![A-Za-z])(?ai:https?|ftp)://|(?<![^\s*_~(\[])(?ai:www)\.)[^ \t\n\r\f\v<]+"
)
KIND = {"*": "strong", "_": "em", "`": "code"}


def _blank(char: str | None) -> bool:
    """Whitespace to CommonMark (Zs, tab, line ends) or to comrak (also U+2028, U+0085, ...)."""
    if char is None:
        return False
    return char.isspace() or unicodedata.category(char) == "Zs"


def _edge(char: str | None) -> bool:
    """The line's edge, a space, or punctuation (ASCII but `~`, or Unicode category P)."""
    if char is None:
        return True
    if char == "~":  # cmark-gfm and comrak do not count it as punctuation next to `_`
        return False
    if char.isspace() and unicodedata.category(char) != "Zs" and char not in "\t\n\x0b\x0c\r":
        return False  # U+2028, U+0085, ...: a space to comrak only, so never a span's edge
    if _blank(char):
        return True
    return (char.isascii() and not char.isalnum() and char.isprintable()) or \
        unicodedata.category(char)[0] == "P"  # fmt: skip


@dataclass
class Read:
    """A line as read: its visible text and the markup it makes."""

    text: str = ""
    markup: Counter[str] = field(default_factory=Counter)


def _at(line: str, i: int) -> str | None:
    """The character at `i`, or None past either end."""
    return line[i] if 0 <= i < len(line) else None


def _can_open(line: str, i: int) -> bool:
    """Slack's opening rule for the delimiter at `i`."""
    mark, before, after = line[i], _at(line, i - 1), _at(line, i + 1)
    return _edge(before) and before != mark and after is not None and not _blank(after) \
        and after != mark  # fmt: skip


def _can_close(line: str, i: int) -> bool:
    """Slack's closing rule for the delimiter at `i`."""
    mark, before, after = line[i], _at(line, i - 1), _at(line, i + 1)
    return _edge(after) and after != mark and before is not None and not _blank(before) \
        and before != mark  # fmt: skip


def _code_end(line: str, i: int, stop: int) -> int | None:
    """Where a code span opening at `i` closes (before `stop`), if it does."""
    if line[i] != "`" or not _can_open(line, i):
        return None
    j = line.find("`", i + 1, stop)
    return j if j > i + 1 and _can_close(line, j) else None


def _partner(line: str, i: int, stop: int) -> int | None:
    """The delimiter that closes the bold or italic opening at `i`, if any."""
    j = i + 1
    while j < stop:
        url = URL.match(line, j)
        code = _code_end(line, j, stop)
        if url:
            j = url.end()
        elif code is not None:
            j = code + 1
        elif line[j] == line[i]:
            return j if j > i + 1 and _can_close(line, j) else None
        else:
            j += 1
    return None


def _read(line: str, i: int, stop: int, open_kinds: frozenset[str], out: Read) -> None:
    """Read `line[i:stop]` into `out`."""
    while i < stop:
        url = URL.match(line, i)
        if url:
            out.text += line[i : url.end()]
            i = url.end()
            continue
        kind = KIND.get(line[i])
        end = None
        if kind == "code":
            end = _code_end(line, i, stop)
        elif kind and kind not in open_kinds and _can_open(line, i):
            end = _partner(line, i, stop)
        if end is None:
            out.text += line[i]
            i += 1
            continue
        out.markup[kind] += 1  # type: ignore[index]
        if kind == "code":
            out.text += line[i + 1 : end]
        else:
            _read(line, i + 1, end, open_kinds | {kind}, out)
        i = end + 1


def read_line(line: str) -> Read:
    """One typed line (stripped) as a reader sees it once rendered with typed markup."""
    out = Read()
    _read(line, 0, len(line), frozenset(), out)
    return out


def read_value(value: str, markup: bool = True) -> Read:
    """A typed value, line by line (stripped, blank lines dropped), lines joined by newlines."""
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [line.strip() for line in lines if line.strip()]
    if not markup:
        return Read("\n".join(lines))
    reads = [read_line(line) for line in lines]
    return Read("\n".join(r.text for r in reads), sum((r.markup for r in reads), Counter()))
