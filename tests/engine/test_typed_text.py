"""(v3) Typed text, one rule for every destination: `*bold*`, `_italic_` and `` `code` `` are
markup in Slack, in Markdown (as GitHub and GitLab render it) and in the HTML alike; a plain
text keeps them as typed; nothing else typed becomes markup, a strikethrough or a mention."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_tool import escaping
from decision_tool.backslashes import build
from tests.engine.helpers import FULL, ok
from tests.trust import gfm
from tests.trust.escaping import read_html

SUMMARY = "*Urgent*: _all_ pushes fail, see `git push -f` for john_smith"


def markdown_with(value: str) -> str:
    """The Markdown text (the ticket note) with `value` typed where it shows it: the reason of an
    escalation on the engineer's judgement."""
    answers = {**FULL, "judgement": "escalate", "judgement_reason": value}
    return ok(answers).templates["ticket_comment"].text


#: The ticket note with a reason typed in plain words, to compare the typed one with.
BASE = "Locked out of every project"


def rendered(markdown: str) -> dict[str, gfm.Rendered]:
    """A Markdown text as GitHub and GitLab render it, read back."""
    return {name: gfm.read(render(markdown)) for name, render in gfm.RENDERERS.items()}


def test_typed_emphasis_and_code_read_alike_in_slack_markdown_and_html() -> None:
    """One summary, two renderings no more: bold, italic and code wherever it is pasted."""
    answers = {**FULL, "summary": SUMMARY, "judgement": "escalate", "judgement_reason": SUMMARY}
    templates = ok(answers).templates
    slack, markdown = templates["handover"], templates["ticket_comment"]
    assert SUMMARY in slack.text  # Slack renders what was typed
    assert "**Urgent**: _all_ pushes fail, see `git push -f` for john_smith" in markdown.text
    base = rendered(markdown_with(BASE))
    for name, reading in rendered(markdown.text).items():
        made = {tag: n - base[name].tags[tag] for tag, n in reading.tags.items()}
        assert (made["strong"], made["em"], made["code"]) == (1, 1, 1), (name, made)
        shown = gfm.collapse("".join(reading.visible))
        assert "Urgent: all pushes fail, see git push -f for john_smith" in shown, name
    for template in (slack, markdown):
        assert "<strong>Urgent</strong>: <em>all</em> pushes fail" in template.html
        assert "<code>git push -f</code> for john_smith" in template.html


def test_a_plain_text_keeps_what_was_typed() -> None:
    """The customer reply (plain text) shows the signature's stars as typed, in text and html."""
    signature = "Åsa *Support* _EMEA_"
    reply = ok({**FULL, "signature": signature}).templates["customer_update"]
    assert reply.text.endswith(f"\n{signature}")
    assert signature in "".join(read_html(reply.html).parts)
    assert "<strong>" not in reply.html and "<em>" not in reply.html


@pytest.mark.parametrize("value", ["pinned to version ~1.2~, H~2~O", "~~old~~ and ~x~", "a~b~c"])
def test_no_typed_strikethrough_on_github_or_gitlab(value: str) -> None:
    """GFM strikes through between single tildes too: the Markdown texts escape them."""
    text = markdown_with(value)
    for name, reading in rendered(text).items():
        assert reading.tags["del"] == 0, (name, text)
        assert value in "".join(reading.visible), name


def test_mentions_are_neutralised_in_markdown_but_not_inside_a_url() -> None:
    """`@name` and `@all` ping someone on GitLab and GitHub: a zero-width space after the `@`,
    as the Slack form does for broadcasts; a URL stays as typed; Slack keeps a Slack handle."""
    url = "https://gitlab.example.com/@channel/project/-/issues/1"
    typed = f"ask @jane.doe and @all, see {url}"
    answers = {**FULL, "engineer": "@akim", "summary": typed}
    templates = ok({**answers, "judgement": "escalate", "judgement_reason": typed}).templates
    note = templates["ticket_comment"].text
    for name, reading in rendered(note).items():
        assert reading.mentions() == [], (name, note)
    assert f"ask @\u200bjane.doe and @\u200ball, see {url}" in note
    assert (
        "Ticket owner (on-call support engineer): @\u200bakim" in templates["ticket_comment"].text
    )
    assert "handed over by @akim." in templates["handover"].text  # a Slack handle, for Slack
    assert "ask @jane.doe and @\u200ball" in templates["handover"].text


