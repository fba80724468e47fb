"""(v2) A bulleted list derived item by item has exactly the forms of the list parsed whole."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from decision_tool import formats
from decision_tool.escaping import PARSER

#: Pieces of an item's content: words and everything that could open markup or another block.
PIECES = st.sampled_from(
    ["a", "Word", " ", "  ", "*", "**", "_", "`", "~~", "[a]", "[a]: /u", "](x)", "<b>", "<x@y.z>",
     "<https://a.b>", "&amp;", "\\", "#", "# ", "> ", "- ", "* ", "1. ", "---", "- - -", "***",
     "```", "    ", "|", "| a | b |", "|---|---|", "@here", "\r", "\u200b", "é", "!", "=", "===",
     "<div>", "<!--", "x  ", "x\\"]
)  # fmt: skip
CONTENT = st.lists(PIECES, max_size=8).map("".join)
LINE = st.one_of(CONTENT.map(lambda text: "- " + text), CONTENT)


def parsed_whole(source: str) -> tuple[str, str, str]:
    """The forms of a source with each block parsed whole (never item by item, never cached)."""
    tree = formats.SyntaxTreeNode(PARSER.parse(source))
    return (
        "\n\n".join(formats._blocks_plain(tree, formats.SLACK)),
        "\n\n".join(formats._blocks_plain(tree, formats.PLAIN)).replace("@\u200b", "@"),
        "\n".join(formats._blocks_html(tree)),
    )


@settings(max_examples=400, deadline=None)
@given(st.lists(LINE, min_size=2, max_size=6))
@example(["- a\r\r", "- a"])  # a `\r` ends a line for CommonMark: here a blank line, a loose list
def test_a_list_read_item_by_item_reads_as_the_whole_list(lines: list[str]) -> None:
    """Hypothesis: any block of lines (mostly `- ` items holding any markup) gets the same
    Slack, plain and HTML forms item by item as when the block is parsed whole."""
    block = "\n".join(lines)
    if block.strip() and "\n\n" not in block:
        shaped = formats.forms(block)
        assert (shaped.slack, shaped.text, shaped.html) == parsed_whole(block)


def test_an_edited_item_changes_only_in_its_own_line() -> None:
    """A changed value shows at once: the list's cached items never stand in for it."""
    before = formats.forms("- Customer: Acme\n- Room: #a_acme_escalation")
    after = formats.forms("- Customer: Acme Corp\n- Room: #a_acme_escalation")
    assert before.text == "- Customer: Acme\n- Room: #a_acme_escalation"
    assert after.text == "- Customer: Acme Corp\n- Room: #a_acme_escalation"
    items = "<li>Customer: Acme Corp</li>\n<li>Room: #a_acme_escalation</li>"
    assert after.html == f"<ul>\n{items}\n</ul>"
