"""Hostile strings in every string answer, through evaluate_json (the path the browser takes).

For each generated answer: a value the contract refuses gives an error naming its field and no
decision; a value it allows gives a decision whose every text neutralises the value for its format
(tests/trust/escaping.py compares each text with a baseline made of plain tokens).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decision_tool import evaluate_json
from tests.trust.corpus import CORPUS, Case
from tests.trust.escaping import (
    STRING_FIELDS,
    TOKENS,
    URL_FIELDS,
    all_template_problems,
    contract_violation,
    html_problems,
    plainly_acceptable,
)

NOW = "2026-11-27T10:00:00+00:00"
# In CI the same examples every run (a red build must be reproducible); locally, new ones each run.
CI = bool(os.environ.get("CI"))
SLOW = [HealthCheck.too_slow]
BASE: dict[str, Any] = {
    "hours_running": 5,
    "resolution_in_sight": "no",
    "blocked": ["renewal"],
    "has_tam": True,
    "judgement": True,
    "severity": "high",
    "call_hours": 4,
    "next_touchpoint": "2026-11-27T15:00:00+00:00",
    **TOKENS,
}

# Pieces that mean something to Slack, Markdown, HTML, or a reader's eye.
FRAGMENTS = [
    "<",
    ">",
    "&",
    "&amp;",
    "&lt;",
    "&gt;",
    "&#42;",
    "&copy;",
    "<!here>",
    "<!channel>",
    "<!everyone>",
    "<!subteam^S1>",
    "<@U024BE7LH>",
    "<#C024BE7LR|general>",
    "@here",
    "@channel",
    "@everyone",
    "@Here",
    "@CHANNEL",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "](javascript:alert(1))",
    "[x]: https://evil.example",
    "<https://evil.example>",
    "<a@evil.example>",
    "<b>",
    "</b>",
    "<script>",
    "<!--",
    "<img src=x onerror=alert(1)>",
    "*",
    "**",
    "_",
    "__",
    "`",
    "```",
    "~~~",
    "~",
    "#",
    "# ",
    "###### ",
    "\n",
    "\n\n",
    "\n# ",
    "\n- ",
    "\n+ ",
    "\n* ",
    "\n1. ",
    "\n1) ",
    "\n> ",
    "\n>",
    "\n===",
    "\n---",
    "\n***",
    "\n    ",
    "\\",
    "\\\n",
    "  \n",
    "|",
    ":",
    "=",
    "!",
    "https://evil.example",
    "www.evil.example",
    "javascript:",
    "\u202e",
    "\u2066",
    "\u200b",
    "\u2060",
    "\ufeff",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u00ad",
    "\U000e0041",
    "\U000e0020",
    "\U000e007f",
    "\U0001f3f4",
    "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "\U0001f3f4\U000e0068\U000e0069\U000e0020\U000e0079\U000e006f\U000e0075\U000e007f",
    "\t",
    "\r\n",
    "\x07",
    "\x1b",
    "\u2028",
    "é",
    "\U0001f469\u200d\U0001f692",
    "\ufb01",
    "\uff21",
    "ß",
    " ",
    "-",
    '"',
    "'",
    # (v3) spaces and blank letters that hide a link's target; look-alike and broken hosts
    "\u00a0",
    "\u2003",
    "\u3000",
    "\u3164",
    "\u115f",
    "\u1160",
    "\uffa0",
    "\u2800",
    "https://xn--pypal-4ve.com/login",
    "https://p\u0430ypal.com/",
    "https://gitlab.example.com/@channel/p",
    "@",
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(min_size=1, max_size=3)),
    min_size=1,
    max_size=14,
).map("".join)
url_chars = "ABCxyz0123456789-._~:/?#[]@!$&'()*+,;=%"
#: (v3) Hosts shown exactly as typed: punycode stays punycode, broken punycode too.
url_hosts = ["tickets.example.com", "xn--pypal-4ve.com", "xn--a", "xn--", "xn--80ak6aa92e.com"]
#: (v3) Mentions inside a URL are part of its link: never neutralised.
url_pieces = ["@channel/project/-/issues/1", "@here", "?to=@everyone", "#@all"]
hostile_url = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}/{path}",
    st.sampled_from(["https", "http"]),
    st.sampled_from(url_hosts),
    st.lists(
        st.one_of(st.text(alphabet=url_chars, max_size=10), st.sampled_from(url_pieces)),
        max_size=5,
    ).map("".join),
)
#: (v3) Links that read as one host and go to another: userinfo, spaces and blank letters.
hidden_target = st.builds(
    lambda reads, blank, goes: f"https://{reads}{blank}@{goes}/",
    st.sampled_from(["support.example.com", "a", "good.example"]),
    st.sampled_from(["", "\u2003", "\u00a0", "\u3000", "\u3164", "\u115f", "\u1160",
                     "\uffa0", "\u2800"]),
    st.sampled_from(["evil.example", "b"]),
)  # fmt: skip
valid_room = st.from_regex(r"#[a-z0-9_-]{1,80}", fullmatch=True)


def value_for(field: str) -> st.SearchStrategy[str]:
    """Hostile values for one field: mostly free-form, with its own valid shapes mixed in."""
    if field in URL_FIELDS:
        return st.one_of(
            hostile_url,
            hidden_target,
            hostile_text,
            hostile_text.map("https://x.example.com/".__add__),
        )
    if field == "slack_room":
        return st.one_of(valid_room, hostile_text, hostile_text.map("#".__add__))
    return hostile_text


field_and_value = st.sampled_from(STRING_FIELDS).flatmap(
    lambda field: st.tuples(st.just(field), value_for(field))
)


def run(answers: dict[str, Any]) -> dict[str, Any]:
    """Evaluate answers as the browser worker does: JSON in, JSON out."""
    return json.loads(evaluate_json(json.dumps(answers), now=NOW))


BASELINE = run(BASE)


def test_baseline_escalates_with_every_text_and_uses_every_string_answer() -> None:
    """The baseline is a full escalation in which every string answer reaches some text."""
    assert BASELINE["errors"] == []
    assert BASELINE["recommendation"] == "escalate"
    assert len(BASELINE["templates"]) == 7
    texts = " ".join(template["text"] for template in BASELINE["templates"].values())
    unused = [field for field in STRING_FIELDS if TOKENS[field] not in texts]
    assert unused == [], "these answers appear in no text, so their escaping is never checked"


def formats(decision: dict[str, Any]) -> dict[str, str]:
    """Template id -> format."""
    return {tid: template["format"] for tid, template in decision["templates"].items()}


def texts(decision: dict[str, Any]) -> dict[str, str]:
    """Template id -> text."""
    return {tid: template["text"] for tid, template in decision["templates"].items()}


def assert_neutralised(decision: dict[str, Any], values: dict[str, str]) -> None:
    """No error, and every text escapes every user value for its format."""
    assert decision["errors"] == [], f"valid answers refused: {decision['errors']}"
    problems = all_template_problems(formats(BASELINE), texts(decision), texts(BASELINE), values)
    for tid, template in decision["templates"].items():
        base_html = BASELINE["templates"][tid]["html"]
        found = html_problems(template["html"], base_html, values, template["format"])
        if found:
            problems[f"{tid} (html)"] = found
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)


@settings(max_examples=400, deadline=None, derandomize=CI, suppress_health_check=SLOW)
@given(field_and_value)
def test_one_hostile_answer_is_refused_at_its_field_or_neutralised(pair: tuple[str, str]) -> None:
    """Refused with an error naming the field when the contract says so; else neutralised."""
    field, value = pair
    decision = run({**BASE, field: value})
    fields_in_error = {error["field"] for error in decision["errors"]}
    violation = contract_violation(field, value)
    if violation is not None:
        assert fields_in_error == {field}, f"{violation}: errors {decision['errors']}"
        assert decision["recommendation"] is None
        assert decision["templates"] == {}
    elif plainly_acceptable(field, value):
        assert_neutralised(decision, {field: value})
    elif decision["errors"]:
        assert fields_in_error == {field}, decision["errors"]
    else:
        assert_neutralised(decision, {field: value})


def _allowed_in(field: str) -> Callable[[str], bool]:
    """Whether a fragment can be part of a value the contract accepts for this field."""
    return lambda fragment: contract_violation(field, fragment.strip() or "x") is None


def acceptable(field: str) -> st.SearchStrategy[str]:
    """Hostile values the contract must accept for this field."""
    if field in URL_FIELDS:
        base = hostile_url
    elif field == "slack_room":
        base = valid_room
    else:
        pieces = st.one_of(
            st.sampled_from([f for f in FRAGMENTS if _allowed_in(field)(f)]),
            st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=3),
        )
        base = st.lists(pieces, min_size=1, max_size=14).map("".join).map(str.strip)
    return base.filter(lambda value: plainly_acceptable(field, value))


@settings(max_examples=150, deadline=None, derandomize=CI, suppress_health_check=SLOW)
@given(st.fixed_dictionaries({field: acceptable(field) for field in STRING_FIELDS}))
def test_every_answer_hostile_at_once(values: dict[str, str]) -> None:
    """All string answers hostile together: still no mention, link or markup from user text."""
    assert_neutralised(run({**BASE, **values}), values)


def slug(name: str) -> str:
    """The contract's slug: lowercase ASCII, accents stripped, other runs one '-', trimmed."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@settings(max_examples=200, deadline=None, derandomize=CI)
