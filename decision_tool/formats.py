"""One text, written once as CommonMark, in each form a person pastes: Slack, plain, HTML.

The source is parsed once (markdown-it-py, the parser the values were escaped for) and walked:
- `slack`: the text as typed into Slack's composer: `*bold*`, `_italic_`, `•` bullets, values
  exactly as typed (no entities);
- `text`: plain text, values verbatim, `-` bullets;
- `html`: a fragment of `p`, `br`, `strong`, `em`, `code`, `ul`, `ol`, `li` and `a` with an
  `http`/`https` `href` only; every other element is dropped and its text kept as text ((v3) a
  heading is a bold paragraph, a table a list of its rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html import escape

from markdown_it.tree import SyntaxTreeNode

from decision_tool.escaping import CELL_BREAK, NEUTRAL_MENTION, PARSER


@dataclass(frozen=True, slots=True)
class Marks:
    """How a plain form writes the template's own formatting."""

    strong: str
    em: str
    code: str
    bullet: str


SLACK = Marks(strong="*", em="_", code="`", bullet="•")
PLAIN = Marks(strong="", em="", code="", bullet="-")
_BLOCK_TAGS = {"paragraph": "p", "bullet_list": "ul", "ordered_list": "ol", "list_item": "li"}
_INLINE_TAGS = {"strong": "strong", "em": "em"}
_LINK_SCHEMES = ("http://", "https://")
_WEB_ADDRESSES = (*_LINK_SCHEMES, "www.")
#: (v3) What separates a table row's cells where a form has no table (HTML: a list of rows).
TABLE_CELLS = " \u2014 "


def _inline_plain(node: SyntaxTreeNode, marks: Marks) -> str:
    """The inline content of a node as plain text with the form's marks."""
    parts = []
    for child in node.children:
        if child.type == "html_inline" and child.content == CELL_BREAK:
            parts.append("\n")
        elif child.type in ("text", "html_inline"):
            parts.append(child.content)
        elif child.type == "code_inline":
            parts.append(f"{marks.code}{child.content}{marks.code}")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type in _INLINE_TAGS:
            mark = marks.strong if child.type == "strong" else marks.em
            parts.append(f"{mark}{_inline_plain(child, marks)}{mark}")
        elif child.type == "link":
            # The texts link only URLs, shown as typed (a mention in one is part of the link),
            # and `www.` addresses typed in free text: each is its own target in plain view.
            shown = _inline_plain(child, marks)
            href = str(child.attrs.get("href", ""))
            plain_url = shown.lower().startswith(_WEB_ADDRESSES) or not href
            parts.append(shown if plain_url else f"{shown} ({href})")
        elif child.type == "image":
            parts.append(child.content)
        else:
            parts.append(_inline_plain(child, marks))
    return "".join(parts)


def _list_plain(node: SyntaxTreeNode, marks: Marks) -> str:
    """A list as lines with bullets or numbers; nested lists indented."""
    start = int(node.attrs.get("start", 1) or 1)
    items = []
    for number, item in enumerate(node.children, start=start):
        marker = marks.bullet if node.type == "bullet_list" else f"{number}."
        body = "\n".join(_blocks_plain(item, marks))
        items.append(f"{marker} {body}")
    return "\n".join(items)


def _blocks_plain(node: SyntaxTreeNode, marks: Marks) -> list[str]:
    """The block children of a node, each as plain text."""
    blocks = []
    for child in node.children:
        if child.type == "inline":
            blocks.append(_inline_plain(child, marks))
        elif child.type in ("bullet_list", "ordered_list"):
            nested = _list_plain(child, marks)
            if node.type == "list_item":
                nested = "\n".join("    " + line for line in nested.split("\n"))
            blocks.append(nested)
        elif child.type in ("code_block", "fence", "html_block"):
            blocks.append(child.content.rstrip("\n"))
        elif child.type == "table":
            blocks.append("\n".join(TABLE_CELLS.join(row) for row in _rows(child, marks)))
        elif child.type == "hr":
            continue
        else:
            blocks.append("\n".join(_blocks_plain(child, marks)))
    return blocks


