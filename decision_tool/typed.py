"""Which `*`, `_` and backticks of a typed line are bold, italic and code (contract v3).

The rule is Slack's, so that one summary reads alike wherever it is pasted: `*bold*`,
`_italic_`, `` `code` ``. A span opens at the line's start or after a space or punctuation,
and closes before the line's end, a space or punctuation; its text starts and ends with a
visible character, and the first delimiter of its kind after the opening one closes it, or
nothing does. Bold and italic may hold each other and code; code holds everything literally.
So an underscore inside a word (`john_smith`), `**`, `__`, `5*3` and a lone backtick stay text.
A web address (`LINKABLE`, as GitHub and GitLab link it) is never markup, nor is anything in
it: it is linked as typed.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: A web address as GitHub and GitLab link it in text: a scheme after no ASCII letter, or `www.`
#: at a line start or after a space, `*`, `_`, `~`, `(` or `[`; then everything up to an ASCII
#: space or `<`. ASCII only, in either case, as cmark-gfm reads it: no re.IGNORECASE, under which
#: `[A-Za-z]` would also match U+0130 (dotted capital I) or the Kelvin sign, and `s` the long s.
_HTTP = "[Hh][Tt][Tt][Pp][Ss]?"
LINKABLE = re.compile(
    rf"(?:(?<![A-Za-z])(?:{_HTTP}|[Ff][Tt][Pp])://|(?<![^\s*_~(\[])[Ww][Ww][Ww]\.)"
    r"[^ \t\n\r\f\v<]+"
)
#: A URL whose mentions are left alone: a scheme, a host (no userinfo), then a path, query or
#: fragment up to the next space or `<`; a mention after the host is in the link (contract v3).
#: Without a scheme (`www.x.example/@all`) a mention is prose.
URL_IN_TEXT = re.compile(rf"(?<![A-Za-z]){_HTTP}://[^\s/?#<@]+[/?#][^\s<]*")
KINDS = {"*": "strong", "_": "em", "`": "code"}


@dataclass(frozen=True, slots=True)
class Span:
    """One piece of typed markup: its kind and the indexes of its two delimiters (or a URL)."""

    kind: str  # "strong", "em", "code" or "url"
    start: int
    end: int  # the closing delimiter's index; for a URL, one past its last character


#: What only some renderers take for a space (comrak: yes; markdown-it, cmark: no). A delimiter
#: next to one is text, on either side.
ODD_SPACES = "\x1c\x1d\x1e\x1f\x85\u2028\u2029"


def _space(char: str) -> bool:
    """A space to some renderer: a Unicode space (Zs), a tab, a line end or separator."""
    return char in "\t\n\v\f\r" or char in ODD_SPACES or unicodedata.category(char) == "Zs"


def _outside(char: str) -> bool:
    """A span may open after and close before this: a space or punctuation (not a symbol, not
    `~`, which GFM's renderers do not count as punctuation next to `_`, not an odd space)."""
    if char == "~" or char in ODD_SPACES:
        return False
    return _space(char) or char in string.punctuation or unicodedata.category(char)[0] == "P"


def _opens(line: str, at: int) -> bool:
    """The delimiter at `at` can open a span."""
    mark = line[at]
    before = line[at - 1] if at else " "
    after = line[at + 1] if at + 1 < len(line) else " "
    return _outside(before) and before != mark and not _space(after) and after != mark


def _closes(line: str, at: int) -> bool:
    """The delimiter at `at` can close a span."""
    mark = line[at]
    before = line[at - 1]
    after = line[at + 1] if at + 1 < len(line) else " "
    return _outside(after) and after != mark and not _space(before) and before != mark


def _url_at(line: str, at: int) -> int | None:
    """The end of a URL that starts at `at`, if one does."""
    found = LINKABLE.match(line, at)
    return found.end() if found else None


def _code_at(line: str, at: int, stop: int) -> int | None:
    """The closing backtick of a code span that opens at `at` and closes before `stop`."""
    if line[at] != "`" or not _opens(line, at):
        return None
    close = line.find("`", at + 2, stop)
    return close if close > 0 and _closes(line, close) else None


def _closer(line: str, at: int, stop: int) -> int | None:
    """The delimiter that closes the span opened at `at`: the next one of its kind, skipping
    URLs and code spans, if it can close."""
    mark, index = line[at], at + 1
    while index < stop:
        skip = _url_at(line, index) or _code_at(line, index, stop)
        if skip:
            index = skip + (line[index] == "`")
            continue
        if line[index] == mark:
            return index if index > at + 1 and _closes(line, index) else None
        index += 1
    return None


def _scan(line: str, start: int, stop: int, inside: frozenset[str]) -> list[Span]:
    """The spans between `start` and `stop`, not of a kind that encloses them."""
    found: list[Span] = []
    index = start
    while index < stop:
        url_end = _url_at(line, index)
        if url_end:
            found.append(Span("url", index, min(url_end, stop)))
            index = url_end
            continue
        kind = KINDS.get(line[index])
        close = None
        if kind == "code":
            close = _code_at(line, index, stop)
        elif kind and kind not in inside and _opens(line, index):
            close = _closer(line, index, stop)
        if close is None:
            index += 1
            continue
        found.append(Span(kind, index, close))
        if kind != "code":
            found += _scan(line, index + 1, close, inside | {kind})
        index = close + 1
    return found


@lru_cache(maxsize=4096)
def spans(line: str) -> tuple[Span, ...]:
    """The markup and URLs of one typed line, in order of their opening delimiters."""
    if not re.search(r"[*_`]|://|www\.", line, re.IGNORECASE):
        return ()
    return tuple(sorted(_scan(line, 0, len(line), frozenset()), key=lambda span: span.start))
