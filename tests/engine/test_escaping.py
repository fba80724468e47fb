"""User text never becomes a mention, a link or markup, in any format."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from decision_tool import escaping
from tests.engine.helpers import FULL, ok

HOSTILE = "A&B <!channel> @here [x](javascript:alert(1))"
MD = MarkdownIt("commonmark")
STRUCTURE = {"link_open", "image", "html_inline", "html_block", "em_open", "strong_open",
             "heading_open", "bullet_list_open", "ordered_list_open", "blockquote_open",
             "code_inline", "fence", "code_block", "hr"}  # fmt: skip


def tokens(text: str) -> list:
    """Every block and inline token of a CommonMark text."""
    out = []
    for token in MD.parse(text):
        out.append(token)
        out.extend(token.children or [])
    return out


def structure(text: str) -> list[str]:
    """The markup tokens (links, emphasis, HTML, lists ...) of a Markdown text, in order."""
    return [t.type for t in tokens(text) if t.type in STRUCTURE]


def visible(text: str) -> str:
    """The text a reader sees once Markdown renders."""
    parts = []
    for token in tokens(text):
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak", "paragraph_close"):
            parts.append("\n")
    return "".join(parts).strip("\n")


def hostile_decision() -> dict:
    """Every name and free text set to the hostile string."""
    names = ("customer", "engineer", "manager", "next_engineer", "next_manager", "tam")
    texts = ("summary", "latest_update", "tried", "next_steps", "blocked_detail")
    return ok({**FULL, **dict.fromkeys(names + texts, HOSTILE)}).to_dict()


def baseline_decision() -> dict:
    """The same decision with harmless names."""
    return ok(FULL).to_dict()


def test_slack_texts_neutralise_the_hostile_name() -> None:
    """Slack: &, <, > encoded; no live @here or <!channel>; the name still readable."""
    slack = [t for t in hostile_decision()["templates"].values() if t["format"] == "slack"]
    assert len(slack) == 3
    for template in slack:
        text = template["text"]
        assert "<" not in text and ">" not in text
        assert not re.search(r"&(?!amp;|lt;|gt;)", text)
        assert not re.search(r"@(here|channel|everyone)", text, re.IGNORECASE)
        assert "A&amp;B &lt;!channel&gt; @\u200bhere [x](javascript:alert(1))" in text


def test_markdown_texts_show_the_hostile_name_literally() -> None:
    """Markdown: the same markup as with a harmless name, and the name shown as typed."""
    hostile, base = hostile_decision()["templates"], baseline_decision()["templates"]
    for template_id, template in hostile.items():
        if template["format"] != "markdown":
            continue
        assert structure(template["text"]) == structure(base[template_id]["text"])
        shown = visible(template["text"]).replace("\u200b", "")
        assert HOSTILE in shown
        assert "javascript:" not in " ".join(
            str(t.attrs.get("href", "")) for t in tokens(template["text"])
        )


def test_text_format_is_verbatim() -> None:
    """Plain text renders nothing, so the name appears exactly as typed."""
    text = hostile_decision()["templates"]["customer_update"]["text"]
    assert text.startswith(f"Hello {HOSTILE} team,")
    assert text.endswith(HOSTILE)


@pytest.mark.parametrize(
    "line",
    [
        "# heading",
        "- item",
        "+ item",
        "* item",
        "1. item",
        "1) item",
        "> quote",
        "===",
        "---",
        "    indented code",
        "```fence",
        "~~~fence",
        "*em* _em_ **strong** __strong__",
        "[link](https://evil.example) ![img](https://evil.example/x.png)",
        "<https://evil.example> <b>bold</b> <!-- c --> &copy; &#42;",
        "| a | b |",
        "`code`",
        "[ref]: https://evil.example",
        "a  ",
        "\\",
    ],
)
def test_markdown_escaping_leaves_no_markup(line: str) -> None:
    """Every Markdown construct in user text renders as the literal text."""
    for text in (line, f"first line\n{line}\nlast line"):
        escaped = escaping.markdown(text)
        assert structure(escaped) == []
        assert visible(escaped).replace("\n", " ").split() == text.split()


def test_markdown_escaping_keeps_prose_readable() -> None:
    """Ordinary punctuation mid-line stays as typed: no backslash soup."""
    assert escaping.markdown("Acme, Inc. (EU): 16.5 fails; retry?") == (
        "Acme, Inc. (EU): 16.5 fails; retry?"
    )


def test_markdown_escaping_breaks_autolinks() -> None:
    """Bare URLs and www. names in user text do not become GFM autolinks."""
    assert escaping.markdown("see https://evil.example or www.evil.example") == (
        "see https\\://evil.example or www\\.evil.example"
    )


def test_markdown_line_breaks_and_paragraphs_are_kept() -> None:
    """Lines stay lines (hard breaks), blank lines stay paragraph breaks."""
    escaped = escaping.markdown("one\ntwo\n\n\nthree")
    assert escaped == "one\\\ntwo\n\nthree"
    assert [t.type for t in tokens(escaped)].count("hardbreak") == 1


@pytest.mark.parametrize("mention", ["@here", "@channel", "@everyone", "@HERE", "@Channel"])
def test_broadcast_mentions_are_neutralised(mention: str) -> None:
    """A zero-width space after the @: looks the same, notifies no one."""
    for escape in (escaping.slack, escaping.markdown):
        out = escape(f"ping {mention} now")
        assert mention not in out
        assert out.replace("\u200b", "").replace("\\", "") == f"ping {mention} now"


def test_slack_escapes_only_its_three_entities() -> None:
    """Slack: &, <, > become entities; Slack has no escape for * _ ~."""
    assert escaping.slack("a & b < c > d *e* _f_ ~g~") == "a &amp; b &lt; c &gt; d *e* _f_ ~g~"


@pytest.mark.parametrize(
    ("url", "form"),
    [
        ("https://t.example.com/a_b*c]?x=1&y=2", "<{url}>"),
        ("https://t.example.com/a_b*c]%41?x=1&y=%26", "[{text}](<{url}>)"),
    ],
)
def test_markdown_link_shows_the_url_as_typed(url: str, form: str) -> None:
    """A URL renders as one link whose text is the URL exactly (no %-decoding)."""
    link = escaping.markdown_link(url)
    assert link == form.format(
        url=url,
        text=url.replace("_", "\\_").replace("*", "\\*").replace("]", "\\]").replace("&", "\\&"),
    )
    assert structure(link) == ["link_open"]
    assert visible(link) == url
