"""The handover answers the benchmark opens the page with: every question answered, escalate."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote

HANDOVER: dict[str, object] = {
    "hours_running": 5.5,
    "resolution_in_sight": "no",
    "blocked": ["renewal", "migration"],
    "blocked_detail": "The Q4 renewal call on Friday and the data-centre migration.",
    "has_tam": True,
    "severity": "high",
    "customer": "Acme Corp",
    "ticket_url": "https://support.example.com/tickets/424242",
    "escalation_doc_url": "https://docs.example.com/escalations/acme-corp",
    "call_hours": 4,
    "next_touchpoint": "2026-11-27T15:00:00+00:00",
    "engineer": "Ada Lovelace",
    "manager": "Grace Hopper",
    "next_engineer": "Linus Torvalds",
    "next_manager": "Barbara Liskov",
    "tam": "Ken Thompson",
    "summary": "Pipelines stuck after the upgrade to 17.5; runners cannot pick up jobs.",
    "latest_update": "Rolled back the runner fleet; jobs still queue for 20 minutes.",
    "tried": "Restarted Sidekiq, cleared the Redis queue, rolled back runners.",
    "next_steps": "Collect a Sidekiq trace during the next stuck pipeline.",
}


def answers_json() -> str:
    """The answers as compact JSON text (what the engine receives)."""
    return json.dumps(HANDOVER, separators=(",", ":"), ensure_ascii=False)


def fragment() -> str:
    """The answers as the P page's URL fragment (URL-encoded JSON)."""
    return "#" + quote(answers_json(), safe="")


def permalink() -> str:
    """The questionnaire's permalink fragment: `#answers=` + base64url of the UTF-8 JSON."""
    data = base64.urlsafe_b64encode(answers_json().encode("utf-8")).decode("ascii").rstrip("=")
    return f"#answers={data}"
