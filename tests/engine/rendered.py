"""How a text reads once rendered: CommonMark's tokens and lines, and what GitHub links as a URL."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

MD = MarkdownIt("commonmark")
#: The zero-width space the texts may put after a mention's `@`: a reader does not see it.
ZW = dict.fromkeys(map(ord, "\u200b"))

#: Tokens that mean a typed value made markup.
STRUCTURE = {"link_open", "image", "html_inline", "html_block", "em_open", "strong_open",
             "heading_open", "bullet_list_open", "ordered_list_open", "blockquote_open",
             "code_inline", "fence", "code_block", "hr", "s_open", "table_open"}  # fmt: skip


def tokens(text: str) -> list:
    """Every block and inline token of a CommonMark text, in order."""
    out = []
    for token in MD.parse(text):
        out.append(token)
        out.extend(token.children or [])
    return out


def lines_read(source: str) -> list[str]:
    """The lines a reader sees once the CommonMark source renders (blank lines dropped)."""
    parts = []
    for token in tokens(source):
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak", "paragraph_close", "list_item_close"):
            parts.append("\n")
    return [line for line in "".join(parts).translate(ZW).split("\n") if line.strip()]


def typed_lines(value: str) -> list[str]:
    """The lines of a typed value as the texts keep them (stripped, blank lines dropped)."""
    return [line.strip() for line in value.splitlines() if line.strip()]


#: What GitHub's and GitLab's Markdown take for a bare URL: from the scheme (or `www.`) to the
#: next space or `<`, a backslash included (then shown and linked with the backslash, and a hard
#: break after it lost); not an autolink's `<url>` nor a link's `[url]` text.
GFM_BARE_URL = re.compile(r"(?<![<\[])(?:\b(?:https?|ftp)://|\bwww\.)[^\s<]*", re.IGNORECASE)