def _inline_html(node: SyntaxTreeNode) -> str:
    """The inline content of a node as allowed HTML; text always escaped."""
    parts = []
    for child in node.children:
        if child.type == "html_inline" and child.content == CELL_BREAK:
            parts.append("<br>")  # the template's own line break in a table cell
        elif child.type in ("text", "html_inline"):
            parts.append(escape(child.content, quote=False))
        elif child.type == "code_inline":
            parts.append(f"<code>{escape(child.content, quote=False)}</code>")
        elif child.type == "hardbreak":
            parts.append("<br>\n")
        elif child.type == "softbreak":
            parts.append("\n")
        elif child.type in _INLINE_TAGS:
            tag = _INLINE_TAGS[child.type]
            parts.append(f"<{tag}>{_inline_html(child)}</{tag}>")
        elif child.type == "link":
            href = str(child.attrs.get("href", ""))
            inner = _inline_html(child)
            if href.lower().startswith(_LINK_SCHEMES):
                parts.append(f'<a href="{escape(href, quote=True)}">{inner}</a>')
            else:
                parts.append(inner)
        elif child.type == "image":
            parts.append(escape(child.content, quote=False))
        else:
            parts.append(_inline_html(child))
    return "".join(parts)


def _blocks_html(node: SyntaxTreeNode) -> list[str]:
    """The block children of a node as allowed HTML elements."""
    blocks = []
    for child in node.children:
        if child.type == "inline":
            blocks.append(_inline_html(child))
        elif child.type == "paragraph" and child.hidden:
            blocks.extend(_blocks_html(child))
        elif child.type in _BLOCK_TAGS:
            tag = _BLOCK_TAGS[child.type]
            inner = "\n".join(_blocks_html(child))
            lists = child.type in ("bullet_list", "ordered_list")
            blocks.append(f"<{tag}>\n{inner}\n</{tag}>" if lists else f"<{tag}>{inner}</{tag}>")
        elif child.type in ("code_block", "fence", "html_block"):
            text = escape(child.content.rstrip("\n"), quote=False)
            blocks.append(f"<p>{text.replace(chr(10), '<br>' + chr(10))}</p>")
        elif child.type == "heading":
            blocks.append(f"<p><strong>{_inline_html(child.children[0])}</strong></p>")
        elif child.type == "table":
            items = (f"<li>{TABLE_CELLS.join(row)}</li>" for row in _rows(child, None)[1:])
            blocks.append("<ul>\n" + "\n".join(items) + "\n</ul>")
        elif child.type == "hr":
            continue
        else:
            inner = "\n".join(_blocks_html(child))
            blocks.append(inner if child.type == "blockquote" else f"<p>{inner}</p>")
    return blocks


def _rows(table: SyntaxTreeNode, marks: Marks | None) -> list[list[str]]:
    """(v3) A table's rows (its header first) as lists of cells, plain with `marks` or (None)
    allowed HTML."""
    rows = []
    for part in table.children:  # thead, tbody
        for row in part.children:
            cells = [cell.children[0] if cell.children else None for cell in row.children]
            rows.append(
                [
                    ""
                    if inline is None
                    else (_inline_html(inline) if marks is None else _inline_plain(inline, marks))
                    for inline in cells
                ]
            )
    return rows


@dataclass(frozen=True, slots=True)
class Forms:
    """Every form of one text; the HTML form is derived when it is first read (the page asks
    for it only to copy a text, not at every keystroke)."""

    markdown: str
    slack: str
    text: str

    def of(self, fmt: str) -> str:
        """The text in one of the contract's formats (`slack`, `markdown`, `text`)."""
        return {"slack": self.slack, "markdown": self.markdown, "text": self.text}[fmt]

    @property
    def html(self) -> str:
        """The HTML form (see `html`)."""
        return html(self.markdown)


def _tree_plain(tree: SyntaxTreeNode) -> tuple[str, str]:
    """The Slack and plain forms of a parsed tree."""
    return (
        "\n\n".join(_blocks_plain(tree, SLACK)),
        "\n\n".join(_blocks_plain(tree, PLAIN)).replace(NEUTRAL_MENTION, "@"),
    )


