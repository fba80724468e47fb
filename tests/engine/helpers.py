"""Shared answers of the engine tests (a fixed now, full and minimal answers) and helpers."""

from __future__ import annotations

from typing import Any

from decision_tool import Decision, evaluate

NOW = "2026-11-27T12:00:00+01:00"

MINIMAL: dict[str, Any] = {"hours_running": 4, "resolution_in_sight": "no"}

FULL: dict[str, Any] = {
    "hours_running": 4,
    "resolution_in_sight": "no",
    "blocked": ["renewal"],
    "blocked_detail": "The Q4 renewal is signed next week.",
    "has_tam": True,
    "severity": "high",
    "customer": "Acme Corp",
    "ticket_url": "https://support.example.com/tickets/4711",
    "escalation_doc_url": "https://docs.example.com/escalations/acme",
    "call_hours": 1,
    "next_touchpoint": "2026-11-27T16:00:00+01:00",
    "engineer": "Dana Engineer",
    "manager": "Max Manager",
    "next_engineer": "Noor Next",
    "next_manager": "Mia Nextmanager",
    "tam": "Tom Tam",
    "summary": "Pushes to the main repository fail with 500 errors.",
    "impact": "All 2,000 developers of Acme Corp cannot push.",
    "customer_contact": "Jane",
    "signature": "Dana from Support",
    "latest_update": "Database failover done; errors down by half.",
    "tried": "Restarted the web nodes; rolled back the 16.5 upgrade.",
    "next_steps": "Check Gitaly logs with development.",
}


def ok(answers: dict[str, Any], **kwargs: Any) -> Decision:
    """Evaluate answers that must be valid (at NOW unless given)."""
    decision = evaluate(answers, now=kwargs.pop("now", NOW), **kwargs)
    assert decision.errors == (), decision.errors
    return decision


def errors_of(answers: object, now: str | None = NOW) -> dict[str | None, str]:
    """Evaluate answers that must be invalid; return field -> message."""
    decision = evaluate(answers, now=now)
    assert decision.recommendation is None
    assert decision.errors, "expected errors"
    return {issue.field: issue.message for issue in decision.errors}
