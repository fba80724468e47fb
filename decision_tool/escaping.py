"""Typed values as CommonMark that renders as typed, with as few backslashes as possible.

Every text is written once as CommonMark (see `formats.py` for the Slack, plain text and HTML
forms derived from it). What an engineer types may use emphasis and code spans, by one rule
for every destination (`typed.py`): `*bold*` is `**bold**` here, `_italic_` and `` `code` ``
stay; in a `text` (plain) text nothing is markup. Everything else typed is put in as it is when
a CommonMark renderer (markdown-it-py, the parser that derives the other forms) shows it
literally, alone and next to any other text: `john_smith`, `AT&T`, `C++`, `x > 0`,
`https://example.com/a_b` stay byte-identical. Otherwise a backslash goes before the few
characters that would change it (emphasis, a heading, a list or quote at a line start, a code
span, raw HTML, a link, an entity), and before a `~` that GFM (GitHub, GitLab) could take for a
strikethrough (`~1.2~`, `H~2~O`). Each line's escaping is checked by parsing it; a typed span
that cannot be written so is written as text. Lines are stripped (no indented code, no stray
hard break); the value's own line breaks become hard breaks, its blank lines paragraph breaks.

Mentions get a zero-width space after the `@`: they read the same and notify no one. In every
text the broadcasts (`@here`, `@channel`, `@everyone`, `@all`); in `markdown` texts, which go
to GitLab and GitHub, every `@name` (a Slack handle there pings someone else). A URL is never
changed (contract v3): a mention inside one (`https://x.example/@channel/p`) is part of its
link. GitHub's and GitLab's renderers link a bare URL up to the next space or `<`, a backslash
included: a URL that would need one is written as a link (`<url>`) instead, and after a line
that ends in a bare URL the hard break is two spaces.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache

from decision_tool.backslashes import (
    PARSER,
    Atom,
    Reading,
    build,
    escape_line,
    literal_sites,
    shape,
    shapeable,
    sites,
)
from decision_tool.typed import LINKABLE, URL_IN_TEXT, Span, spans

__all__ = ["PARSER", "Placeholder", "Raw", "escape_line", "markdown", "markdown_cell",
           "markdown_link"]  # fmt: skip

ZERO_WIDTH_SPACE = "\u200b"
#: Broadcast mentions (Slack, and GitLab's `@all`).
MENTION = re.compile(r"@(?=(?:here|channel|everyone|all)(?:\b|https?://|www\.))", re.IGNORECASE)
#: (v3) Any mention GitLab or GitHub would link: `@` after no letter or digit, before a word
#: character (after `_` too: the `_` may close italics, and the `@` then starts a text).
ANY_MENTION = re.compile(r"(?<![A-Za-z0-9])@(?=\.?\w)")
NEUTRAL_MENTION = "@" + ZERO_WIDTH_SPACE
#: How typed emphasis is written in CommonMark.
MARKS = {"strong": "**", "em": "_"}


@dataclass(frozen=True, slots=True)
class Destination:
    """What typed text may become in one format: markup or not, which mentions to neutralise."""

    markup: bool
    mentions: re.Pattern[str]


DESTINATIONS = {
    "slack": Destination(markup=True, mentions=MENTION),
    "markdown": Destination(markup=True, mentions=ANY_MENTION),
    "text": Destination(markup=False, mentions=MENTION),
}


class Raw(str):
    """Markup a template builds on purpose (a link): never escaped again."""

    __slots__ = ()


class Placeholder(str):
    """A visible stand-in for a missing answer, like `[customer name]`."""

    __slots__ = ()


def neutralise_mentions(
    text: str, mentions: re.Pattern[str] = MENTION, keep: Collection[int] = ()
) -> str:
    """Put a zero-width space after the `@` of every mention outside a URL (and not in `keep`)."""
    urls = [found.span() for found in URL_IN_TEXT.finditer(text)]
    sites = [
        found.start()
        for found in mentions.finditer(text)
        if found.start() not in keep and not any(a <= found.start() < b for a, b in urls)
    ]
    parts = [text[a:b] for a, b in zip([0, *sites], [*sites, len(text)], strict=True)]
    return NEUTRAL_MENTION.join(
        part.removeprefix("@") if i else part for i, part in enumerate(parts)
    )


def _atoms(line: str, found: Iterable[Span], link_urls: bool) -> dict[int, Atom]:
    """The typed spans and URLs of a line as atoms; URLs as they are or written as links."""
    atoms: dict[int, Atom] = {}
    for span in found:
        if span.kind == "url":
            url = line[span.start : span.end]
            reads: Reading = (("text", url),)
            if link_urls:
                href = PARSER.normalizeLink(link_target(url))
                reads = (("link_open", href), *reads, ("link_close", ""))
            atoms[span.start] = Atom(markdown_link(url) if len(reads) > 1 else url, reads, span.end)
        elif span.kind == "code":
            code = line[span.start + 1 : span.end]
            atoms[span.start] = Atom(f"`{code}`", (("code_inline", code),), span.end + 1)
        else:
            mark = MARKS[span.kind]
            atoms[span.start] = Atom(mark, ((f"{span.kind}_open", ""),), span.start + 1)
            atoms[span.end] = Atom(mark, ((f"{span.kind}_close", ""),), span.end + 1)
    return atoms


#: How a line is written: with its typed markup or not, its URLs as links or not, and the
#: indexes of its backslashes; None: as text only (`escape_line`).
Plan = tuple[bool, bool, frozenset[int]] | None


def _spans(line: str, markup: bool) -> list[Span]:
    """The typed spans and URLs of a line (only its URLs when markup is off)."""
    return [span for span in spans(line) if markup or span.kind == "url"]


def _plan(line: str, markup: bool) -> Plan:
    """How to write a line: its typed spans as markup if they can be, else its URLs alone; a
    URL as it is unless it would get a backslash in or after it (then as a link)."""
    found = _spans(line, markup)
    urls = [span for span in found if span.kind == "url"]
    if len(urls) == len(found):
        literal = literal_sites(line)
        if not _in_bare_links(line, urls, literal):
            return False, False, literal
    for with_markup in (True, False) if len(urls) < len(found) else (False,):
        attempt = found if with_markup else urls
        for link_urls in (False, True):
            found_sites = sites(line, _atoms(line, attempt, link_urls))
            if found_sites is None or not (
                link_urls or not _in_bare_links(line, urls, found_sites)
            ):
                continue
            return with_markup, link_urls, found_sites
    return None


@lru_cache(maxsize=4096)
def _shape_plan(shaped: str, markup: bool) -> Plan:
    """The plan of a line's shape (cached: typing letters keeps the shape)."""
    return _plan(shaped, markup)


