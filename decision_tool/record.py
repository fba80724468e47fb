"""(v3) The `record` answer checked: entries `{"at", "kind", "text"}` within the limits, by time.

A bad entry is one error at the field `record` that names the entry (counted from 1, as given)
and its key; the first is described, the others counted.
"""

from __future__ import annotations

from typing import Any

from decision_tool import checks, contract, invisible
from decision_tool.checks import Invalid
from decision_tool.model import Entry
from decision_tool.policy_record import RecordPolicy

#: The keys of an entry, in the order they are checked and named.
ENTRY_KEYS = ("at", "kind", "text")


class Repeats(dict):  # type: ignore[type-arg]
    """A JSON object that remembers the keys it was given more than once (see `parse_answers`)."""

    repeated: tuple[str, ...] = ()


def _entry(value: Any, policy: RecordPolicy) -> Entry:
    """One entry, or Invalid naming its key (`at: ...`)."""
    if not isinstance(value, dict):
        raise Invalid(f"Must be an object with at, kind and text, not {checks.describe(value)}.")
    for key in getattr(value, "repeated", ()):
        raise Invalid(f'"{key}" is given more than once: give each key once.')
    for key in value:
        if key not in ENTRY_KEYS:
            shown = invisible.visible(str(key))[:40]
            raise Invalid(f'Unknown key "{shown}": an entry has only at, kind and text.')
    checkers = {
        "at": checks.check_datetime,
        "kind": lambda kind: checks.check_choice(kind, contract.RECORD_KINDS),
        "text": lambda text: checks.check_text(text, policy.text_length),
    }
    found = {}
    for key, check in checkers.items():
        if key not in value:
            raise Invalid(f"{key}: Missing; an entry has at, kind and text.")
        try:
            found[key] = check(value[key])
        except Invalid as exc:
            raise Invalid(f"{key}: {exc}") from exc
    return Entry(**found)


def check_record(value: Any, policy: RecordPolicy) -> tuple[Entry, ...]:
    """The record's entries sorted by time (entries at the same time keep their order)."""
    if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
        shown = checks.describe(value)
        raise Invalid(f"Must be a list of entries with at, kind and text, not {shown}.")
    if len(value) > policy.max_entries:
        raise Invalid(f"Must have at most {policy.max_entries} entries (this has {len(value)}).")
    entries, problems = [], []
    for number, item in enumerate(value, start=1):
        try:
            entries.append(_entry(item, policy))
        except Invalid as exc:
            problems.append(f"Record entry {number}: {exc}")
    if problems:
        more = len(problems) - 1
        rest = f" (And {more} more {'entry' if more == 1 else 'entries'} with a problem.)"
        raise Invalid(problems[0] + (rest if more else ""))
    return tuple(sorted(entries, key=lambda entry: entry.at))
