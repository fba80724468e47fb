"""Bad answers: one clear error per field, named by its field, all at once, in form order."""

from __future__ import annotations

import json
import math
import sys
import unicodedata
from typing import Any

import pytest

from decision_tool import evaluate, evaluate_json
from decision_tool.checks import Invalid, check_string
from tests.engine.helpers import FULL, MINIMAL, NOW, errors_of, ok

BAD: list[tuple[dict[str, Any], str, str]] = [
    ({"hours_running": True}, "hours_running", "not true/false"),
    ({"hours_running": "4"}, "hours_running", "not text"),
    ({"hours_running": None}, "hours_running", "not null"),
    ({"hours_running": -0.5}, "hours_running", "from 0 to 720"),
    ({"hours_running": 720.01}, "hours_running", "from 0 to 720"),
    ({"hours_running": math.nan}, "hours_running", "finite"),
    ({"hours_running": math.inf}, "hours_running", "finite"),
    ({"started_at": "2026-11-27T09:00:00+01:00"}, "started_at", "not both"),
    ({"hours_running": ...}, "hours_running", "Required"),
    ({"call_hours": 72.5}, "call_hours", "from 0 to 72"),
    ({"call_hours": False}, "call_hours", "not true/false"),
    ({"call_hours": [1]}, "call_hours", "not a list"),
    ({"resolution_in_sight": "maybe"}, "resolution_in_sight", "yes, no, unsure"),
    ({"resolution_in_sight": "Yes"}, "resolution_in_sight", "yes, no, unsure"),
    ({"resolution_in_sight": True}, "resolution_in_sight", "yes, no, unsure"),
    ({"resolution_in_sight": ...}, "resolution_in_sight", "Required"),
    ({"blocked": "renewal"}, "blocked", "Must be a list"),
    ({"blocked": {"renewal": True}}, "blocked", "Must be a list"),
    ({"blocked": ["renewal", "renewal"]}, "blocked", "listed twice"),
    ({"blocked": ["holiday"]}, "blocked", '"holiday" is not one of'),
    ({"blocked": [1]}, "blocked", "a number is not one of"),
    ({"has_tam": "true"}, "has_tam", "true or false"),
    ({"has_tam": 1}, "has_tam", "true or false"),
    ({"severity": "urgent"}, "severity", "low, medium, high, critical"),
    ({"severity": "High"}, "severity", "low, medium, high, critical"),
    ({"customer": ""}, "customer", "Must not be empty"),
    ({"customer": "   "}, "customer", "Must not be empty"),
    ({"customer": "x" * 121}, "customer", "at most 120 characters (this has 121)"),
    ({"customer": "Acme\nCorp"}, "customer", "single line"),
    ({"customer": "Acme\u2028Corp"}, "customer", "single line"),
    ({"customer": "Acme\u202eproC"}, "customer", "U+202E"),
    ({"customer": "Acme\u2066Corp"}, "customer", "U+2066"),
    ({"customer": "Acme\x00"}, "customer", "control character (U+0000)"),
    ({"customer": "Acme\x7f"}, "customer", "control character (U+007F)"),
    ({"customer": "Acme\ud800"}, "customer", "lone surrogate"),
    ({"customer": 42}, "customer", "Must be text"),
    ({"ticket_url": "javascript:alert(1)"}, "ticket_url", "http:// or https://"),
    ({"ticket_url": "data:text/html,<b>x</b>"}, "ticket_url", "http:// or https://"),
    ({"ticket_url": "file:///etc/passwd"}, "ticket_url", "http:// or https://"),
    ({"ticket_url": "ftp://example.com/x"}, "ticket_url", "http:// or https://"),
    ({"ticket_url": "example.com/t/1"}, "ticket_url", "http:// or https://"),
    ({"ticket_url": "https://"}, "ticket_url", "host name"),
    ({"ticket_url": "https:///t/1"}, "ticket_url", "host name"),
    ({"ticket_url": "https:example.com"}, "ticket_url", "host name"),
    ({"ticket_url": "https://exa mple.com"}, "ticket_url", "a space"),
    ({"ticket_url": "https://example.com/<b>"}, "ticket_url", "“<”"),
    ({"ticket_url": "https://example.com:99999/"}, "ticket_url", "not a valid link"),
    ({"ticket_url": "https://[::1/"}, "ticket_url", "not a valid link"),
    ({"ticket_url": "https://example.com/\u202e"}, "ticket_url", "U+202E"),
    ({"escalation_doc_url": "http//docs.example.com"}, "escalation_doc_url", "http://"),
    ({"slack_room": "a_acme_escalation"}, "slack_room", "Must be # then 1 to 80"),
    ({"slack_room": "#Acme"}, "slack_room", "lowercase"),
    ({"slack_room": "#"}, "slack_room", "Must be # then"),
    ({"slack_room": "#" + "a" * 81}, "slack_room", "at most 81 characters"),
    ({"slack_room": "#a b"}, "slack_room", "Must be # then"),
    ({"slack_room": "#café"}, "slack_room", "Must be # then"),
    ({"next_touchpoint": "2026-11-27T16:00:00"}, "next_touchpoint", "Add the UTC offset"),
    ({"next_touchpoint": "2026-11-27"}, "next_touchpoint", "ISO 8601"),
    ({"next_touchpoint": "tomorrow 4pm"}, "next_touchpoint", "ISO 8601"),
    ({"next_touchpoint": "2026-02-30T09:00:00Z"}, "next_touchpoint", "not a real date"),
    ({"next_touchpoint": "2026-11-27T25:00:00Z"}, "next_touchpoint", "not a real date"),
    ({"next_touchpoint": "2026-11-27T16:00:00+24:00"}, "next_touchpoint", "not a real date"),
    ({"next_touchpoint": 1764255600}, "next_touchpoint", "Must be text"),
    ({"engineer": "x" * 81}, "engineer", "at most 80 characters"),
    ({"manager": ""}, "manager", "Must not be empty"),
    ({"next_engineer": "Noor\nNext"}, "next_engineer", "single line"),
    ({"next_manager": "\u2067Mia"}, "next_manager", "U+2067"),
    ({"tam": ["Tom"]}, "tam", "not a list"),
    ({"summary": "x" * 4001}, "summary", "at most 4000 characters"),
    ({"latest_update": "red \x1b[31m"}, "latest_update", "U+001B"),
    ({"tried": " \n\t "}, "tried", "blank"),
    ({"next_steps": 7}, "next_steps", "Must be text"),
    ({"blocked_detail": "x\x0c"}, "blocked_detail", "U+000C"),
    ({"custmer": "Acme"}, "custmer", 'Did you mean "customer"'),
    ({"zzz": 1}, "zzz", "Unknown answer key"),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD, ids=lambda v: str(v)[:40])
