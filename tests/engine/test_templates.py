"""The paste-ready texts: which ones, what they contain, placeholders and warnings."""

from __future__ import annotations

import importlib.resources
import json

import jinja2
import pytest

import decision_tool
from decision_tool import contract, evaluate
from decision_tool.policy import load_policy
from decision_tool.texts import make_environment, template_sources
from tests.engine.helpers import FULL, MINIMAL, NOW, ok

ALL = list(contract.TEMPLATE_IDS)


def test_escalate_lists_every_template_in_contract_order() -> None:
    """Escalate: the seven texts, in the contract's order."""
    assert list(ok(FULL).templates) == [
        "managers_touch_base",
        "escalated_customers_open",
        "ticket_comment",
        "room_update",
        "handover",
        "customer_update",
        "dev_escalation",
    ]


def test_continue_lists_only_the_customer_update() -> None:
    """Continue: only the public customer update."""
    decision = ok({**FULL, "hours_running": 1, "blocked": []})
    assert list(decision.templates) == ["customer_update"]
    assert "continuing to work" in decision.templates["customer_update"].text


@pytest.mark.parametrize(
    ("template_id", "audience", "fmt"),
    [
        ("managers_touch_base", "internal", "slack"),
        ("escalated_customers_open", "internal", "slack"),
        ("ticket_comment", "internal", "markdown"),
        ("room_update", "internal", "slack"),
        ("handover", "internal", "slack"),
        ("customer_update", "public", "text"),
        ("dev_escalation", "internal", "slack"),
    ],
)
def test_template_metadata(template_id: str, audience: str, fmt: str) -> None:
    """Each text has a title, its audience and its format."""
    text = ok(FULL).templates[template_id]
    assert text.title and text.audience == audience and text.format == fmt
    assert text.text.strip() == text.text and text.text


def test_ticket_comment_links_the_doc_and_the_room() -> None:
    """The internal note carries the doc URL as a link and the room name."""
    text = ok(FULL).templates["ticket_comment"].text
    url = FULL["escalation_doc_url"]
    assert f"- Escalation document: <{url}>\n" in text
    assert "- Slack room: #a_acme-corp_escalation\n" in text
    assert "Fri 27 Nov 2026, 15:00 UTC" in text  # (v3) one clock: UTC


def test_touch_base_names_customer_ticket_and_reason() -> None:
    """The #support-managers message says who, how long, what is blocked, and the ticket."""
    text = ok(FULL).templates["managers_touch_base"].text
    assert "Acme Corp" in text and "4 h" in text
    assert "• Blocking: a renewal\n" in text
    assert "*What is blocked*\nThe Q4 renewal is signed next week." in text
    assert FULL["ticket_url"] in text and FULL["summary"] in text


def test_handover_has_status_tried_next_steps_and_touchpoint() -> None:
    """The handover gives the next engineer and manager everything to take over."""
    text = ok(FULL).templates["handover"].text
    for value in ("Noor Next", "Mia Nextmanager", "latest_update", "tried", "next_steps"):
        assert FULL.get(value, value) in text
    assert "Fri 27 Nov 2026, 15:00 UTC" in text  # (v3) one clock: UTC
    assert FULL["escalation_doc_url"] in text and "#a_acme-corp_escalation" in text


def test_dev_escalation_has_ticket_room_doc_severity_and_tried() -> None:
    """The request to development names everything a developer needs to join."""
    text = ok(FULL).templates["dev_escalation"].text
    for part in ("High", FULL["ticket_url"], FULL["escalation_doc_url"], "#a_acme-corp_escalation"):
        assert part in text
    assert "16\\.5" not in text and "16.5 upgrade" in text


@pytest.mark.parametrize("hours", [1, 5])
def test_public_texts_never_contain_internal_links(hours: int) -> None:
    """customer_update names the touch-point but never the doc or the room."""
    decision = ok({**FULL, "hours_running": hours, "blocked": []})
    for text in decision.templates.values():
        if text.audience == "public":
            assert "docs.example.com" not in text.text
            assert "#a_" not in text.text and "#support" not in text.text
            assert "Fri 27 Nov 2026, 15:00 UTC" in text.text
            assert text.text.startswith("Hello Jane,\n")
            assert text.text.endswith("Kind regards,\nDana from Support")
            assert "Dana Engineer" not in text.text


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        ("2026-11-27T16:00:00Z", "Fri 27 Nov 2026, 16:00 UTC"),
        ("2026-12-01T08:05:00-05:30", "Tue 1 Dec 2026, 13:35 UTC"),
        ("2026-12-01T23:30:00-05:00", "Wed 2 Dec 2026, 04:30 UTC"),
    ],
)
def test_touchpoint_is_shown_in_utc_whatever_its_offset(moment: str, shown: str) -> None:
    """(v3) One clock: without the customer's zone, every text shows the touch-point in UTC."""
    texts = ok({**FULL, "next_touchpoint": moment}).templates
    showing = [tid for tid in texts if "next_touchpoint" in load_policy().templates[tid].needs]
    assert len(showing) == 4
    for template_id in showing:
        assert shown in texts[template_id].text, template_id


