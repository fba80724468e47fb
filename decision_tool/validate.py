"""Answers in, normalised answers or every error (one per field, in form order) out."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from decision_tool import checks, contract, invisible, limits, record, timezones, urls
from decision_tool.checks import Invalid
from decision_tool.humanize import number
from decision_tool.model import Issue
from decision_tool.policy import Policy


@dataclass(frozen=True, slots=True)
class Answers:
    """Valid, normalised answers: absent optional answers are None (or their default)."""

    hours: float | None
    now: datetime
    resolution_in_sight: str | None
    blocked: tuple[str, ...] = ()
    has_tam: bool = False
    severity: str | None = None
    call_hours: float | None = None
    next_touchpoint: datetime | None = None
    given: Mapping[str, Any] = field(default_factory=dict)
    #: (v3) The handbook questions left unanswered because another reason is enough.
    unanswered: tuple[str, ...] = ()

    def get(self, key: str) -> Any:
        """A given answer's normalised value, or None when absent."""
        return self.given.get(key)


def _checker(key: str, policy: Policy) -> Callable[[Any], Any]:
    """The value check for one answer key, with the bounds and length of its question."""
    if key == "stage":
        return lambda value: checks.check_choice(value, contract.STAGES)
    if key == "record":
        return lambda value: record.check_record(value, policy.record)
    kind, question = contract.KEY_TYPES[key], policy.question(key)
    low, high, length = question.min, question.max, question.max_length
    if kind == "number":
        return lambda value: checks.check_number(value, low, high)
    if kind == "datetime":
        return checks.check_datetime
    if kind == "choice":
        return lambda value: checks.check_choice(value, contract.CHOICE_VALUES[key])
    if kind == "choices":
        return lambda value: checks.check_choices(value, contract.CHOICE_VALUES[key])
    if kind == "boolean":
        return checks.check_bool
    if kind == "judgement":
        return checks.check_judgement
    if kind == "url":
        return lambda value: urls.check_url(value, length)
    if kind == "room":
        pattern = policy.channels.room_pattern
        return lambda value: checks.check_room(value, length - 1, pattern)
    if kind == "text":
        return lambda value: checks.check_text(value, length)
    if kind == "timezone":
        return lambda value: timezones.check_timezone(value, policy.time.zone_names)
    return lambda value: checks.check_line(value, length)


def _unknown_key(key: object) -> Issue:
    """The error for a key the contract does not know, with a suggestion when one is close."""
    name = key if isinstance(key, str) else repr(key)
    name = invisible.visible(name)[:100]
    close = difflib.get_close_matches(name, contract.ANSWER_KEYS, n=1)
    hint = f' Did you mean "{close[0]}"?' if close else ""
    return Issue(name, f"Unknown answer key: it is not one of the questions.{hint}")


def _resolve_now(answers: Mapping[str, Any], now: datetime | str | None) -> datetime:
    """The moment `started_at` counts to: the answers' `now`, else the caller's, else the clock.

    A bad caller's now (the CLI's --now) is an error even when the answers override it.
    """
    if isinstance(now, str):
        now = checks.check_datetime(now)
    elif isinstance(now, datetime) and now.utcoffset() is None:
        raise Invalid("Must have a UTC offset.")
    elif isinstance(now, datetime):
        checks.check_year(now.year)
    elif now is not None and not isinstance(now, datetime):
        raise Invalid(f"Must be a date and time, not {checks.describe(now)}.")
    if "now" in answers:
        return checks.check_datetime(answers["now"])
    return now or datetime.now(UTC)


def either_is_enough(values: Mapping[str, Any]) -> bool:
    """(v3) True when a blocked outside factor or the judgement "escalate" calls for an
    escalation alone: the hours and the resolution in sight are then not required."""
    return bool(values.get("blocked")) or values.get("judgement") in (True, "escalate")


def _hours(
    given: Mapping[str, Any],
    values: dict[str, Any],
    errors: dict[str, str],
    now: datetime | None,
    policy: Policy,
    required: bool = True,
) -> float | None:
    """Hours the emergency has run: given, or counted from `started_at` to now."""
    hours_key, start_key = contract.EITHER
    has_hours, has_start = hours_key in given, start_key in given
    if has_hours and has_start:
        errors[start_key] = "Give either the start time or the hours running, not both."
        return None
    if not has_hours and not has_start:
        if required:
            errors[hours_key] = (
                "Required: how many hours has the emergency run? (Or give when it started.)"
            )
        return None
    if contract.HOURS_AS_OF in given and not has_hours:
        errors[contract.HOURS_AS_OF] = (
            "Dates the hours running: give it with hours_running, not without it."
        )
        return None
    if has_hours:
        return _hours_at_now(values, errors, now, policy)
    if now is None or start_key not in values:
        return None
    hours = (now - values[start_key]).total_seconds() / 3600
    return _in_range(hours, start_key, errors, policy)


