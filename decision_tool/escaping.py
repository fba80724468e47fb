"""Per-format escaping of user text, so it never becomes a mention, a link or markup.

- Slack: `&`, `<`, `>` become `&amp;`, `&lt;`, `&gt;` (Slack's own escapes), and the broadcast
  mentions `@here`, `@channel`, `@everyone` (and `@all`) get a zero-width space (U+200B) after
  the `@`: the reader sees `@here`, Slack does not notify anyone. `*`, `_`, `~` pass (Slack has
  no escape for them).
- Markdown: a backslash (CommonMark shows the next ASCII punctuation character literally) before
  every character that can open markup anywhere in a line: \\ ` * _ [ ] < > & | ~ $ @ (no link,
  image, raw HTML, entity, emphasis, code, table, strikethrough, math, GFM e-mail autolink or
  mention); before a line's first character when it is # + - = (heading, list, setext
  underline); before the `.` or `)` of a leading number (ordered list); and in `://` and `www.`
  (GFM autolinks). Prose punctuation such as `, . : ; ( ) ' "` stays readable. Each line is
  stripped (no indented code block, no trailing hard break); lines are joined with hard breaks
  and blank lines kept as paragraph breaks. Broadcast mentions get the same zero-width space as
  in Slack.
- Text: verbatim; nothing renders it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

ZERO_WIDTH_SPACE = "\u200b"
MENTION = re.compile(r"@(?=(?:here|channel|everyone|all))", re.IGNORECASE)
_MD_ALWAYS = frozenset("\\`*_[]<>&|~$@")
_MD_LINE_START = re.compile(r"^(?:(?P<mark>[#+=-])|\d{1,9}(?P<num>[.)]))")
_MD_AUTOLINK = re.compile(r"(?P<colon>:)(?=//)|(?i:www)(?P<dot>\.)")
_SLACK = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


class Raw(str):
    """Text a template builds on purpose (a link, a code span): never escaped again."""

    __slots__ = ()


class Placeholder(str):
    """A visible stand-in for a missing answer, like `[customer name]`."""

    __slots__ = ()


def neutralise_mentions(text: str) -> str:
    """Put a zero-width space after the `@` of every broadcast mention."""
    return MENTION.sub("@" + ZERO_WIDTH_SPACE, text)


def slack(text: str) -> str:
    """Escape user text for a Slack message."""
    return neutralise_mentions(text.translate(_SLACK))


def _markdown_line(line: str) -> str:
    """Backslash-escape the markup-opening characters of one stripped line."""
    line = line.strip()
    marks = {i for i, char in enumerate(line) if char in _MD_ALWAYS}
    start = _MD_LINE_START.match(line)
    if start:
        marks.add(start.start("mark") if start["mark"] else start.start("num"))
    for found in _MD_AUTOLINK.finditer(line):
        marks.add(found.start("colon") if found["colon"] else found.start("dot"))
    return "".join("\\" + char if i in marks else char for i, char in enumerate(line))


def markdown(text: str) -> str:
    """Escape user text for Markdown: shown literally, line breaks kept."""
    paragraphs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            paragraphs[-1].append(_markdown_line(neutralise_mentions(line)))
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\\\n".join(lines) for lines in paragraphs if lines)


def text(value: str) -> str:
    """Plain text is verbatim."""
    return value


ESCAPERS: dict[str, Callable[[str], str]] = {"slack": slack, "markdown": markdown, "text": text}


def markdown_link(url: str) -> str:
    """A URL as a Markdown link that shows the URL exactly as typed.

    `<url>` (an autolink) when the URL has no `%`; else `[url](<url>)`, because renderers
    show an autolink's text %-decoded. URLs are checked to hold no space, `<`, `>` or `\\`.
    """
    if isinstance(url, Placeholder):
        return url
    if "%" not in url:
        return Raw(f"<{url}>")
    text = "".join("\\" + char if char in _MD_ALWAYS else char for char in url)
    return Raw(f"[{text}](<{url}>)")


def markdown_code(value: str) -> str:
    """A short literal (a room name) as a Markdown code span; placeholders stay escaped text."""
    if isinstance(value, Placeholder) or "`" in value or "\n" in value:
        return value
    return Raw(f"`{value}`")
