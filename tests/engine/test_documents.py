"""(v3) The documents from the answers and the record: the timeline (a GFM table, times in UTC),
the escalation document's and the post-incident review's skeletons; hostile notes inert."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from decision_tool import evaluate
from decision_tool.cli_text import format_decision
from decision_tool.policy import Policy
from tests.engine.helpers import FULL, NOW, ok
from tests.trust import gfm
from tests.trust.escaping import HTML_ALLOWED, ZERO_WIDTH, collapse, read_html
from tests.trust.typed import read_value

RECORD = [
    {"at": "2026-11-27T10:05:00+01:00", "kind": "posted", "text": "Room update posted"},
    {"at": "2026-11-27T08:00:00Z", "kind": "stage", "text": "touch_base"},
    {"at": "2026-11-27T03:20:00-05:00", "kind": "note", "text": "Gitaly logs show timeouts"},
    {"at": "2026-11-27T09:40:00+01:00", "kind": "stage", "text": "open"},
    {"at": "2026-11-27T11:00:00+01:00", "kind": "touchpoint", "text": "Call at 15:00 UTC"},
    {"at": "2026-11-27T11:30:00+01:00", "kind": "handover", "text": "To Noor and Mia"},
]
TIMELINE = """\
| Time (UTC) | Event |
| --- | --- |
| Fri 27 Nov 2026, 08:00 UTC | Stage: touch_base |
| Fri 27 Nov 2026, 08:20 UTC | Note: Gitaly logs show timeouts |
| Fri 27 Nov 2026, 08:40 UTC | Stage: open |
| Fri 27 Nov 2026, 09:05 UTC | Posted: Room update posted |
| Fri 27 Nov 2026, 10:00 UTC | Touch-point agreed: Call at 15:00 UTC |
| Fri 27 Nov 2026, 10:30 UTC | Handover: To Noor and Mia |"""
DOCUMENTS = ("timeline", "escalation_doc", "review")
HOSTILE_NOTES = (
    "<script>alert(1)</script>",
    "a | b || c |",
    "@here @channel @all and @alice, please look",
    "[x](javascript:alert(1)) and [y](https://evil.example/)",
    "line one\nline two\n| x | y |\n| --- | --- |\n| 1 | 2 |",
    "</td></tr></table><img src=x onerror=alert(1)>",
    "ends in a backslash \\",
    "escaped \\| pipe and \\\\| two",
    "`code | pipe` and *bold* and _italic_",
    "# not a heading\n- not a list\n> not a quote\n---\n1. not numbered",
    "![img](https://x.example/i.png) <https://x.example/>",
    "~~struck~~ H~2~O",
    "see https://x.example/a|b and www.example.com|x",
)


def texts_of(**answers: Any) -> dict[str, dict[str, Any]]:
    """The templates of FULL with these answers changed, as JSON."""
    return ok({**FULL, **answers}).to_dict()["templates"]


def note(text: str) -> list[dict[str, str]]:
    """A record of one stage change and one note with this text."""
    return [
        {"at": "2026-11-27T09:00:00+01:00", "kind": "stage", "text": "open"},
        {"at": "2026-11-27T10:00:00+01:00", "kind": "note", "text": text},
    ]


def headings(markdown: str) -> list[str]:
    """The Markdown headings of a text, with their level's hashes."""
    return re.findall(r"^#{1,6} .*$", markdown, re.MULTILINE)


def test_the_timeline_is_a_gfm_table_in_time_order_in_utc() -> None:
    """Entries in any order and offset: one row each, sorted, in the one-clock format."""
    timeline = texts_of(stage="open", record=RECORD)["timeline"]
    assert (timeline["audience"], timeline["format"], timeline["ready"]) == (
        "internal", "markdown", True,
    )  # fmt: skip
    assert timeline["text"] == TIMELINE


def test_the_timeline_renders_as_a_table_in_github_and_gitlab() -> None:
    """cmark-gfm and comrak: one table, a header row and a row per entry, two cells each."""
    text = texts_of(stage="open", record=RECORD)["timeline"]["text"]
    for name, render in gfm.RENDERERS.items():
        tags = gfm.read(render(text)).tags
        assert (tags["table"], tags["tr"], tags["th"], tags["td"]) == (1, 7, 2, 12), name