def test_missing_answers_show_placeholders_and_warn_once_each(policy: object) -> None:
    """Each missing answer a text needs: a visible [placeholder] and exactly one warning."""
    decision = ok({**MINIMAL, "customer": "Acme", "ticket_url": "https://example.com/t/1"})
    fields = [w.field for w in decision.warnings]
    assert fields == [
        "severity",
        "escalation_doc_url",
        "next_touchpoint",
        "next_engineer",
        "next_manager",
        "summary",
        "impact",
        "latest_update",
        "tried",
        "next_steps",
    ]
    texts = decision.templates
    assert "[next touch-point]" in texts["customer_update"].text
    assert texts["customer_update"].text.startswith("Hello,\n")
    assert texts["customer_update"].text.endswith("Kind regards,\nThe Support team")
    assert "[escalation doc link]" in texts["ticket_comment"].text
    assert "[escalation level]" in texts["dev_escalation"].text
    assert all("[" in w.message for w in decision.warnings)


def test_no_room_without_customer_warns_for_the_room() -> None:
    """No customer: no room, a warning asking for one, and [Slack room] in the texts."""
    decision = ok(MINIMAL)
    assert decision.slack_room is None
    room_warnings = [w for w in decision.warnings if w.field == "slack_room"]
    assert len(room_warnings) == 1 and "#a_<customer>_escalation" in room_warnings[0].message
    assert "[Slack room]" in decision.templates["ticket_comment"].text
    assert "[customer name]" in decision.templates["handover"].text


def test_given_room_is_used_as_is() -> None:
    """A given room wins over the suggestion."""
    decision = ok({**FULL, "slack_room": "#acme-outage"})
    assert decision.slack_room == "#acme-outage"
    assert "- Slack room: #acme-outage\n" in decision.templates["ticket_comment"].text


def test_full_answers_leave_no_placeholder_or_warning() -> None:
    """With every answer given there is nothing to fill in."""
    decision = ok(FULL)
    assert decision.warnings == ()
    for text in decision.templates.values():
        assert "[" not in text.text.replace("](<", "").replace("[https", "")


def test_template_files_match_the_template_ids() -> None:
    """One .j2 per template id, and nothing else but the parts they include (`_name.j2`)."""
    texts = [name for name in template_sources() if not name.startswith("_")]
    assert sorted(texts) == sorted(f"{tid}.j2" for tid in contract.ALL_TEMPLATE_IDS)


def test_undefined_variable_fails_loudly() -> None:
    """StrictUndefined: a template that uses an undeclared name cannot render silently."""
    env = make_environment()
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("Hello {{ customer_nmae }}").render(customer="Acme")


def test_printing_none_fails_loudly() -> None:
    """A template printing an absent optional answer is a bug, not the text 'None'."""
    env = make_environment()
    with pytest.raises(TypeError):
        env.from_string("TAM: {{ tam }}").render(tam=None)


def test_texts_of_evaluate_match_at_any_now() -> None:
    """The texts depend on the answers, not on the clock (hours_running given), but for the
    time the running time is as of (v3).

    Only whether the touch-point is past changes: its `overdue` flag, its warning, (v3) its
    step, first and saying it is overdue, the internal texts that name it say it has passed,
    and the customer reply that promises it is no longer ready.
    """
    first = evaluate(FULL, now=NOW).to_dict()
    second = evaluate(FULL, now="2030-01-01T00:00:00Z").to_dict()
    reply = second["templates"]["customer_update"]
    assert not reply["ready"] and [b["field"] for b in reply["blockers"]] == ["next_touchpoint"]
    second["templates"]["customer_update"] |= {"ready": True, "blockers": []}
    as_of = json.dumps(first["templates"]).replace("as of 11:00 UTC", "as of 00:00 UTC")
    passed = json.dumps(second["templates"])
    assert passed.count(", passed: a new one is still to agree") >= 3  # handover, note, room
    passed = passed.replace(", passed: a new one is still to agree", "")
    assert json.loads(as_of) == json.loads(passed)
    assert [m["at"] for m in first["moments"]] == [m["at"] for m in second["moments"]]
    assert [m["overdue"] for m in second["moments"]] == [True]
    assert [w["field"] for w in second["warnings"]] == ["next_touchpoint"]
    steps = [step["id"] for step in first["steps"]]
    steps.remove("schedule_touchpoint")
    assert [step["id"] for step in second["steps"]] == ["schedule_touchpoint", *steps]
    assert second["steps"][0]["text"].startswith("Overdue: ")
    ignored = ("moments", "warnings", "steps", "templates")
    assert {k: v for k, v in first.items() if k not in ignored} == {
        k: v for k, v in second.items() if k not in ignored
    }


def test_after_warm_up_no_package_file_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """After warm_up, deciding reads no file (a restored Pyodide snapshot has none)."""
    decision_tool.warm_up()

    def gone(*args: object) -> None:
        """Stand-in for importlib.resources.files with the files gone."""
        raise FileNotFoundError("site-packages is empty")

    monkeypatch.setattr(importlib.resources, "files", gone)
    decision = evaluate(FULL, now=NOW)
    assert decision.errors == () and len(decision.templates) == 7


@pytest.mark.parametrize(
    "answers",
    [
        FULL,
        MINIMAL,
        {**FULL, "blocked_detail": None, "manager": None, "severity": None},
        {**FULL, "resolution_in_sight": "unsure", "tam": None, "next_steps": None},
    ],
    ids=["full", "minimal", "fewer", "unsure"],
)
def test_layout_of_every_text(answers: dict) -> None:
    """Bullets and list items start lines; no doubled periods, no trailing or stacked blanks."""
    given = {key: value for key, value in answers.items() if value is not None}
    for template_id, text in ok(given).templates.items():
        body = text.text
        assert "•" not in body.replace("\n•", ""), template_id
        assert "- " not in body.replace("\n- ", "").replace(" - ", ""), template_id
        assert ".." not in body and "\n\n\n" not in body, template_id
        assert all(line == line.rstrip() for line in body.split("\n")), template_id