def test_each_bad_answer_is_an_error_at_its_field(
    change: dict[str, Any], field: str, message: str
) -> None:
    """The error names the field and says what is wrong, and nothing else is reported."""
    answers = {**MINIMAL, **change}
    answers = {key: value for key, value in answers.items() if value is not ...}
    errors = errors_of(answers)
    assert list(errors) == [field], errors
    assert message in errors[field]


@pytest.mark.parametrize(
    ("started_at", "message"),
    [
        ("2026-11-27T12:00:01+01:00", "after now"),
        ("2026-11-27T11:00:01Z", "after now"),
        ("2026-10-28T10:59:59Z", "more than 720 hours ago"),
        ("2026-11-27T09:00:00", "UTC offset"),
        ("27/11/2026 09:00", "ISO 8601"),
    ],
)
def test_started_at_errors(started_at: str, message: str) -> None:
    """started_at: offset required, not after now, at most 720 hours before it."""
    errors = errors_of({"started_at": started_at, "resolution_in_sight": "no"})
    assert list(errors) == ["started_at"] and message in errors["started_at"]


@pytest.mark.parametrize("now", ["2026-11-27T12:00", "noon", ""])
def test_bad_now_is_an_error_at_now(now: str) -> None:
    """A bad caller now (the CLI's --now) or answers' now: field `now`."""
    assert list(errors_of(MINIMAL, now=now)) == ["now"]
    assert list(errors_of({**MINIMAL, "now": now}, now=NOW)) == ["now"]


def test_naive_datetime_now_is_refused() -> None:
    """A Python caller's now must carry an offset too."""
    from datetime import datetime

    decision = evaluate(MINIMAL, now=datetime(2026, 11, 27, 12))
    assert [e.field for e in decision.errors] == ["now"]


@pytest.mark.parametrize("answers", [[], "answers", None, 4, [MINIMAL]])
def test_non_object_is_a_document_error(answers: object) -> None:
    """Not an object: one error about the whole document (field null)."""
    assert list(errors_of(answers)) == [None]


def test_all_errors_at_once_in_form_order() -> None:
    """Every bad field is reported in one go, in the policy's question order, unknown keys last."""
    answers = {
        "tam": "",
        "zzz": 1,
        "customer": "",
        "resolution_in_sight": "perhaps",
        "hours_running": -1,
        "severity": "urgent",
        "now": "soon",
    }
    assert list(errors_of(answers)) == [
        "now",
        "hours_running",
        "resolution_in_sight",
        "severity",
        "customer",
        "tam",
        "zzz",
    ]


@pytest.mark.parametrize(
    ("field", "value", "normalised"),
    [
        ("next_touchpoint", "2026-11-27T16:00:00Z", "Fri 27 Nov 2026, 16:00 UTC"),
        ("next_touchpoint", "2026-11-27t16:00z", "Fri 27 Nov 2026, 16:00 UTC"),
        ("next_touchpoint", "2026-11-27 16:00+0100", "Fri 27 Nov 2026, 15:00 UTC"),
        ("next_touchpoint", "2026-11-27T16:00:00.123456-03:00", "Fri 27 Nov 2026, 19:00 UTC"),
        ("customer_contact", "  Jane  ", "Hello Jane,"),
        ("customer_contact", "Ja\tne", "Hello Ja\tne,"),
        ("signature", "Dana\u200fEngineer", "Dana\u200fEngineer"),
    ],
)
def test_valid_forms_are_accepted(field: str, value: str, normalised: str) -> None:
    """Offsets in several ISO forms, trimmed names, tabs and other marks pass."""
    text = ok({**FULL, field: value}).templates["customer_update"].text
    assert normalised in text