def _tree_html(tree: SyntaxTreeNode) -> str:
    """The HTML form of a parsed tree."""
    return "\n".join(_blocks_html(tree))


@lru_cache(maxsize=512)
def _block_plain(block: str) -> tuple[str, str]:
    """The Slack and plain forms of one block (cached: most blocks stay the same)."""
    return _tree_plain(SyntaxTreeNode(PARSER.parse(block)))


@lru_cache(maxsize=512)
def _block_html(block: str) -> str:
    """The HTML form of one block (cached)."""
    return _tree_html(SyntaxTreeNode(PARSER.parse(block)))


#: The tokens of a line that is one bulleted item holding one paragraph.
_ONE_ITEM = ["bullet_list_open", "list_item_open", "paragraph_open", "inline", "paragraph_close",
             "list_item_close", "bullet_list_close"]  # fmt: skip
_LIST_OPEN, _LIST_CLOSE = "<ul>\n", "\n</ul>"


def _one_item(line: str) -> SyntaxTreeNode | None:
    """A `- ` line's tree when it is one item of one paragraph, else None."""
    tokens = PARSER.parse(line)
    return SyntaxTreeNode(tokens) if [token.type for token in tokens] == _ONE_ITEM else None


@lru_cache(maxsize=1024)
def _item_plain(line: str) -> tuple[str, str] | None:
    """A `- ` line's Slack and plain forms when it is one item of one paragraph."""
    tree = _one_item(line)
    return None if tree is None else _tree_plain(tree)


@lru_cache(maxsize=1024)
def _item_html(line: str) -> str | None:
    """A `- ` line's `<li>` alone when it is one item of one paragraph."""
    tree = _one_item(line)
    if tree is None:
        return None
    return _tree_html(tree).removeprefix(_LIST_OPEN).removesuffix(_LIST_CLOSE)


def _items(block: str) -> list[str] | None:
    """The lines of a bulleted list read item by item (every line `- `), else None.

    A line that is one item of one paragraph is read alike alone and in its list: every next
    line starts an item of the same tight list, inline markup never crosses items, and no line
    is a link reference definition (that would be an item without a paragraph). Any other line
    (a thematic break, an item holding a heading or a nested list) parses the block whole, and so
    does a block holding a `\r` (a line ending for CommonMark: `- a\r\r` would end its item with
    a blank line, and the list would be loose).
    """
    lines = block.split("\n")
    if len(lines) > 1 and "\r" not in block and all(line.startswith("- ") for line in lines):
        return lines
    return None


def _plain_of_block(block: str) -> tuple[str, str]:
    """A block's Slack and plain forms; a bulleted list item by item, so that an edit parses
    only the items that hold the value again (see `_items`)."""
    lines = _items(block)
    items = [_item_plain(line) for line in lines] if lines else []
    if lines and all(items):
        return (
            "\n".join(item[0] for item in items if item),
            "\n".join(item[1] for item in items if item),
        )
    return _block_plain(block)


def _html_of_block(block: str) -> str:
    """A block's HTML form; a bulleted list item by item (see `_plain_of_block`)."""
    lines = _items(block)
    items = [_item_html(line) for line in lines] if lines else []
    if lines and all(item is not None for item in items):
        return _LIST_OPEN + "\n".join(item for item in items if item is not None) + _LIST_CLOSE
    return _block_html(block)


def _blocks(source: str) -> list[str]:
    """A source's blocks (separated by blank lines). The texts' sources never put a blank line
    inside a list or a fence, so the blocks are the document's own."""
    return [block for block in source.split("\n\n") if block.strip()]


def forms(source: str) -> Forms:
    """Every form of a CommonMark source.

    The source is derived block by block: a keystroke changes one value, so only the blocks (and
    list items) that hold it are parsed again.
    """
    parts = [_plain_of_block(block) for block in _blocks(source)]
    return Forms(
        markdown=source,
        slack="\n\n".join(slack for slack, _ in parts if slack),
        text="\n\n".join(plain for _, plain in parts if plain),
    )


def html(source: str) -> str:
    """The HTML form of a CommonMark source, block by block as `forms`."""
    return "\n".join(part for part in map(_html_of_block, _blocks(source)) if part)
