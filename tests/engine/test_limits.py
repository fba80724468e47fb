"""Document limits (issue 13, points 4 and 8): size and depth refused before parsing; unknown keys
listed for the first 20, then counted."""

from __future__ import annotations

import inspect
import json
import sys
from typing import Any

import pytest

from decision_tool import evaluate, evaluate_json
from decision_tool.limits import MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_UNKNOWN_KEYS_LISTED
from tests.engine.helpers import MINIMAL, NOW

HEAD = '{"hours_running": 4, "resolution_in_sight": "no", '


def decide(text: str) -> dict[str, Any]:
    """evaluate_json's decision for a JSON text (at NOW)."""
    return json.loads(evaluate_json(text, now=NOW))


def document_error(text: str) -> str:
    """The one document error (field null) a refused text gets; its message."""
    decision = decide(text)
    assert decision["recommendation"] is None and decision["templates"] == {}
    assert [error["field"] for error in decision["errors"]] == [None], decision["errors"]
    return decision["errors"][0]["message"]


def nested(levels: int) -> str:
    """Answers whose `summary` is lists nested so that the document has `levels` levels."""
    inner = levels - 1  # the answers object is the first level
    return HEAD + '"summary": ' + "[" * inner + "]" * inner + "}"


def test_the_red_team_payload_2900_lists_in_summary_is_a_document_error() -> None:
    """2,900 nested `[` inside summary (fatal in Pyodide): refused as too deep, field null."""
    assert "nested too deeply" in document_error(nested(2901))


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        '{"summary": ' + "[" * 100_000,
        '{"summary": ' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}",
        "[" * 33 + '"' + "]" * 40,
    ],
    ids=["unclosed-lists", "unclosed-in-summary", "nested-objects", "unclosed-string-inside"],
)
def test_deep_documents_are_refused_before_parsing(text: str) -> None:
    """Deep lists, deep objects, unclosed brackets: refused as too deep, never parsed."""
    assert "nested too deeply" in document_error(text)


def test_depth_is_counted_without_recursion() -> None:
    """With room for only 60 more Python frames, a deep document still gets the depth error
    (the check loops; it does not parse and catch RecursionError)."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 60)
    try:
        message = json.loads(evaluate_json(nested(100_000)))["errors"][0]["message"]
    finally:
        sys.setrecursionlimit(limit)
    assert "nested too deeply" in message


def test_32_levels_are_parsed_and_33_are_not() -> None:
    """The limit is 32 levels, the answers object included."""
    assert MAX_DEPTH == 32
    at_limit = decide(nested(32))
    assert [error["field"] for error in at_limit["errors"]] == ["summary"]
    assert "nested too deeply" in document_error(nested(33))


@pytest.mark.parametrize(
    "value",
    ["[" * 3000, "]" * 1000 + "{" * 1000, '\\"' + "[" * 100, "\\\\" + "{" * 100, "a\\u005b" * 50],
    ids=["brackets", "closing-first", "escaped-quote", "escaped-backslash", "unicode-escape"],
)
def test_brackets_inside_strings_do_not_count(value: str) -> None:
    """Brackets in a string are text, even after escaped quotes and backslashes."""
    text = HEAD + '"summary": "' + value + '"}'
    decision = decide(text)
    assert decision["errors"] == [], decision["errors"]
    assert decision["recommendation"] == "escalate"


def test_a_string_ending_in_an_escaped_backslash_does_not_hide_nesting() -> None:
    """`"x\\\\"` ends its string: the lists after it count."""
    text = HEAD + '"customer": "x\\\\", "blocked": ' + "[" * 40 + "]" * 40 + "}"
    assert "nested too deeply" in document_error(text)


def test_over_one_megabyte_is_refused_before_parsing() -> None:
    """A document of 1,000,001 bytes is refused with its size; one of 1,000,000 is read."""
    assert MAX_DOCUMENT_BYTES == 1_000_000
    padding = MAX_DOCUMENT_BYTES - len(HEAD) - len('"summary": ""}')
    at_limit = HEAD + '"summary": "' + "a" * padding + '"}'
    assert len(at_limit.encode()) == MAX_DOCUMENT_BYTES
    errors = decide(at_limit)["errors"]
    assert [error["field"] for error in errors] == ["summary"]  # too long for the field
    over = HEAD + '"summary": "' + "a" * (padding + 1) + '"}'
    message = document_error(over)
    assert "too large" in message and "1,000,000 bytes" in message and "1,000,001" in message


def test_size_is_counted_in_utf8_bytes_not_characters() -> None:
    """600,000 "é" are 1.2 MB of UTF-8: refused, though under a million characters."""
    text = HEAD + '"summary": "' + "é" * 600_000 + '"}'
    assert len(text) < MAX_DOCUMENT_BYTES
    assert "too large" in document_error(text)


def test_a_document_with_lone_surrogates_is_measured_without_error() -> None:
    """Lone surrogates (possible in text from JavaScript) are counted, not a crash."""
    text = HEAD + '"summary": "' + "\ud800" * 400_000 + '"}'
    assert "too large" in document_error(text)


def unknown(count: int) -> dict[str, Any]:
    """Minimal answers plus `count` unknown keys."""
    return {**MINIMAL, **{f"extra_{number}": number for number in range(count)}}


@pytest.mark.parametrize("count", [1, 19, 20])
def test_up_to_20_unknown_keys_are_each_one_error(count: int) -> None:
    """Each unknown key is an error at its own name, and nothing is counted."""
    errors = evaluate(unknown(count), now=NOW).errors
    assert [issue.field for issue in errors] == [f"extra_{n}" for n in range(count)]


@pytest.mark.parametrize(
    ("count", "rest"),
    [
        (21, "1 more unknown answer key,"),
        (25, "5 more unknown answer keys"),
        (100_000, "99,980 more unknown answer keys"),
    ],
)
def test_unknown_keys_past_20_are_counted_in_one_document_error(count: int, rest: str) -> None:
    """The first 20 unknown keys each get an error; one more error (field null) counts the rest."""
    errors = evaluate(unknown(count), now=NOW).errors
    assert len(errors) == MAX_UNKNOWN_KEYS_LISTED + 1 == 21
    assert [issue.field for issue in errors[:20]] == [f"extra_{n}" for n in range(20)]
    assert errors[20].field is None and rest in errors[20].message


def test_many_unknown_keys_in_json_with_other_errors() -> None:
    """60,000 unknown keys in a JSON text under 1 MB: field errors first, then 20 keys, then
    the count; close names still get their suggestion."""
    extra = {f"k{number}": 0 for number in range(60_000)}
    text = json.dumps({"hours_running": "x", "custmer": "Acme", **extra}, separators=(",", ":"))
    assert len(text) < MAX_DOCUMENT_BYTES
    errors = decide(text)["errors"]
    fields = [error["field"] for error in errors]
    assert fields[:3] == ["hours_running", "resolution_in_sight", "custmer"]
    assert 'Did you mean "customer"' in errors[2]["message"]
    assert fields[3:-1] == [f"k{n}" for n in range(19)]
    assert fields[-1] is None and "59,981 more unknown answer keys" in errors[-1]["message"]


def test_many_repeated_unknown_keys_are_reported_like_unknown_keys() -> None:
    """30,000 unknown keys, each given twice: 20 errors and a count, like unknown keys once."""
    pairs = ",".join(f'"k{n}": 0, "k{n}": 1' for n in range(30_000))
    errors = decide(HEAD + pairs + "}")["errors"]
    assert len(errors) == 21
    assert errors[-1]["field"] is None and "29,980 more" in errors[-1]["message"]