@given(acceptable("customer"))
def test_suggested_room_from_a_hostile_customer_is_a_valid_room(customer: str) -> None:
    """No room given: a valid room suggested from the name, or none and a warning."""
    answers = {key: value for key, value in BASE.items() if key != "slack_room"}
    decision = run({**answers, "customer": customer})
    assert decision["errors"] == []
    room = decision["slack_room"]
    if room is None:
        assert not re.search(r"[a-z0-9]", slug(customer)), f"no room for {customer!r}"
        assert "slack_room" in {warning["field"] for warning in decision["warnings"]}
        return
    match = re.fullmatch(r"#a_([a-z0-9-]+)_escalation", room)
    assert match, room
    assert len(room) - 1 <= 80
    part = match[1]
    assert not part.startswith("-") and not part.endswith("-") and "--" not in part
    if customer.isascii():
        assert slug(customer).startswith(part), (customer, room)
    for template in decision["templates"].values():
        if template["audience"] == "public":
            assert room not in template["text"], "a public text names the internal room"


@settings(max_examples=150, deadline=None, derandomize=CI)
@given(
    st.dictionaries(
        hostile_text.filter(lambda key: key not in BASE and key != "now"),
        st.one_of(hostile_text, st.integers(), st.none(), st.lists(hostile_text, max_size=3)),
        min_size=1,
        max_size=3,
    )
)
def test_hostile_keys_are_errors_not_crashes(extra: dict[str, Any]) -> None:
    """Unknown (hostile) keys: an error each, no decision, no exception."""
    decision = run({**BASE, **extra})
    assert decision["recommendation"] is None
    assert decision["templates"] == {}
    assert len(decision["errors"]) >= len(extra)
    for error in decision["errors"]:
        assert isinstance(error["message"], str) and error["message"]


STRING_CASES = [case for case in CORPUS if case.field in STRING_FIELDS]


@pytest.mark.parametrize("case", STRING_CASES, ids=[case.id[:60] for case in STRING_CASES])
def test_corpus_in_cpython(case: Case) -> None:
    """The browser corpus's string cases give the same verdicts in CPython."""
    decision = run({**BASE, case.field: case.value})
    if case.error is not None:
        assert {error["field"] for error in decision["errors"]} == {case.error}
        assert decision["recommendation"] is None
    else:
        assert_neutralised(decision, {case.field: case.value})
