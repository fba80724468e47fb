"""The page's clock is the only clock (contract v3): with `drop_now`, the bridge's option, a `now`
key in the answers' text is dropped after the text is parsed as written; the CLI keeps it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from decision_tool import calendar_json, evaluate_json
from tests.engine.helpers import NOW

# Started 9 h before NOW; the link's `now` says 8 h before NOW: one hour in, at its frozen clock.
STARTED = "2026-11-27T02:00:00+00:00"
FROZEN = "2026-11-27T03:00:00+00:00"
FROZEN_TEXT = f'{{"started_at":"{STARTED}","resolution_in_sight":"no","now":"{FROZEN}"}}'
WITHOUT_NOW = f'{{"started_at":"{STARTED}","resolution_in_sight":"no"}}'


def decided(text: str, **kwargs: Any) -> dict[str, Any]:
    """The decision for a JSON text, at NOW unless given."""
    return json.loads(evaluate_json(text, **{"now": NOW, **kwargs}))


def test_a_frozen_now_in_the_text_is_dropped_for_the_pages_clock() -> None:
    """The link's `now` is ignored: the page's now counts 9 hours, so escalate; the decision is
    the one for the same text without `now`."""
    assert decided(FROZEN_TEXT)["recommendation"] == "continue"  # the CLI: the answers' now wins
    page = decided(FROZEN_TEXT, drop_now=True)
    assert page["recommendation"] == "escalate", page["errors"]
    assert page == decided(WITHOUT_NOW)


@pytest.mark.parametrize(
    "now_value",
    ['"2026-11-27T03:00:00+00:00","now":"2026-11-27T03:00:00+00:00"', "5", "1e400", '"soon"'],
    ids=["given twice", "a number", "1e400", "not a time"],
)
def test_any_now_in_the_text_is_dropped_without_an_error(now_value: str) -> None:
    """Repeated, of the wrong type, infinite: the dropped `now` is never an error at `now`."""
    text = f'{{"started_at":"{STARTED}","now":{now_value},"resolution_in_sight":"no"}}'
    assert decided(text)["errors"]  # the CLI refuses each of these
    page = decided(text, drop_now=True)
    assert page["errors"] == []
    assert page["recommendation"] == "escalate"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('{"hours_running":1,"resolution_in_sight":"no","hours_running":5}', "hours_running"),
        ('{"hours_running":1e400,"resolution_in_sight":"no"}', "hours_running"),
        ('{"hours_running":"4","resolution_in_sight":"no"}', "hours_running"),
        ('{"hours_running":4,"resolution_in_sight":NaN}', "resolution_in_sight"),
    ],
    ids=["duplicate key", "1e400", "hours as text", "NaN"],
)
def test_the_rest_of_the_text_keeps_the_clis_verdict(text: str, field: str) -> None:
    """Dropped after parsing, not re-serialised: a duplicate key, 1e400, "4" and NaN are still the
    errors the CLI gives for the same text without `now`."""
    page = decided(text.replace("{", '{"now":"x",', 1), drop_now=True)
    assert page == decided(text)
    assert field in [error["field"] for error in page["errors"]]


def test_documents_that_are_not_objects_are_unchanged() -> None:
    """Not JSON, or not an object: the same document error with or without the option."""
    for text in ("not json", '["now"]', '"now"', "{"):
        assert decided(text, drop_now=True) == decided(text)


def test_the_calendar_drops_the_frozen_now_too() -> None:
    """The page's calendar file comes from the same text at the page's now: the link's `now`
    changes nothing in it."""
    text = FROZEN_TEXT.replace("}", ',"next_touchpoint":"2026-11-27T15:00:00+00:00"}')
    plain = WITHOUT_NOW.replace("}", ',"next_touchpoint":"2026-11-27T15:00:00+00:00"}')
    page = json.loads(calendar_json(text, now=NOW, drop_now=True))
    assert page["errors"] == []
    assert page == json.loads(calendar_json(plain, now=NOW))
    assert page != json.loads(calendar_json(text, now=NOW))