@pytest.mark.parametrize(
    "url",
    [
        "HTTPS://EXAMPLE.COM/T/1",
        "http://example.com",
        "https://tickets.example.com:8443/a/b?c=1&d=%20#frag@x",
        "https://[2001:db8::1]/t",
        "https://例え.jp/チケット",
    ],
)
def test_valid_urls_are_accepted(url: str) -> None:
    """Any http(s) URL with a host passes and reaches the ticket comment as typed."""
    assert url in ok({**FULL, "escalation_doc_url": url}).templates["ticket_comment"].text


def test_every_control_character_but_tab_and_line_breaks_is_refused() -> None:
    """Each character of Unicode's `Cc` category, anywhere in an answer, is refused by its code
    point, except tab, line feed and carriage return; no other character is taken for one."""
    controls = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cc"}
    for char in sorted(controls):
        text = f"Acme{char}Corp"
        if char in "\t\n\r":
            assert check_string(text, single_line=False) == text
            continue
        with pytest.raises(Invalid, match=f"control character \\(U\\+{ord(char):04X}\\)"):
            check_string(text, single_line=False)
    for code in (*range(0x20, 0x3000), *range(0xE000, 0x10000, 7), 0x10FFFF):
        if chr(code) in controls:
            continue
        try:
            check_string(f"Acme{chr(code)}Corp", single_line=False)
        except Invalid as refused:
            assert "control character" not in str(refused), hex(code)


def test_free_text_line_endings_become_lf() -> None:
    """CRLF and CR in free text are kept as line breaks (LF)."""
    text = ok({**FULL, "latest_update": "one\r\ntwo\rthree"}).templates["room_update"].text
    assert "one\ntwo\nthree" in text


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ('{"hours_running": 4, "resolution_in_sight": "no", "hours_running": 5}',
         "hours_running", "more than once"),
        ('{"hours_running": NaN, "resolution_in_sight": "no"}', "hours_running", "finite"),
        ('{"hours_running": Infinity, "resolution_in_sight": "no"}', "hours_running", "finite"),
        ('{"hours_running": -Infinity, "resolution_in_sight": "no"}', "hours_running", "finite"),
        ('{"hours_running": 1e999, "resolution_in_sight": "no"}', "hours_running", "finite"),
        ('{"hours_running": 4, "resolution_in_sight": "no", "x": 1, "x": 2}', "x", "Unknown"),
        ("", None, "not valid JSON"),
        ("{", None, "not valid JSON"),
        ('{"hours_running": 4,}', None, "not valid JSON"),
        ("[1, 2]", None, "JSON object"),
        ('"text"', None, "JSON object"),
        ("null", None, "JSON object"),
        ("[" * 100000, None, "nested too deeply"),
        ('{"hours_running": ' + "9" * 5000 + "}", None, "not valid JSON"),
    ],
)  # fmt: skip
def test_evaluate_json_document_errors(text: str, field: str | None, message: str) -> None:
    """Duplicate keys, NaN/Infinity literals, broken JSON and non-objects: errors, as JSON."""
    decision = json.loads(evaluate_json(text, now=NOW))
    assert decision["recommendation"] is None
    errors = {e["field"]: e["message"] for e in decision["errors"]}
    assert field in errors and message in errors[field], errors


def test_nested_duplicate_keys_are_not_top_level_errors() -> None:
    """A repeated key inside a nested value is that value's type error, not a duplicate."""
    text = '{"hours_running": 4, "resolution_in_sight": "no", "blocked": [{"tam": 1, "tam": 2}]}'
    decision = json.loads(evaluate_json(text, now=NOW))
    assert [e["field"] for e in decision["errors"]] == ["blocked"]


def test_evaluate_json_now_and_answers_now() -> None:
    """evaluate_json's now is the CLI's --now; the answers' now overrides it."""
    answers = {"started_at": "2026-11-27T08:00:00Z", "resolution_in_sight": "no"}
    assert (
        json.loads(evaluate_json(json.dumps(answers), now="2026-11-27T10:00:00Z"))[
            "reevaluate_in_hours"
        ]
        == 1.0
    )
    answers["now"] = "2026-11-27T12:00:00Z"
    decision = json.loads(evaluate_json(json.dumps(answers), now="bad"))
    assert [e["field"] for e in decision["errors"]] == ["now"]
    decision = json.loads(evaluate_json(json.dumps(answers)))
    assert decision["recommendation"] == "escalate"


def test_both_times_given_is_reported_even_when_one_is_bad() -> None:
    """Both keys present: `started_at` says not both, and the bad hours say why they are bad."""
    errors = errors_of({"hours_running": "4", "started_at": "x", "resolution_in_sight": "no"})
    assert list(errors) == ["hours_running", "started_at"]
    assert "not both" in errors["started_at"]
