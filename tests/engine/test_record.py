"""(v3) The `record` answer: its limits, a clear error at the entry at fault, time order."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from importlib import resources
from typing import Any

import pytest

from decision_tool import evaluate_json
from decision_tool.decide import decide
from decision_tool.model import Issue
from decision_tool.policy import PolicyError, parse_policy
from decision_tool.validate import validate
from tests.engine.helpers import FULL, NOW, errors_of, ok


def entry(at: str = "2026-11-27T09:00:00+01:00", kind: str = "note", text: str = "x") -> dict:
    """One record entry."""
    return {"at": at, "kind": kind, "text": text}


def record_error(record: Any) -> str:
    """The one error of answers with this record: at the field `record`."""
    errors = errors_of({**FULL, "record": record})
    assert list(errors) == ["record"], errors
    return errors["record"]


def test_a_valid_record_comes_back_in_time_order_with_its_offsets() -> None:
    """Entries typed in any offset and any order come back sorted by the moment they name;
    entries at the same moment keep the order they were given in."""
    given = [
        entry("2026-11-27T10:30:00+01:00", "note", "third"),
        entry("2026-11-27T08:00:00Z", "stage", "first"),
        entry("2026-11-27T04:30:00-05:00", "posted", "fourth (same moment, given later)"),
        entry("2026-11-27T09:15:00+01:00", "touchpoint", "second"),
    ]
    # 04:30 at -05:00 is 09:30 UTC, as is 10:30 at +01:00: given first, it stays first.
    record = ok({**FULL, "record": given}).to_dict()["record"]
    texts = [e["text"] for e in record]
    assert texts == ["first", "second", "third", "fourth (same moment, given later)"]
    assert record[0] == {"at": "2026-11-27T08:00:00+00:00", "kind": "stage", "text": "first"}
    assert record[2]["at"] == "2026-11-27T10:30:00+01:00"


def test_no_record_is_an_empty_list_and_errors_leave_it_empty() -> None:
    """Without a record the decision's record is `[]`; with errors too."""
    assert ok(FULL).to_dict()["record"] == []
    bad = json.loads(evaluate_json(json.dumps({**FULL, "severity": "x", "record": [entry()]})))
    assert bad["record"] == [] and bad["recommendation"] is None


def test_500_entries_pass_and_501_are_an_error_that_counts_them() -> None:
    """At most 500 entries."""
    many = [entry(f"2026-11-27T0{n % 10}:{n % 60:02d}:00Z", text=f"n{n}") for n in range(501)]
    assert len(ok({**FULL, "record": many[:500]}).record) == 500
    assert record_error(many) == "Must have at most 500 entries (this has 501)."


def test_a_text_of_1000_characters_passes_and_1001_names_the_entry() -> None:
    """Each text is 1..1000 characters; the error names the entry, counted from 1."""
    assert ok({**FULL, "record": [entry(text="a" * 1000)]}).record[0].text == "a" * 1000
    message = record_error([entry(), entry(), entry(text="a" * 1001)])
    assert message == "Record entry 3: text: Must be at most 1000 characters (this has 1001)."


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            entry(kind="comment"),
            "Record entry 2: kind: Must be one of: stage, posted, touchpoint, handover, note.",
        ),
        (
            entry(kind=None),
            "Record entry 2: kind: Must be one of: stage, posted, touchpoint, handover, note.",
        ),
        (
            entry(text="   "),
            "Record entry 2: text: Is blank: write something, or leave the answer out.",
        ),
        (entry(text=5), "Record entry 2: text: Must be text, not a number."),
        (
            entry(text="a\x07b"),
            "Record entry 2: text: Contains a control character (U+0007); remove it.",
        ),
        (
            {"at": "2026-11-27T09:00:00Z", "kind": "note"},
            "Record entry 2: text: Missing; an entry has at, kind and text.",
        ),
        (
            {**entry(), "by": "me"},
            'Record entry 2: Unknown key "by": an entry has only at, kind and text.',
        ),
        ("a note", "Record entry 2: Must be an object with at, kind and text, not text."),
        ([], "Record entry 2: Must be an object with at, kind and text, not a list."),
    ],
)
def test_a_bad_entry_is_an_error_at_record_naming_the_entry_and_its_key(
    bad: Any, message: str
) -> None:
    """Kind outside the list, blank or non-text text, a missing or unknown key, not an object."""
    assert record_error([entry(), bad]) == message


@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("9999-01-01T00:00:00Z", "The year must be from 1970 to 9998, not 9999: check the date."),
        ("1969-12-31T23:00:00Z", "The year must be from 1970 to 9998, not 1969: check the date."),
        ("2026-11-27T09:00:00", "Add the UTC offset (like +01:00, or Z for UTC)"),
        ("yesterday", "Must be an ISO 8601 date and time with a UTC offset"),
        ("2026-02-30T09:00:00Z", "Is not a real date and time"),
    ],
)
def test_a_bad_at_names_the_entry(at: str, message: str) -> None:
    """`at`: ISO 8601 with an offset, years 1970 to 9998 (the rule of every typed date)."""
    assert record_error([entry(at=at)]).startswith(f"Record entry 1: at: {message}")