def test_a_50_entry_record_gives_a_50_row_timeline() -> None:
    """Fifty entries of 100-character notes: fifty rows, in time order, nothing lost."""
    start = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    record = [
        {"at": (start + timedelta(minutes=7 * n)).isoformat(), "kind": "note",
         "text": f"Note {n:02d} " + "x" * 92}
        for n in reversed(range(50))
    ]  # fmt: skip
    text = texts_of(stage="open", record=record)["timeline"]["text"]
    rows = text.split("\n")[2:]
    assert len(rows) == 50
    assert [row[row.index("Note: ") + 11 : row.index("Note: ") + 13] for row in rows] == [
        f"{n:02d}" for n in range(50)
    ]
    assert rows[0] == f"| Fri 27 Nov 2026, 02:00 UTC | Note: Note 00 {'x' * 92} |"
    assert rows[-1].startswith("| Fri 27 Nov 2026, 07:43 UTC | Note: Note 49 ")
    for name, render in gfm.RENDERERS.items():
        tags = gfm.read(render(text)).tags
        assert (tags["tr"], tags["td"]) == (51, 100), name


@pytest.mark.parametrize("hostile", HOSTILE_NOTES)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_a_hostile_note_is_inert_in_the_markdown_documents(document: str, hostile: str) -> None:
    """GitHub's and GitLab's renderers: the table keeps its rows and cells, no element, link
    or mention from the note but the typed rule's emphasis and code, the note shown as typed."""
    stage = "closed" if document == "review" else "open"
    text = texts_of(stage=stage, record=note(hostile))[document]["text"]
    base = texts_of(stage=stage, record=note("Zqnotezq"))[document]["text"]
    read = read_value(hostile)
    assert gfm.problems(text, base, read.markup, [read.text]) == []
    for name, render in gfm.RENDERERS.items():
        got, want = gfm.read(render(text)).tags, gfm.read(render(base)).tags
        cells = ("table", "tr", "td", "th")
        assert [got[t] for t in cells] == [want[t] for t in cells], name
        assert "script" not in got and "img" not in got and "del" not in got, name


@pytest.mark.parametrize("hostile", HOSTILE_NOTES)
def test_a_hostile_note_is_inert_in_the_html_of_the_documents(hostile: str) -> None:
    """The rich copy: only the contract's elements, no link from the note, the note visible
    as typed (its lines apart)."""
    for stage, document in (("open", "timeline"), ("open", "escalation_doc"), ("closed", "review")):
        html = texts_of(stage=stage, record=note(hostile))[document]["html"]
        reader = read_html(html)
        assert reader.bad == [] and set(reader.tags) <= HTML_ALLOWED, (document, reader.bad)
        assert reader.hidden_links() == [], document
        seen = collapse("".join(reader.parts).translate(ZERO_WIDTH))
        assert collapse(read_value(hostile).text) in seen, document


@pytest.mark.parametrize("hostile", HOSTILE_NOTES)
def test_the_record_never_reaches_the_slack_and_public_texts(hostile: str) -> None:
    """The record is written into the Markdown documents only: every other text is the same
    with a hostile note as with a harmless one."""
    for stage in ("open", "closed"):
        texts = texts_of(stage=stage, record=note(hostile))
        base = texts_of(stage=stage, record=note("Zqnotezq"))
        others = [t for t, v in base.items() if v["format"] != "markdown" or t == "ticket_comment"]
        assert others, stage
        for template_id in others:
            assert texts[template_id] == base[template_id], template_id


def test_the_timeline_html_is_a_list_of_rows() -> None:
    """The rich copy of a table: each entry one list item, its time, then its event."""
    html = texts_of(stage="open", record=RECORD[:2])["timeline"]["html"]
    assert html == (
        "<ul>\n<li>Fri 27 Nov 2026, 08:00 UTC \u2014 Stage: touch_base</li>\n"
        "<li>Fri 27 Nov 2026, 09:05 UTC \u2014 Posted: Room update posted</li>\n</ul>"
    )


def test_a_note_of_several_lines_keeps_its_lines_in_one_cell() -> None:
    """A newline in a note is a line break inside its cell, never a new row."""
    text = texts_of(stage="open", record=note("first\n\nsecond | half"))["timeline"]["text"]
    assert text.endswith("| Fri 27 Nov 2026, 09:00 UTC | Note: first<br>second \\| half |")


