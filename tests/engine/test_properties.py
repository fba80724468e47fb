"""Properties over generated input: never an exception, always valid JSON, texts never empty."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decision_tool import contract, evaluate, evaluate_json
from decision_tool.engine import INTERNAL_ERROR
from decision_tool.policy import load_policy
from tests.engine.helpers import NOW

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)

names = st.text(min_size=1, max_size=90)
times = st.one_of(
    st.datetimes().map(lambda moment: moment.isoformat() + "+01:00"),
    st.sampled_from(["2026-11-27T09:00:00Z", "2026-11-27T16:00:00-05:00", "2026-11-27T09:00"]),
    st.text(max_size=30),
)
numbers = st.one_of(
    st.floats(min_value=-1, max_value=800, allow_nan=False), st.integers(-5, 1000), st.booleans()
)
VALUES: dict[str, st.SearchStrategy[Any]] = {
    "hours_running": numbers,
    "call_hours": numbers,
    "started_at": times,
    "now": times,
    "next_touchpoint": times,
    "resolution_in_sight": st.sampled_from(["yes", "no", "unsure", "maybe", ""]),
    "blocked": st.lists(
        st.sampled_from(["renewal", "migration", "other_initiative", "x"]), max_size=3
    ),
    "has_tam": st.one_of(st.booleans(), st.none()),
    "severity": st.sampled_from(["low", "medium", "high", "critical", "urgent"]),
    "customer": names,
    "slack_room": st.one_of(st.from_regex(r"#[a-z0-9_-]{1,80}", fullmatch=True), names),
    "ticket_url": st.one_of(st.just("https://t.example.com/1"), names),
    "escalation_doc_url": st.one_of(st.just("http://d.example.com/x?a=1&b=<2>"), names),
    **dict.fromkeys(("engineer", "manager", "next_engineer", "next_manager", "tam"), names),
    **dict.fromkeys(("summary", "latest_update", "tried", "next_steps", "blocked_detail"),
                    st.text(min_size=1, max_size=200)),
}  # fmt: skip
valid_ish = st.fixed_dictionaries(
    {"resolution_in_sight": st.sampled_from(["yes", "no", "unsure"])},
    optional={key: strategy for key, strategy in VALUES.items() if key != "resolution_in_sight"},
)


# Refused in every field (contract v2): U+200B, U+2060, U+FEFF and the tag characters.
INVISIBLE = "".join(map(chr, (0x200B, 0x2060, 0xFEFF, *range(0xE0000, 0xE0080))))
line_chars = st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
    blacklist_characters="".join(map(chr, (*range(0x202A, 0x202F), *range(0x2066, 0x206A))))
    + INVISIBLE,
)
text_chars = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters=INVISIBLE
) | st.sampled_from("\n\r\t")


def line(max_size: int) -> st.SearchStrategy[str]:
    """A valid single-line answer."""
    return st.text(line_chars, min_size=1, max_size=max_size).filter(str.strip)


offsets = st.sampled_from(["Z", "+01:00", "-05:30", "+0545", "+14:00"])
moments = st.builds(
    lambda moment, offset: moment.replace(microsecond=0).isoformat() + offset,
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    offsets,
)
url_paths = st.text(alphabet="abcXYZ019-._~:/?#[]@!$&'()*+,;=%", max_size=30)
VALID: dict[str, st.SearchStrategy[Any]] = {
    "call_hours": st.floats(0, 72) | st.integers(0, 72),
    "next_touchpoint": moments,
    "blocked": st.lists(
        st.sampled_from(["renewal", "migration", "other_initiative"]), unique=True
    ),
    "has_tam": st.booleans(),
    "severity": st.sampled_from(["low", "medium", "high", "critical"]),
    "customer": line(120),
    "slack_room": st.from_regex(r"#[a-z0-9_-]{1,80}", fullmatch=True),
    "ticket_url": url_paths.map("https://tickets.example.com/".__add__),
    "escalation_doc_url": url_paths.map("http://docs.example.com:8080/".__add__),
    **dict.fromkeys(("engineer", "manager", "next_engineer", "next_manager", "tam"), line(80)),
    **dict.fromkeys(("summary", "latest_update", "tried", "next_steps", "blocked_detail"),
                    st.lists(text_chars, min_size=1, max_size=300).map("".join).filter(str.strip)),
}  # fmt: skip
valid = st.fixed_dictionaries(
    {
        "resolution_in_sight": st.sampled_from(["yes", "no", "unsure"]),
        "hours_running": st.floats(0, 720) | st.integers(0, 720),
    },
    optional=VALID,
)


def check_shape(decision: dict[str, Any]) -> None:
    """The decision is one of the contract's two shapes, and no internal error."""
    assert list(decision) == [
        "recommendation", "headline", "reasons", "reevaluate_in_hours", "severity", "slack_room",
        "steps", "templates", "moments", "record", "warnings", "errors",
    ]  # fmt: skip
    assert all(e["message"] and INTERNAL_ERROR not in e["message"] for e in decision["errors"])
    if decision["errors"]:
        assert decision["recommendation"] is None and decision["templates"] == {}
        assert decision["headline"] is None
        assert decision["steps"] == decision["reasons"] == decision["warnings"] == []
        assert decision["moments"] == []
        return
    assert decision["recommendation"] in ("escalate", "continue")
    expected = (
        contract.TEMPLATE_IDS
        if decision["recommendation"] == "escalate"
        else (contract.CONTINUE_TEMPLATES)
    )
    assert tuple(decision["templates"]) == expected
    for template in decision["templates"].values():
        assert template["text"].strip()
    warned = [w["field"] for w in decision["warnings"]]
    assert len(warned) == len(set(warned))


