"""The fewest backslashes that keep one line of CommonMark reading as it must, found by parsing.

A line is the typed text, some of it written as markup (`Atom`s: emphasis, code, links, made in
`escaping.py`). A backslash goes before a character only where markdown-it (the parser every
form is derived with) would otherwise read the line differently: alone, after another line,
and between the openers and closers of other text (the probes); and always before what GitHub's
or GitLab's renderers read differently from markdown-it (a `~` GFM could pair for strikethrough,
emphasis next to U+2028, the `[` of what cmark takes for a link reference definition).
"""

from __future__ import annotations

import re
import string
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache

import mdurl
from markdown_it import MarkdownIt

from decision_tool.typed import ODD_SPACES

#: The parser every text is read with: CommonMark, plus GFM strikethrough and tables (GitLab).
#: It does not refuse any link target: other renderers would render a `javascript:` link too.
PARSER = MarkdownIt("commonmark").enable(["strikethrough", "table"])
PARSER.validateLink = lambda url: True
#: A link's text is the URL as typed: markdown-it would show it %-decoded and its `xn--` labels
#: as Unicode (`https://xn--pypal-4ve.com` as `https://p\u0430ypal.com`, a look-alike host).
PARSER.normalizeLinkText = lambda url: url
#: ... and its target is the URL as typed, %-encoded where HTML needs it, its host not turned
#: into punycode (browsers do that, as they do with GitHub's links).
PARSER.normalizeLink = mdurl.encode


#: Characters that can open markup anywhere in a line; a line without them (and without a
#: line-start marker) is literal as it is.
_ACTIVE = re.compile(r"[\\`*_\[\]<&~|]")
#: Characters a backslash can make literal, grouped by the markup they open (tried in turn).
_CLASSES: tuple[str, ...] = ("\\", "`", "*", "_", "~", "[]", "!", "&", "|", "<>")
#: Line-start markers: headings, quotes, lists, thematic breaks, setext underlines, fences.
_LINE_START = re.compile(r"(?:[#>+=\-*_`~|]|\d{1,9}[.)])")
#: Always escaped: raw HTML or an autolink could open here and close in another value.
_FORCED = re.compile(r"<(?=[A-Za-z/!?])|\\$")
#: GFM strikes through between runs of one or two `~` (`H~2~O`); markdown-it only between `~~`.
#: Such a run is escaped unless it stands between spaces.
_TILDES = re.compile(r"(?<!~)~{1,2}(?!~)")
#: Emphasis next to what comrak (GitLab) takes for a space and markdown-it and cmark do not.
_BY_ODD_SPACE = re.compile(rf"[*_~](?=[{ODD_SPACES}])|(?<=[{ODD_SPACES}])[*_~]")
#: What could be a link reference definition (cmark takes some that markdown-it does not).
_DEFINITION = re.compile(r"\[[^\]]*\]:")
#: Probes: closers (after) and openers (before) of every kind and length a value could pair with
#: (runs of one and two, since the rule of three keeps a run of one from closing some runs of two).
_PROBE_AFTER = " x* x_ x** x__ ](x) ~~x"
_PROBE_BEFORE = "~~x *x _x **x __x [x "
#: Before a line with typed markup, no open emphasis: an opening `**` after punctuation would
#: close it. The line's text is still probed with every opener before it, its markup written as
#: text (`_neutral`); and no template puts an open emphasis before a value.
_PROBE_BEFORE_MARKUP = "~~x [x "
#: Runs of ASCII letters and digits that `shape` writes as one `a` (a run before `.` or `)` stays).
_RUN = re.compile(r"[A-Za-z0-9]+(?![.)A-Za-z0-9])")
#: Lines escaped as they are, not through their shape: letters matter after `&` (entities) and
#: `<` (HTML, autolinks); a tab's width depends on its column; a link label may not pass 999.
_SHAPE_UNSAFE = re.compile(r"[&<\t]")
_SHAPE_MAX_CHARS = 999
#: What a line reads as once parsed: text, and the tokens of its markup.
Reading = tuple[tuple[str, str], ...]
_READ_AS_MARK = ("strong_open", "strong_close", "em_open", "em_close", "link_close")


@dataclass(frozen=True, slots=True)
class Atom:
    """Part of a line written as markup: its CommonMark and what it reads as."""

    source: str
    reads: Reading
    end: int  # the index in the line after it


def _add(items: list[tuple[str, str]], kind: str, content: str = "") -> None:
    """Append one item to a reading, text joined to the text before it."""
    if kind == "text" and items and items[-1][0] == "text":
        items[-1] = ("text", items[-1][1] + content)
    elif kind != "text" or content:
        items.append((kind, content))


def _reading(source: str) -> Reading | None:
    """What `source` reads as when it renders as one paragraph (None when it does not)."""
    tokens = PARSER.parse(source)
    if [t.type for t in tokens] != ["paragraph_open", "inline", "paragraph_close"]:
        return None
    items: list[tuple[str, str]] = []
    for child in tokens[1].children or ():
        if child.type in ("text", "softbreak"):
            _add(items, "text", child.content if child.type == "text" else "\n")
        elif child.type == "link_open":
            _add(items, "link_open", str(child.attrs.get("href", "")))
        elif child.type in _READ_AS_MARK:
            _add(items, child.type)
        elif child.type == "code_inline":
            _add(items, "code_inline", child.content)
        else:
            return None
    return tuple(items)