@lru_cache(maxsize=4096)
def typed_line(line: str, markup: bool = True) -> str:
    """One stripped line (mentions already neutralised) as CommonMark: its typed spans as
    markup (unless `markup` is off), its URLs unchanged, everything else reading as typed.

    The plan is made for the line's shape (its letter runs as one letter, URLs kept) when the
    shape has the same spans at the same places; else for the line itself."""
    found = _spans(line, markup)
    plan: Plan = None
    if shapeable(line):
        shaped, origin = shape(line, [(s.start, s.end) for s in found if s.kind == "url"])
        if [(s.kind, origin[s.start]) for s in _spans(shaped, markup)] == [
            (s.kind, s.start) for s in found
        ]:
            plan = _shape_plan(shaped, markup)
            plan = plan and (plan[0], plan[1], frozenset(origin[i] for i in plan[2]))
        else:
            plan = _plan(line, markup)
    else:
        plan = _plan(line, markup)
    if plan is None:
        return escape_line(line)
    with_markup, link_urls, found_sites = plan
    attempt = found if with_markup else [span for span in found if span.kind == "url"]
    return build(line, _atoms(line, attempt, link_urls), found_sites)


def _in_bare_links(line: str, urls: Iterable[Span], sites: Collection[int]) -> bool:
    """A backslash would be inside what GFM links of a bare URL: in it, or right after it (GFM
    links up to a space or `<`: `https://x.example/\\<b>` would link the backslash and let the
    `<b>` through as HTML), or the URL holds a `~` GFM could pair (when it leaves a final one out
    of the link, or does not link the URL at all: `www.a_b.example/H~2~O`), or it ends in a `\\`
    (which would escape what follows)."""
    return any(span.start <= site <= span.end for span in urls for site in sites) or any(
        "~" in line[span.start : span.end] or line[span.end - 1] == "\\" for span in urls
    )


def _openers(line: str) -> set[int]:
    """The indexes just before a typed span's opening delimiter (a `@` there is no mention)."""
    return {span.start - 1 for span in spans(line) if span.kind != "url"}