@SETTINGS
@given(json_values)
def test_any_json_value_gives_errors_or_a_decision(value: Any) -> None:
    """Any JSON value at all: a decision or errors, never an exception."""
    decision = evaluate(value, now=NOW).to_dict()
    check_shape(decision)
    json.dumps(decision, ensure_ascii=False).encode("utf-8")


@SETTINGS
@given(valid)
def test_valid_answers_always_decide_with_every_text(answers: dict[str, Any]) -> None:
    """Every valid input is accepted and yields a non-empty text for every template it lists."""
    decision = json.loads(evaluate_json(json.dumps(answers), now=NOW))
    assert decision["errors"] == []
    check_shape(decision)
    texts = " ".join(t["text"] for t in decision["templates"].values())
    policy = load_policy()
    for warning in decision["warnings"]:
        if warning["field"] == "next_touchpoint" and "next_touchpoint" in answers:
            # Time (v2): a given touch-point warns only when it is already past.
            overdue = [m["overdue"] for m in decision["moments"] if m["id"] == "next_touchpoint"]
            assert overdue == [True]
            continue
        assert warning["field"] not in answers
        if warning["field"] != "slack_room":
            assert f"[{policy.question(warning['field']).short}]" in texts


@SETTINGS
@given(valid, moments)
def test_valid_started_at_decides_or_names_started_at(answers: dict[str, Any], start: str) -> None:
    """started_at instead of hours: a decision, or an error at started_at (future/too old)."""
    answers = {key: value for key, value in answers.items() if key != "hours_running"}
    answers["started_at"] = start
    decision = json.loads(evaluate_json(json.dumps(answers), now=NOW))
    check_shape(decision)
    assert [e["field"] for e in decision["errors"]] in ([], ["started_at"])


@SETTINGS
@given(valid_ish)
def test_valid_ish_answers_give_errors_or_a_complete_decision(answers: dict[str, Any]) -> None:
    """Answers close to valid: every listed text is non-empty; output is valid UTF-8 JSON."""
    text = evaluate_json(json.dumps(answers), now=NOW)
    decision = json.loads(text)
    check_shape(decision)
    text.encode("utf-8")
    assert evaluate(answers, now=NOW).to_dict() == decision


@SETTINGS
@given(st.text(max_size=200))
def test_evaluate_json_on_any_text_is_valid_json(text: str) -> None:
    """Any text through evaluate_json: valid JSON with the contract's keys."""
    check_shape(json.loads(evaluate_json(text, now=NOW)))


@SETTINGS
@given(
    st.dictionaries(st.sampled_from(sorted(VALUES)), json_values, max_size=6),
    st.one_of(st.none(), st.text(max_size=30)),
)
def test_wrong_types_anywhere_never_raise(answers: dict[str, Any], now: str | None) -> None:
    """Contract keys with arbitrary JSON values, and any --now: never an exception."""
    check_shape(json.loads(evaluate_json(json.dumps(answers), now=now)))


TEXT_KEYS = ("customer", "engineer", "tam", "summary", "tried", "ticket_url", "next_touchpoint")


@SETTINGS
@given(valid, st.data())
def test_an_invisible_character_anywhere_is_an_error_at_its_field(
    answers: dict[str, Any], data: st.DataObject
) -> None:
    """U+200B, U+2060, U+FEFF or a lone tag character put anywhere in a valid answer: an
    error at that field naming its code point (and never the character itself)."""
    key = data.draw(st.sampled_from(TEXT_KEYS))
    value = data.draw(VALID[key])
    char = data.draw(st.sampled_from(INVISIBLE))
    where = data.draw(st.integers(min_value=0, max_value=len(value)))
    answers[key] = value[:where] + char + value[where:]
    decision = json.loads(evaluate_json(json.dumps(answers), now=NOW))
    check_shape(decision)
    assert [error["field"] for error in decision["errors"]] == [key]
    message = decision["errors"][0]["message"]
    assert f"U+{ord(char):04X}" in message and char not in message
