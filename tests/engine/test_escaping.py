"""(v2) Typed values read exactly as typed in every form, and never create markup or mentions
(v3: but the emphasis and code spans of the typed rule, tests/engine/test_typed_text.py).

`escaping.markdown(value)` writes a value for a `text` (plain) text, where nothing typed is
markup. Markdown is checked with a real CommonMark renderer (markdown-it-py's `commonmark`
mode), HTML with the standard library's HTML parser.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_tool import backslashes, escaping
from tests.engine.helpers import FULL, ok
from tests.engine.rendered import STRUCTURE, ZW, lines_read, tokens, typed_lines
from tests.trust.escaping import HTML_ALLOWED, collapse, read_html
from tests.trust.typed import read_value

#: Values that render as themselves in CommonMark: byte-identical in the Markdown source.
AS_TYPED = [
    "john_smith", "AT&T", "C++", "x > 0", "1.5 h", "https://example.com/a_b", "R&D blocked, x > 0",
    "Acme, Inc. (EU): 16.5 fails; retry?", "snake_case_name", "a_b_c_d", "user@host", "100% sure",
    "Müller & Söhne GmbH", "O'Brien", 'say "hi"', "3 < 4 is true", "a <= b", "-5 degrees",
    "#a_acme_escalation", "1+1=2", "$5 off", "ticket #4711", "50/50", "Q4: renewal (EU)",
    "node-1.example.com", "C:\\path\\to\\file", "user@example.com", "東京 team",
    "rm -rf /tmp/x", "x -> y", "A & B & C", "2026-11-27", "mail: a_b@example.com",
    "{json: true}", "key=value; other=2", "a ~ b", "a | b", "!important", "func(a, b)",
]  # fmt: skip

#: Values that would change once rendered: they must still read exactly as typed.
CHANGED = [
    "*em*", "_em_", "**strong**", "__init__", "# heading", "## two", "- item", "+ item",
    "* item", "1. restart", "2) again", "> quote", "===", "---", "***", "```fence", "~~~fence",
    "`code`", "don`t", "5*3 and 2*4", "[link](https://evil.example)", "![img](https://x/y.png)",
    "<https://evil.example>", "<b>bold</b>", "<!-- c -->", "&copy; &#42;", "&amp;", "a\\",
    "\\*", "[ref]: https://evil.example", "~~strike~~", "b](https://evil.example)", "a <b c",
    "<!channel>", "[1", "x** closes", "](javascript:alert(1))**<<\\<", "one\ntwo",
    "one\n\nthree\n- four", "| a | b |\n|---|---|", "~user", "~1.2~", "H~2~O",
]  # fmt: skip

CORPUS = AS_TYPED + CHANGED


def test_the_corpus_is_large_enough() -> None:
    """The issue asks for at least 60 typed values."""
    assert len(set(CORPUS)) >= 60


@pytest.mark.parametrize("value", CORPUS)
def test_markdown_reads_back_exactly_as_typed(value: str) -> None:
    """Alone, each value renders as one paragraph of exactly its lines, with no markup."""
    source = escaping.markdown(value)
    assert [t.type for t in tokens(source) if t.type in STRUCTURE] == []
    assert lines_read(source) == typed_lines(value)


@pytest.mark.parametrize("value", AS_TYPED)
def test_values_that_render_as_themselves_stay_byte_identical(value: str) -> None:
    """No backslash where CommonMark would not change the value (the contract's examples)."""
    assert escaping.markdown(value) == value
    decision = ok({**FULL, "customer": value, "engineer": value, "summary": value}).to_dict()
    for template in decision["templates"].values():
        if template["format"] == "markdown" and "[" not in value:
            assert value in template["text"]


@pytest.mark.parametrize("value", CORPUS)
def test_markdown_texts_read_back_and_create_no_markup(value: str) -> None:
    """In the Markdown texts, as a name and as free text: read as typed (v3: the typed emphasis
    and code rendered), the same markup as without but the typed rule's."""
    name = value.replace("\n", " ")[:80]
    typed = {"customer": name, "engineer": name, "summary": value, "tried": value}
    decision, base = ok({**FULL, **typed}).to_dict(), ok(FULL).to_dict()
    for template_id, template in decision["templates"].items():
        if template["format"] != "markdown":
            continue
        was = base["templates"][template_id]["text"]
        made = Counter(t.type for t in tokens(template["text"]) if t.type in STRUCTURE)
        wanted = Counter(t.type for t in tokens(was) if t.type in STRUCTURE)
        for field, typed_value in typed.items():
            if FULL[field] in was:
                markup = read_value(typed_value).markup
                wanted += Counter({f"{kind}_open": markup[kind] for kind in ("em", "strong")})
                wanted += Counter({"code_inline": markup["code"]})
        assert made == wanted, template_id
        read = "\n".join(lines_read(template["text"])).translate(ZW)
        for line in read_value(value).text.split("\n"):
            assert line in read, (template_id, line)


PROSE = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs"),
                                       include_characters=",;:?'\"()%/=@+&>"),
                max_size=60)  # fmt: skip
ANY = st.lists(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")).filter(
        lambda char: char not in "\u200b\u2060\ufeff"
    )
    | st.sampled_from([*"\\`*_[]<>&!#+-=.)~| \n", "&amp;", "<b>", "](x)", "@here", "1. "]),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(ANY)