@pytest.mark.parametrize(
    "value",
    [
        "**double** __under__ ~~struck~~",
        "[a link](https://evil.example) ![img](https://evil.example/i.png) <b>raw</b>",
        "# heading\n> quote\n- list\n1. list\n- [ ] task",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "see https://x.example/a_b_'<b>bold</b>",
    ],
)
def test_nothing_else_typed_becomes_markup_on_github_or_gitlab(value: str) -> None:
    """Only the typed rule's spans are markup: no heading, list, quote, table, task, link text
    that hides its target, image, raw HTML or strikethrough."""
    text, base = markdown_with(value), markdown_with(BASE)
    for name in gfm.RENDERERS:
        got, want = rendered(text)[name], rendered(base)[name]
        made = {tag: n - want.tags[tag] for tag, n in got.tags.items() if n != want.tags[tag]}
        assert set(made) <= {"p", "br", "a"}, (name, made, text)
        assert len(got.hidden_links()) == len(want.hidden_links()), (name, got.links)


def test_a_bare_url_stays_a_clean_link_on_github_and_gitlab() -> None:
    """A URL that Markdown would mark up (`a_b_`) is written as a link, not with backslashes that
    GitHub and GitLab would link with it."""
    url = "https://x.example/a_b_*c*"
    text = markdown_with(f"see {url} now")
    for name, reading in rendered(text).items():
        assert [url, url] in reading.links, (name, reading.links)


#: Lines for the shape check: letter runs among typed markup, URLs and what opens markup.
TYPED_SHAPES = st.lists(
    st.sampled_from(["a", "Zq", "x1", "19", "1.", " ", "*", "_", "`", "~", "[", "]", "(", ")",
                     "!", "#", ">", "-", "\\", "@", "*b*", "_i_", "`c`", "https://x.example/",
                     "www.w.example/", "é", ":", "."]),
    min_size=1,
    max_size=12,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(TYPED_SHAPES, st.sampled_from(["b", "Longer", "q7", "XYZ99"]), st.booleans())
def test_a_typed_line_is_written_as_its_own_plan_says(
    line: str, letters: str, markup: bool
) -> None:
    """Writing a line through its shape (letter runs as one letter, URLs kept) gives what the
    line's own plan gives, also after its letters change (typing a word)."""
    for variant in (line, re.sub(r"(?<![/.])\b[A-Za-z]+\b(?![:/.])", letters, line)):
        stripped = variant.strip()
        if not stripped:
            continue
        plan = escaping._plan(stripped, markup)
        if plan is None:
            own = escaping.escape_line(stripped)
        else:
            found = escaping._spans(stripped, markup)
            attempt = found if plan[0] else [span for span in found if span.kind == "url"]
            own = build(stripped, escaping._atoms(stripped, attempt, plan[1]), plan[2])
        assert escaping.typed_line(stripped, markup) == own


@pytest.mark.parametrize(
    "value",
    [
        "İhttps://xn--pypal-4ve.com/login&amp;",  # U+0130: a letter to Python's re.IGNORECASE
        "\u212ahttps://x.example/a&amp;",  # the Kelvin sign, likewise
        "xhttps://x.example/a&amp;",  # an ASCII letter: no link in GFM
        "http\u017f://x.example/a_b_&amp;",  # a long s is no `s` to GFM
    ],
)
def test_a_url_after_a_non_ascii_letter_reads_as_typed_on_github_and_gitlab(value: str) -> None:
    """GFM links a scheme after any character but an ASCII letter (cmark-gfm's rule, bytes), so
    the engine must see the same URL: else its backslash lands inside the link GFM makes."""
    text = markdown_with(value)
    for name, reading in rendered(text).items():
        assert value in "".join(reading.visible), (name, text)
        assert all("\\" not in href for href, _ in reading.links), (name, reading.links)


def test_typed_markup_never_pairs_across_two_answers_in_one_list() -> None:
    """`*<` as the manager and `<*` as the TAM, listed on one line of the opening post: two
    values as typed, no bold spanning both (hypothesis found it)."""
    post = ok({**FULL, "manager": "*<", "tam": "<*"}).templates["escalated_customers_open"]
    assert "<strong>" not in next(line for line in post.html.splitlines() if "People" in line)
    line = next(line for line in post.text.splitlines() if "People" in line)
    assert line.endswith("*< (support manager) and <* (TAM)"), line


@pytest.mark.parametrize("value", ["<\n---|", "a\n:-: | --", "x | y\n--- | ---", "<\n|---|"])
def test_no_typed_table_on_github_or_gitlab_even_without_a_pipe_above(value: str) -> None:
    """cmark-gfm and comrak start a table at a delimiter row (`---|`) after any paragraph line,
    one without a `|` too (hypothesis found `<` then `---|`): the note shows the lines as typed."""
    text = markdown_with(value)
    for name, reading in rendered(text).items():
        assert reading.tags["table"] == 0, (name, text)
        shown = gfm.collapse("".join(reading.visible))
        assert gfm.collapse(value.replace("\n", " ")) in shown, (name, shown)