def _around(before: str, reads: Reading, after: str) -> Reading:
    """A reading with text before and after it."""
    items: list[tuple[str, str]] = []
    for kind, content in (("text", before), *reads, ("text", after)):
        _add(items, kind, content)
    return tuple(items)


def _reads_everywhere(source: str, reads: Reading, before: str = _PROBE_BEFORE) -> bool:
    """The source reads as `reads` alone, after a line, and between any other text."""
    runs = sorted({len(run) for run in re.findall(r"`+", source)})
    after = _PROBE_AFTER + "".join(" " + "`" * n for n in runs)
    # an escaped backtick cannot open a code span, so none before
    return (
        _reading(source) == reads
        and _reading("x\n" + source) == _around("x\n", reads, "")
        and _reading(source + after) == _around("", reads, after)
        and _reading(before + source) == _around(before, reads, "")
    )


def build(line: str, atoms: dict[int, Atom], sites: Collection[int]) -> str:
    """The line with its atoms written as markup and a backslash before each site."""
    parts, index = [], 0
    while index < len(line):
        atom = atoms.get(index)
        if atom:
            parts.append(atom.source)
            index = atom.end
            continue
        parts.append("\\" + line[index] if index in sites else line[index])
        index += 1
    return "".join(parts)


def _reads(line: str, atoms: dict[int, Atom]) -> Reading:
    """What the line must read as: its text, and its atoms' markup."""
    items: list[tuple[str, str]] = []
    index = 0
    while index < len(line):
        atom = atoms.get(index)
        for kind, content in atom.reads if atom else (("text", line[index]),):
            _add(items, kind, content)
        index = atom.end if atom else index + 1
    return tuple(items)


def _forced(line: str, free: Collection[int]) -> set[int]:
    """Sites always escaped: `<` before a letter, a final `\\`, a `~` GFM could pair, emphasis
    next to a character only some renderers take for a space (U+2028, U+0085), and the `[` of
    what could be a link reference definition."""
    found = {match.start() for match in _FORCED.finditer(line)}
    found |= {match.start() for match in _BY_ODD_SPACE.finditer(line)}
    if _DEFINITION.match(line):
        found.add(0)
    for run in _TILDES.finditer(line):
        start, end = run.span()
        if not (start == 0 or line[start - 1].isspace()) or not (
            end == len(line) or line[end].isspace()
        ):
            found.update(range(start, end))
    return found & set(free)


def sites(line: str, atoms: dict[int, Atom]) -> frozenset[int] | None:
    """Where a backslash goes: the fewest groups of sites that keep the line reading as it
    must; None when even a backslash before every punctuation character does not."""
    covered = {i for start, atom in atoms.items() for i in range(start, atom.end)}
    free = [i for i in range(len(line)) if i not in covered]
    neutral = _neutral(atoms)
    reads, plain = _reads(line, atoms), _reads(line, neutral)
    before = _PROBE_BEFORE_MARKUP if neutral != atoms else _PROBE_BEFORE

    def reads_right(sites: Collection[int]) -> bool:
        """The line reads as it must, and its text also with its markup written as text."""
        return _reads_everywhere(build(line, atoms, sites), reads, before) and (
            neutral == atoms or _reads_everywhere(build(line, neutral, sites), plain)
        )

    forced = _forced(line, free)
    groups: list[set[int]] = []
    if 0 in free and _LINE_START.match(line):
        groups.append({_LINE_START.match(line).end() - 1})  # type: ignore[union-attr]
    for chars in _CLASSES:
        sites = {i for i in free if line[i] in chars} - forced
        if sites:
            groups.append(sites)
    needed = list(groups)
    if not reads_right(forced.union(*needed)):
        every = frozenset(i for i in free if line[i] in string.punctuation)
        return every if not atoms or reads_right(every) else None
    for group in groups:
        trial = [kept for kept in needed if kept is not group]
        chosen = forced.union(*trial)
        if _inert(line, atoms, group, chosen) or reads_right(chosen):
            needed = trial
    return frozenset(forced.union(*needed))


#: What may follow `<` in an email autolink's local part (`<a.b+c@x.example>`), and in HTML.
_AUTOLINK_NEXT = frozenset(string.ascii_letters + string.digits + ".!#$%&'*+/=?^_`{|}~-")
#: What could be an entity or a character reference (wider than markdown-it's: it only says
#: where a `&` may stay bare).
_ENTITY_START = re.compile(r"&#?[A-Za-z0-9]+;")
_PUNCTUATION = frozenset(string.punctuation)


