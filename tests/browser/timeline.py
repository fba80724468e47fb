"""(v3) The escalation's stage and timeline as the browser tests read them on the page, and the
CLI's record as the page should list it."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from playwright.sync_api import Page, expect

from decision_tool.policy import load_policy
from tools import questionnaire as tool

#: The timeline's entries on the page.
ENTRIES = "#dt-timeline-list li.dt-entry"
#: The names of the stages and of the kinds of entry (the policy's `[record.stages]`, `.kinds`).
STAGES = load_policy().record.stages
KINDS = load_policy().record.kinds


def sent(page: Page, stage: str, entries: int | None = None) -> dict[str, Any]:
    """The answers the page sent last (as this browser keeps them), once they are at `stage`
    (and hold `entries` entries in their record, when given)."""
    deadline = time.monotonic() + tool.SETTLE_MS / 1000
    while not _there(answers := tool.stored_answers(page), stage, entries):
        assert time.monotonic() < deadline, f"this browser keeps {answers}, not at {stage}"
        page.wait_for_timeout(50)
    assert answers is not None
    return answers


def _there(answers: dict[str, Any] | None, stage: str, entries: int | None) -> bool:
    """The answers are at `stage`, their record `entries` long (when given)."""
    if answers is None or answers.get("stage") != stage:
        return False
    return entries is None or len(answers.get("record", [])) == entries


def shown_entries(page: Page) -> list[list[str]]:
    """The timeline as the page lists it: [time in UTC as its field holds it, what happened]."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].map((li) => [
          li.querySelector('.dt-entry__time').value,
          li.querySelector('.dt-entry__what').textContent])""",
        ENTRIES,
    )


def expected_entries(decision: dict[str, Any]) -> list[list[str]]:
    """The CLI's record as the page should list it: UTC to the minute, kind's name and text."""
    return [
        [
            datetime.fromisoformat(entry["at"]).astimezone(UTC).strftime("%Y-%m-%dT%H:%M"),
            f"{KINDS[entry['kind']]}: {entry['text']}",
        ]
        for entry in decision["record"]
    ]


def wait_stage(page: Page, stage: str) -> None:
    """Wait until the stage control shows `stage` and the engine answered for it."""
    expect(page.locator(f'input[name="stage"][value="{stage}"]')).to_be_checked()
    page.evaluate("() => window.decisionTool.ready")