def _hours_at_now(
    values: dict[str, Any], errors: dict[str, str], now: datetime | None, policy: Policy
) -> float | None:
    """(v3) The hours running at now: as typed, plus the time since `hours_as_of` when given.

    `hours_as_of` is a past time no further back than the hours running may be long (as a start
    time); the hours typed keep their own range, so 720 typed a second ago is no error.
    """
    hours, as_of = values.get("hours_running"), values.get(contract.HOURS_AS_OF)
    if as_of is None or hours is None or now is None:
        return hours if as_of is None else None
    since = _in_range((now - as_of).total_seconds() / 3600, contract.HOURS_AS_OF, errors, policy)
    return None if since is None else hours + since


def _in_range(hours: float, key: str, errors: dict[str, str], policy: Policy) -> float | None:
    """Hours counted up to now from the time at `key`, or None with an error there."""
    high = policy.question("hours_running").max or 0
    if hours < 0:
        errors[key] = "Is after now: give a time in the past, with its UTC offset."
    elif hours > high:
        errors[key] = f"Is more than {number(high)} hours ago; check the date."
    else:
        return hours
    return None


def _with_as_of(keys: tuple[str, ...]) -> tuple[str, ...]:
    """The answer keys in form order, with `hours_as_of` right after `hours_running`."""
    at = keys.index("hours_running") + 1
    return (*keys[:at], contract.HOURS_AS_OF, *keys[at:])


def validate(
    answers: object,
    policy: Policy,
    now: datetime | str | None = None,
    duplicates: tuple[str, ...] = (),
) -> Answers | list[Issue]:
    """Check every answer; return Answers, or every error (one per field, in form order)."""
    if not isinstance(answers, Mapping):
        return [Issue(None, f"The answers must be a JSON object, not {checks.describe(answers)}.")]
    errors: dict[str, str] = {
        key: "Given more than once: give each answer once." for key in duplicates
    }
    values: dict[str, Any] = {}
    for key in (*policy.question_order, *contract.STAGE_KEYS):
        if key in answers and key not in errors:
            try:
                values[key] = _checker(key, policy)(answers[key])
            except Invalid as exc:
                errors[key] = str(exc)
    if contract.HOURS_AS_OF in answers and contract.HOURS_AS_OF not in errors:
        try:
            values[contract.HOURS_AS_OF] = checks.check_datetime(answers[contract.HOURS_AS_OF])
        except Invalid as exc:
            errors[contract.HOURS_AS_OF] = str(exc)
    try:
        moment: datetime | None = _resolve_now(answers, now)
    except Invalid as exc:
        moment = None
        errors.setdefault("now", str(exc))
    enough = either_is_enough(values)
    hours = _hours(answers, values, errors, moment, policy, required=not enough)
    if "resolution_in_sight" not in answers and not enough:
        errors["resolution_in_sight"] = (
            "Required: is a clear resolution in sight? Yes, no or unsure."
        )
    order = ("now", *_with_as_of(policy.question_order), *contract.STAGE_KEYS)
    issues = [Issue(key, errors[key]) for key in order if key in errors]
    issues += limits.unknown_key_issues(answers, contract.ANSWER_KEYS, _unknown_key)
    if issues or (hours is None and not enough) or moment is None:
        return issues or [Issue(None, "The answers could not be checked.")]
    given = {k: v for k, v in values.items() if v is not None}
    unanswered = (contract.EITHER[0],) if hours is None else ()
    if "resolution_in_sight" not in answers:
        unanswered += ("resolution_in_sight",)
    return Answers(
        hours=hours,
        now=moment,
        resolution_in_sight=values.get("resolution_in_sight"),
        blocked=values.get("blocked", ()),
        has_tam=values.get("has_tam", False),
        severity=values.get("severity"),
        call_hours=values.get("call_hours"),
        next_touchpoint=values.get("next_touchpoint"),
        given=given,
        unanswered=unanswered,
    )