def test_the_escalation_document_skeleton_is_filled_from_the_answers_and_the_record(
    policy: Policy,
) -> None:
    """Customer, ticket, room, level and cadence, contacts, summary, impact, timeline, next
    touch-point, owners."""
    doc = texts_of(stage="open", record=RECORD)["escalation_doc"]
    text = doc["text"]
    assert (doc["audience"], doc["format"], doc["ready"]) == ("internal", "markdown", True)
    assert headings(text) == [
        "# Escalation: Acme Corp", "## Status", "## Contacts", "## Summary", "## Impact",
        "## Timeline", "## Next touch-point", "## Owners",
    ]  # fmt: skip
    cadence = policy.level("high").cadence.lower()
    for part in (
        f"- Escalation level: High; the account escalation's communication cadence: {cadence}",
        "- Stage: Escalation open",
        f"- Ticket: <{FULL['ticket_url']}>",
        "- Slack room: #a_acme-corp_escalation",
        "- Customer contact: Jane",
        "- Support manager: Max Manager",
        "- TAM: Tom Tam",
        FULL["summary"],
        FULL["impact"],
        TIMELINE,
        "## Next touch-point\n\nFri 27 Nov 2026, 15:00 UTC",
        "- Runs the escalation internally: the TAM (Tom Tam)",
        "- Works the ticket and talks with the customer: Dana Engineer",
        "- Next on call: Noor Next (support engineer) and Mia Nextmanager (support manager)",
    ):
        assert part in text, part


def test_the_escalation_document_without_answers_shows_placeholders_and_no_record() -> None:
    """A skeleton for a bare emergency: placeholders where answers are missing."""
    text = ok({"hours_running": 4, "resolution_in_sight": "no", "stage": "touch_base"}).to_dict()[
        "templates"
    ]["escalation_doc"]["text"]
    for part in ("# Escalation: [customer name]", "- Ticket: [ticket link]",
                 "## Summary\n\n[problem summary]", "No entries in the record yet."):  # fmt: skip
        assert part in text, part


def test_the_review_skeleton_has_the_sections_the_anchors_share() -> None:
    """Summary, impact, timeline, contributing factors, what went well and what did not,
    action items, messaging; filled from the answers and the record."""
    review = texts_of(stage="closed", record=RECORD)["review"]
    text = review["text"]
    assert (review["audience"], review["format"], review["ready"]) == ("internal", "markdown", True)
    assert headings(text) == [
        "# Post-incident review: Acme Corp", "## Summary", "## Impact", "## Timeline",
        "## Contributing factors", "## What went well and what did not", "## Action items",
        "## Messaging",
    ]  # fmt: skip
    assert TIMELINE in text
    assert "- The emergency has run more than 3 hours (4 h) with no clear resolution" in text
    assert f"What was tried:\\\n{FULL['tried']}" in text
    assert f"Open next steps at the close:\\\n{FULL['next_steps']}" in text
    messaging = text[text.index("## Messaging") :]
    assert messaging.split("\n")[2:5] == [
        "- Fri 27 Nov 2026, 09:05 UTC: Posted: Room update posted",
        "- Fri 27 Nov 2026, 10:00 UTC: Touch-point agreed: Call at 15:00 UTC",
        "- Fri 27 Nov 2026, 10:30 UTC: Handover: To Noor and Mia",
    ]
    assert "Gitaly logs" not in messaging


def test_the_cli_prints_the_documents_and_marks_a_text_not_ready(policy: Policy) -> None:
    """The CLI's text format: the closing texts, the timeline and the review at closed."""
    answers = {**FULL, "stage": "closed", "record": RECORD, "customer_contact": "@jane"}
    out = format_decision(evaluate(answers, now=NOW).to_dict(), policy)
    for template_id in ("escalated_customers_close", "timeline", "review"):
        template = policy.templates[template_id]
        assert f"\n=== {template.title} ({template.audience}, {template.format}) =" in out
    reply = "Public reply to the customer: the emergency is resolved (public, text) NOT READY"
    assert f"\n=== {reply}" in out
    assert TIMELINE in out
    assert Counter(out.split("\n"))["Moments:"] == 0