def test_any_text_reads_back_exactly(value: str) -> None:
    """Hypothesis: any text, escaped, renders as exactly its lines and creates no markup."""
    source = escaping.markdown(value)
    assert [t.type for t in tokens(source) if t.type in STRUCTURE] == []
    expected = [escaping.neutralise_mentions(line).translate(ZW) for line in typed_lines(value)]
    assert lines_read(source) == [line.strip() for line in expected if line.strip()]


@settings(max_examples=200, deadline=None)
@given(PROSE)
def test_prose_stays_byte_identical(value: str) -> None:
    """Hypothesis: prose (letters, digits, everyday punctuation) gets no backslash at all."""
    value = " ".join(value.split())
    if value and not re.match(r"\d{1,9}[.)]|[+=>-]", value):
        assert escaping.markdown(value) == value


@pytest.mark.parametrize("mention", ["@here", "@channel", "@everyone", "@all", "@HERE", "@Channel"])
def test_broadcast_mentions_are_neutralised(mention: str) -> None:
    """A zero-width space after the @ in Slack and Markdown: looks the same, notifies no one."""
    decision = ok({**FULL, "summary": f"ping {mention} now"}).to_dict()
    for template in decision["templates"].values():
        if template["format"] in ("slack", "markdown") and "ping" in template["text"]:
            assert mention not in template["text"]
            assert f"ping @\u200b{mention[1:]} now" in template["text"]
            assert mention not in template["html"]


def test_slack_texts_show_values_exactly_as_typed() -> None:
    """Slack (v2): no &amp; &lt; &gt; the user did not type; values exactly as typed."""
    answers = {**FULL, "customer": "AT&T", "summary": "R&D blocked, x > 0 and a < b *really*",
               "latest_update": "typed &amp; on purpose"}  # fmt: skip
    slack = [t for t in ok(answers).to_dict()["templates"].values() if t["format"] == "slack"]
    assert len(slack) == 5
    for template in slack:
        text = template["text"]
        assert text.count("&amp;") == text.count("typed &amp; on purpose")
        assert "&lt;" not in text and "&gt;" not in text
        assert "\\" not in text
    assert "AT&T" in slack[0]["text"]
    assert "R&D blocked, x > 0 and a < b *really*" in slack[0]["text"]


def test_slack_form_uses_slack_bold_and_bullets() -> None:
    """The template's own formatting is Slack's: *bold* and • bullets, never ** or -."""
    text = ok(FULL).templates["handover"].text
    assert text.startswith("*Handover:* Acme Corp escalation\n")
    assert "\n• Running: 4 h as of 11:00 UTC\n" in text
    assert "**" not in text and "\n- " not in text


def html_visible(html: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed."""
    return collapse("".join(read_html(html).parts))


def test_html_matches_the_text_as_its_destination_renders_it() -> None:
    """HTML's visible text equals the Markdown text rendered, the plain text, the Slack text."""
    decision = ok({**FULL, "summary": "one *two*\nthree & <four>"}).to_dict()
    for template in decision["templates"].values():
        html, text = template["html"], template["text"]
        reader = read_html(html)
        assert reader.bad == [] and set(reader.tags) <= HTML_ALLOWED
        if template["format"] == "markdown":
            assert html_visible(html) == collapse(" ".join(lines_read(text)))
        elif template["format"] == "text":
            assert html_visible(html) == collapse(text)
        else:
            marks = text.replace("• ", "").replace("*", "")
            assert html_visible(html).replace("*", "") == collapse(marks)


def test_html_keeps_bold_lists_and_links() -> None:
    """Rich paste keeps the structure: strong, a list, and links to the typed URLs."""
    html = ok(FULL).templates["dev_escalation"].html
    assert "<strong>Problem</strong>" in html
    assert "<ul>\n<li>Escalation level: High</li>" in html
    assert f'<a href="{FULL["ticket_url"]}">{FULL["ticket_url"]}</a>' in html


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
    text = escaping.escape_line(url).replace("]", "\\]")
    assert link == form.format(url=url, text=text)
    assert [t.type for t in tokens(link) if t.type in STRUCTURE] == ["link_open"]
    assert lines_read(link) == [url]


#: Lines for the shape check: letter and digit runs among every character that opens markup.
SHAPED = st.lists(
    st.sampled_from(["a", "Zq", "x1", "19", "0", "1.", "2)", " ", "  ", "é", "*", "_", "`", "~",
                     "[", "]", "(", ")", "!", "#", ">", "-", "+", "=", ".", "|", "\\", ":", "/",
                     "@", '"', "'"]),
    min_size=1,
    max_size=14,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(SHAPED, st.sampled_from(["b", "Longer", "q7", "XYZ99"]))
def test_a_line_is_escaped_like_its_own_probes_say(line: str, letters: str) -> None:
    """Escaping through a line's shape (its letter runs as one `a`) puts every backslash where
    escaping the line itself would, also after its letters change (typing a name)."""
    for variant in (line, re.sub(r"[A-Za-z]+", letters, line)):
        stripped = variant.strip()
        if stripped:
            own = backslashes._apply(stripped, backslashes._escape_sites(stripped))
            assert escaping.escape_line(stripped) == own