def test_several_bad_entries_name_the_first_and_count_the_others() -> None:
    """One error at `record`: the first bad entry described, the rest counted."""
    message = record_error([entry(kind="x"), entry(), entry(text=""), entry(at="x")])
    assert message.startswith("Record entry 1: kind: ")
    assert message.endswith("(And 2 more entries with a problem.)")


@pytest.mark.parametrize("record", [{"at": "x"}, "notes", 3, None, True])
def test_a_record_that_is_not_a_list_is_an_error(record: Any) -> None:
    """The record is a list of entries."""
    assert record_error(record).startswith("Must be a list of entries with at, kind and text")


def test_a_key_repeated_inside_an_entry_is_an_error() -> None:
    """Duplicate keys are errors (contract), in a record entry too: the JSON text says which."""
    repeated = '[{"at": "2026-11-27T09:00:00Z", "kind": "note", "text": "a", "text": "b"}]'
    text = json.dumps({**FULL, "record": []}).replace('"record": []', f'"record": {repeated}')
    decision = json.loads(evaluate_json(text, now=NOW))
    assert decision["errors"] == [
        {
            "field": "record",
            "message": 'Record entry 1: "text" is given more than once: give each key once.',
        }
    ]


def test_record_errors_come_after_the_questions_and_the_cli_prints_them_at_record() -> None:
    """The CLI: exit 2, `record: Record entry 1: ...` on standard error, never a traceback."""
    answers = {**FULL, "severity": "huge", "record": [entry(at="9999-12-31T23:59:00Z")]}
    errors = errors_of(answers)
    assert list(errors) == ["severity", "record"]
    result = subprocess.run(
        [sys.executable, "-m", "decision_tool", "evaluate", "--now", NOW],
        input=json.dumps(answers),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert (
        "record: Record entry 1: at: The year must be from 1970 to 9998, not 9999" in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_the_stage_is_one_of_four_or_an_error() -> None:
    """`stage`: emergency, touch_base, open or closed; anything else is an error at `stage`."""
    for stage in ("emergency", "touch_base", "open", "closed"):
        ok({**FULL, "stage": stage})
    for bad in ("Open", "escalated", "", None, 2):
        assert errors_of({**FULL, "stage": bad}) == {
            "stage": "Must be one of: emergency, touch_base, open, closed."
        }


def raw_policy() -> dict[str, Any]:
    """The package's policy as parsed TOML (a fresh copy)."""
    text = resources.files("decision_tool").joinpath("policy.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def test_the_limits_and_the_names_of_the_record_come_from_the_policy() -> None:
    """One rule, one place: `[record]` sets the limits and the kinds' names in the timeline."""
    data = raw_policy()
    data["record"].update(max_entries=2, text_length=5)
    data["record"]["kinds"]["note"] = "Remark"
    policy = parse_policy(data)
    answers = validate({**FULL, "stage": "open", "record": [entry(text="hello")]}, policy, NOW)
    assert not isinstance(answers, list), answers
    timeline = decide(answers, policy).templates["timeline"].text
    assert timeline.endswith("| Fri 27 Nov 2026, 08:00 UTC | Remark: hello |")
    too_many = validate({**FULL, "record": [entry()] * 3}, policy, NOW)
    assert too_many == [Issue("record", "Must have at most 2 entries (this has 3).")]
    too_long = validate({**FULL, "record": [entry(text="123456")]}, policy, NOW)
    assert too_long == [
        Issue("record", "Record entry 1: text: Must be at most 5 characters (this has 6).")
    ]


def test_a_broken_record_table_names_every_problem() -> None:
    """A missing kind's name, a limit that is not a positive integer, an unknown key."""
    data = raw_policy()
    del data["record"]["kinds"]["note"]
    data["record"]["max_entries"] = 0
    data["record"]["colour"] = "red"
    with pytest.raises(PolicyError) as caught:
        parse_policy(data)
    for problem in ("record.kinds.note: missing", "record.max_entries: must be a positive",
                    "record.colour: unknown key"):  # fmt: skip
        assert problem in str(caught.value)


def test_the_texts_that_start_a_stage_come_from_the_policy() -> None:
    """`[record.starts]` names contract templates and stages; the page is written from it."""
    assert parse_policy(raw_policy()).record.starts["managers_touch_base"] == "touch_base"
    data = raw_policy()
    data["record"]["starts"] = {"managers_touch_base": "later", "tweet": "open"}
    with pytest.raises(PolicyError) as caught:
        parse_policy(data)
    for problem in ("record.starts.managers_touch_base: must be one of emergency",
                    "record.starts.tweet: names no template"):  # fmt: skip
        assert problem in str(caught.value)
