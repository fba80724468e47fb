"""Typed values as CommonMark that renders exactly as typed, with as few backslashes as possible.

Every text is written once as CommonMark (see `formats.py` for the Slack, plain text and HTML
forms derived from it). A typed value is put into that source as it is when a CommonMark renderer
(markdown-it-py, the same parser that derives the other forms) shows it literally, alone and next
to any other text: `john_smith`, `AT&T`, `C++`, `x > 0`, `https://example.com/a_b` stay
byte-identical. Otherwise a backslash goes before the few characters that would change it
(emphasis, a heading, a list or quote at a line start, a code span, raw HTML, a link, an
entity). Lines are stripped (no indented code, no stray hard break); the value's own line breaks
become hard breaks and its blank lines paragraph breaks. Broadcast mentions (`@here`, `@channel`,
`@everyone`, `@all`) get a zero-width space after the `@`: they read the same and notify no one.
A URL is never changed (contract v3): a mention inside one (`https://x.example/@channel/p`) is
part of its link, and a zero-width space would send the link elsewhere.

GitHub's and GitLab's renderers link a bare URL up to the next space or `<`, so a backslash right
after it would be shown and linked as part of the URL (`https://x.example/a\\`), and the line
break lost: after a line that ends in a bare URL, the hard break is two spaces instead.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from functools import lru_cache

from markdown_it import MarkdownIt

ZERO_WIDTH_SPACE = "\u200b"
MENTION = re.compile(r"@(?=(?:here|channel|everyone|all)\b)", re.IGNORECASE)
NEUTRAL_MENTION = "@" + ZERO_WIDTH_SPACE
#: A URL in typed text, as Slack and GFM link it: a scheme, a host (no userinfo), then a path,
#: query or fragment up to the next space or `<`. A mention after the host is in the link.
URL_IN_TEXT = re.compile(r"https?://[^\s/?#<@]+[/?#][^\s<]*", re.IGNORECASE)

#: The parser every text is read with: CommonMark, plus GFM strikethrough and tables (GitLab).
#: It does not refuse any link target: other renderers would render a `javascript:` link too.
PARSER = MarkdownIt("commonmark").enable(["strikethrough", "table"])
PARSER.validateLink = lambda url: True
#: A link's text is the URL as typed: markdown-it would show it %-decoded and its `xn--` labels
#: as Unicode (`https://xn--pypal-4ve.com` as `https://p\u0430ypal.com`, a look-alike host).
PARSER.normalizeLinkText = lambda url: url

#: Characters that can open markup anywhere in a line; a line without them (and without a
#: line-start marker) is literal as it is.
_ACTIVE = re.compile(r"[\\`*_\[\]<&~|]")
#: Characters a backslash can make literal, grouped by the markup they open (tried in turn).
_CLASSES: tuple[str, ...] = ("\\", "`", "*", "_", "~", "[]", "!", "&", "|", "<>")
#: Line-start markers: headings, quotes, lists, thematic breaks, setext underlines, fences.
_LINE_START = re.compile(r"(?:[#>+=\-*_`~|]|\d{1,9}[.)])")
#: Always escaped: raw HTML or an autolink could open here and close in another value.
_FORCED = re.compile(r"<(?=[A-Za-z/!?])|\\$")
#: Probes: closers (after) and openers (before) of every kind and length a value could pair with
#: (runs of one and two, since the rule of three keeps a run of one from closing some runs of two).
_PROBE_AFTER = " x* x_ x** x__ ](x) ~~x"
_PROBE_BEFORE = "~~x *x _x **x __x [x "
#: Runs of ASCII letters and digits that `_shape` writes as one `a` (a run before `.` or `)` stays).
_RUN = re.compile(r"[A-Za-z0-9]+(?![.)A-Za-z0-9])")
#: Lines escaped as they are, not through their shape: letters matter after `&` (entities) and
#: `<` (HTML, autolinks); a tab's width depends on its column; a link label may not pass 999.
_SHAPE_UNSAFE = re.compile(r"[&<\t]")
_SHAPE_MAX_CHARS = 999


class Raw(str):
    """Markup a template builds on purpose (a link): never escaped again."""

    __slots__ = ()


class Placeholder(str):
    """A visible stand-in for a missing answer, like `[customer name]`."""

    __slots__ = ()


def neutralise_mentions(text: str) -> str:
    """Put a zero-width space after the `@` of every broadcast mention outside a URL."""
    parts, last = [], 0
    for url in URL_IN_TEXT.finditer(text):
        parts += [MENTION.sub(NEUTRAL_MENTION, text[last : url.start()]), url.group()]
        last = url.end()
    return "".join(parts) + MENTION.sub(NEUTRAL_MENTION, text[last:])


def _reads_literally(source: str, expected: str) -> bool:
    """True when `source` renders as one paragraph of exactly `expected` (line breaks kept)."""
    tokens = PARSER.parse(source)
    if [t.type for t in tokens] != ["paragraph_open", "inline", "paragraph_close"]:
        return False
    parts = []
    for child in tokens[1].children or ():
        if child.type == "text":
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append("\n")
        else:
            return False
    return "".join(parts) == expected


def _literal_everywhere(escaped: str, line: str) -> bool:
    """The escaped line reads as `line` alone, after a line, and between any other text."""
    runs = sorted({len(run) for run in re.findall(r"`+", escaped)})
    after = _PROBE_AFTER + "".join(" " + "`" * n for n in runs)
    before = _PROBE_BEFORE  # an escaped backtick cannot open a code span, so none before
    return (
        _reads_literally(escaped, line)
        and _reads_literally("x\n" + escaped, "x\n" + line)
        and _reads_literally(escaped + after, line + after)
        and _reads_literally(before + escaped, before + line)
    )


def _apply(line: str, sites: Iterable[int]) -> str:
    """The line with a backslash before each site (a character index)."""
    marks = set(sites)
    return "".join("\\" + char if i in marks else char for i, char in enumerate(line))


@lru_cache(maxsize=4096)
def escape_line(line: str) -> str:
    """One stripped line as CommonMark that reads exactly as `line` wherever it is placed."""
    if not _ACTIVE.search(line) and not _LINE_START.match(line):
        return line
    if len(line) < _SHAPE_MAX_CHARS and not _SHAPE_UNSAFE.search(line):
        shape, origin = _shape(line)
        return _apply(line, (origin[site] for site in _escape_sites(shape)))
    return _apply(line, _escape_sites(line))


def _shape(line: str) -> tuple[str, list[int]]:
    """The line with each run of ASCII letters and digits as one `a`; each char's index in `line`.

    A run not followed by `.` or `)` (which could make it a list number) is only ever "not
    whitespace and not punctuation" to the parser, so the shape needs the same backslashes at
    the same (mapped) places: typing a name's letters costs no new probe parses.
    """
    chars: list[str] = []
    origin: list[int] = []
    last = 0
    for run in _RUN.finditer(line):
        chars.append(line[last : run.start()])
        origin.extend(range(last, run.start()))
        chars.append("a")
        origin.append(run.start())
        last = run.end()
    chars.append(line[last:])
    origin.extend(range(last, len(line)))
    return "".join(chars), origin


@lru_cache(maxsize=1024)
def _escape_sites(line: str) -> frozenset[int]:
    """The indexes where a backslash goes: the fewest groups of sites that keep `line` literal."""
    forced = {found.start() for found in _FORCED.finditer(line)}
    groups: list[set[int]] = []
    start = _LINE_START.match(line)
    if start:
        groups.append({start.end() - 1})
    for chars in _CLASSES:
        sites = {i for i, char in enumerate(line) if char in chars} - forced
        if sites:
            groups.append(sites)
    needed = list(groups)
    if not _literal_everywhere(_apply(line, forced.union(*needed)), line):
        return frozenset(i for i, char in enumerate(line) if char in string.punctuation)
    for group in groups:
        trial = [kept for kept in needed if kept is not group]
        if _literal_everywhere(_apply(line, forced.union(*trial)), line):
            needed = trial
    return frozenset(forced.union(*needed))


#: A line that ends in what GitHub's and GitLab's autolinks take for a URL (to the line's end).
_ENDS_IN_BARE_LINK = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)\S*$", re.IGNORECASE)


def _hard_breaks(lines: list[str]) -> str:
    """Lines joined by hard breaks: a backslash, or two spaces after a bare URL (see above)."""
    breaks = ["  \n" if _ENDS_IN_BARE_LINK.search(line) else "\\\n" for line in lines]
    return "".join(line + end for line, end in zip(lines[:-1], breaks, strict=False)) + lines[-1]


def markdown(value: str) -> str:
    """A typed value as CommonMark: reads exactly as typed, lines and paragraphs kept."""
    paragraphs: list[list[str]] = [[]]
    for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            paragraphs[-1].append(escape_line(neutralise_mentions(line.strip())))
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join(_hard_breaks(lines) for lines in paragraphs if lines)


def markdown_link(url: str) -> str:
    """A URL as a link that shows the URL exactly as typed, its target in plain view.

    `<url>` (an autolink) when the URL has no `%` and no `xn--`; else `[url](<url>)`, because
    some renderers show an autolink's text %-decoded, or its punycode labels as Unicode.
    URLs are checked to hold no space, `<`, `>` or `\\`.
    """
    if isinstance(url, Placeholder):
        return url
    if "%" not in url and "xn--" not in url.lower():
        return Raw(f"<{url}>")
    text = re.sub(r"(?<!\\)([\[\]])", r"\\\1", escape_line(url))  # URLs hold no backslash
    return Raw(f"[{text}](<{url}>)")