def _inert(line: str, atoms: dict[int, Atom], group: Collection[int], kept: set[int]) -> bool:
    """Whether the group's backslashes can go without any probe reading differently, known
    without parsing (a shortcut of the trial in `sites`: it says yes only where the trial must
    say yes, so the answer is the same, after fewer parses).

    With no `<` that could start an autolink or HTML, and no bare `\\` before punctuation or
    before the backslash of an escape: a `\\` (then bare, so before a letter, digit, space or
    non-ASCII character); a `!` not before a `[`; a `&` that starts no entity; a `|` on a line
    that cannot be a table's delimiter row; and, with no bare `](` (a link's `<destination>`
    could start there), a `>` past the line's start and a `<` before none of an autolink's
    characters. None of them makes or unmakes a link, and each is punctuation with
    or without its backslash, so no emphasis delimiter beside it flanks differently. A site
    next to markup (an atom) is left to the trial."""
    ends = {atom.end for atom in atoms.values()}

    def after(index: int) -> str | None:
        """The character after `index` as the line is written (a backslash when that one is
        escaped; "" at the line's end, where a probe puts a space), or None for markup."""
        following = index + 1
        if following in atoms:
            return None
        if following == len(line):
            return ""
        return "\\" if following in kept else line[following]

    def harmless_angle(index: int) -> bool:
        """A `<` that opens no autolink and no HTML, escaped or not."""
        following = after(index)
        return index in kept or (following is not None and following not in _AUTOLINK_NEXT)

    covered = {i for start, atom in atoms.items() for i in range(start, atom.end)}
    angles = any(line[index] in "<>" for index in group)
    for index, char in enumerate(line):
        if index in covered:
            continue
        if char == "<" and not harmless_angle(index):
            return False
        if angles and char == "]" and index not in kept and after(index) == "(":
            return False  # a link's destination could open here: `](<`
        if char == "\\" and index not in kept and after(index) in (None, "\\", *_PUNCTUATION):
            return False  # it would escape what follows, or the backslash put there
    for index in group:
        char, following = line[index], after(index)
        if index in ends or following is None:
            return False
        if char == "\\":
            inert = True  # before a letter, digit or space, as every bare `\\` is (above)
        elif char == "!":
            inert = following != "["
        elif char == "&":
            inert = following == "\\" or not _ENTITY_START.match(line, index)
        elif char == ">":
            inert = index > 0
        elif char == "<":
            inert = True  # harmless, as every `<` is (above)
        elif char == "|":
            inert = bool(line.strip("|:- \t"))
        else:
            inert = False
        if not inert:
            return False
    return True


def _neutral(atoms: dict[int, Atom]) -> dict[int, Atom]:
    """The atoms with their emphasis and code written as text (`\\*\\*`, `\\_`, `` \\`a\\` ``)."""
    written = {"strong": r"\*\*", "em": r"\_", "code": r"\`a\`"}
    neutral = {}
    for start, atom in atoms.items():
        kind = atom.reads[0][0].removesuffix("_open").removesuffix("_close").removesuffix("_inline")
        source = written.get(kind)
        text = source.replace("\\", "") if source else ""
        neutral[start] = Atom(source, (("text", text),), atom.end) if source else atom
    return neutral


def _apply(line: str, sites: Iterable[int]) -> str:
    """The line with a backslash before each site (a character index)."""
    return build(line, {}, set(sites))


@lru_cache(maxsize=4096)
def escape_line(line: str) -> str:
    """One stripped line as CommonMark that reads exactly as `line` wherever it is placed."""
    return _apply(line, literal_sites(line))


@lru_cache(maxsize=4096)
def literal_sites(line: str) -> frozenset[int]:
    """The sites of a line written as text only (through its shape when that is safe)."""
    if not _ACTIVE.search(line) and not _LINE_START.match(line):
        return frozenset()
    if shapeable(line):
        shaped, origin = shape(line)
        return frozenset(origin[site] for site in _escape_sites(shaped))
    return _escape_sites(line)


def shapeable(line: str) -> bool:
    """Whether a line may be escaped through its shape (see `shape`)."""
    return len(line) < _SHAPE_MAX_CHARS and not _SHAPE_UNSAFE.search(line)


def shape(line: str, keep: Iterable[tuple[int, int]] = ()) -> tuple[str, list[int]]:
    """The line with each run of ASCII letters and digits as one `a` (`0` when it ends in a
    digit), outside the `keep` ranges (URLs); each char's index in `line`.

    A run not followed by `.` or `)` (which could make it a list number) is only ever "not
    whitespace and not punctuation" to the parser, so the shape needs the same backslashes at
    the same (mapped) places: typing a name's letters costs no new probe parses.
    """
    chars: list[str] = []
    origin: list[int] = []
    last = 0
    kept = list(keep)
    for run in _RUN.finditer(line):
        if any(start < run.end() and run.start() < end for start, end in kept):
            continue
        chars.append(line[last : run.start()])
        origin.extend(range(last, run.start()))
        chars.append("0" if run.group()[-1].isdigit() else "a")
        origin.append(run.start())
        last = run.end()
    chars.append(line[last:])
    origin.extend(range(last, len(line)))
    return "".join(chars), origin


@lru_cache(maxsize=1024)
def _escape_sites(line: str) -> frozenset[int]:
    """The sites of a line written as text only."""
    return sites(line, {}) or frozenset()
