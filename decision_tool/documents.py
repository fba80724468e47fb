"""(v3) What the documents show of the stage and the record: rows in UTC, each cell escaped."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from decision_tool import humanize
from decision_tool.escaping import Raw, markdown_cell
from decision_tool.model import Entry
from decision_tool.policy import Policy

#: The kinds of entry the review's messaging section lists: what was told, agreed, handed over.
MESSAGING = ("posted", "touchpoint", "handover")


@dataclass(frozen=True, slots=True)
class Row:
    """One entry as the documents show it: its time in UTC, its kind's name, its text (each
    ready for a table cell or a list item)."""

    at: Raw
    kind: Raw
    text: Raw


def when(entry: Entry) -> str:
    """An entry's time as every text shows times: in UTC (contract v3, One clock)."""
    return humanize.moment(entry.at)


def rows(record: Iterable[Entry], policy: Policy) -> list[Row]:
    """The record's entries (already in time order) as rows."""
    kinds = policy.record.kinds
    return [
        Row(markdown_cell(when(entry)), markdown_cell(kinds[entry.kind]), markdown_cell(entry.text))
        for entry in record
    ]


def context(stage: str | None, record: tuple[Entry, ...], policy: Policy) -> dict[str, Any]:
    """The documents' part of the texts' context: the stage's name, the timeline's rows, and
    the rows of the review's messaging section."""
    return {
        "stage_label": policy.record.stages[stage] if stage else None,
        "timeline": rows(record, policy),
        "messaging": rows((entry for entry in record if entry.kind in MESSAGING), policy),
    }