def _ends_in_bare_link(line: str) -> bool:
    """The line ends in what GitHub's and GitLab's autolinks take for a URL."""
    return any(found.end() == len(line) for found in LINKABLE.finditer(line))


def _hard_breaks(lines: list[str]) -> str:
    """Lines joined by hard breaks: a backslash, or two spaces after a bare URL (see above)."""
    breaks = ["  \n" if _ends_in_bare_link(line) else "\\\n" for line in lines]
    return "".join(line + end for line, end in zip(lines[:-1], breaks, strict=False)) + lines[-1]


#: A GFM table's delimiter row (`---|`, `:-: | --`): after any line of a paragraph, cmark-gfm and
#: comrak start a table there even when the line above has no `|` (markdown-it does not, so the
#: planner cannot see it). Its first `-` escaped, it is text.
_DELIMITER_ROW = re.compile(r"^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


def _no_table_row(line: str) -> str:
    """An escaped typed line, with a backslash before the first `-` when GFM would read a
    table's delimiter row in it."""
    if "|" in line and _DELIMITER_ROW.match(line):
        return line.replace("-", "\\-", 1)
    return line


@lru_cache(maxsize=1024)
def markdown(value: str, destination: str = "text") -> str:
    """A typed value as CommonMark for a text of the given format: lines and paragraphs kept
    (cached: a keystroke changes one answer, and every other value a text prints is escaped
    as it was the evaluation before)."""
    rule = DESTINATIONS[destination]
    paragraphs: list[list[str]] = [[]]
    for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.strip()
        if line:
            keep = _openers(line) if rule.markup else ()
            neutral = neutralise_mentions(line, rule.mentions, keep)
            paragraphs[-1].append(_no_table_row(typed_line(neutral, rule.markup)))
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join(_hard_breaks(lines) for lines in paragraphs if lines)


def markdown_link(url: str) -> str:
    """A URL as a link that shows the URL exactly as typed, its target in plain view.

    `<url>` (an autolink) when the URL has no `%`, no `xn--` and nothing like an entity; else
    `[url](<url>)`, because some renderers show an autolink's text %-decoded, its punycode
    labels as Unicode, or its `&amp;` as `&`. The URL fields hold no space, `<`, `>` or `\\`;
    a URL in free text may hold `>` or `\\` (escaped in the link's target; `&` there is `&amp;`).
    """
    if isinstance(url, Placeholder):
        return url
    if not _DECODED_IN_AUTOLINKS.search(url):
        return Raw(f"<{url}>")
    text = re.sub(r"(?<!\\)([\[\]])", r"\\\1", escape_line(url))
    target = _ENTITY.sub("&amp;", re.sub(r"([\\<>])", r"\\\1", link_target(url)))
    return Raw(f"[{text}](<{target}>)")


def link_target(url: str) -> str:
    """Where a typed web address goes: itself, or for `www.` `http://` before it (as in GFM)."""
    return "http://" + url if url[:4].lower() == "www." else url


#: What some renderers change in an autolink's text: `%xx`, punycode labels, entities (`&amp;`).
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_DECODED_IN_AUTOLINKS = re.compile(r"%|xn--|&#?[A-Za-z0-9]+;|[\\>]|^www\.", re.IGNORECASE)


def _escape_pipes(line: str) -> str:
    """Every `|` not already escaped gets a backslash (GFM splits a table row at an unescaped
    `|`, even inside a code span, and shows `\\|` as `|` there too)."""
    out, backslashes = [], 0
    for char in line:
        if char == "|" and backslashes % 2 == 0:
            out.append("\\")
        out.append(char)
        backslashes = backslashes + 1 if char == "\\" else 0
    return "".join(out)


#: What joins the lines of a typed value in a table cell, which cannot hold a line break.
CELL_BREAK = "<br>"


@lru_cache(maxsize=1024)
def markdown_cell(value: str) -> Raw:
    """(v3) A typed value as the text of one GFM table cell in a Markdown text: each line as
    `markdown` writes it, lines joined by `<br>`, blank lines dropped, every `|` escaped (cached:
    a record's entries stay the same from one evaluation to the next)."""
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cells = (_escape_pipes(markdown(line, "markdown")) for line in lines if line.strip())
    return Raw(CELL_BREAK.join(cells))
