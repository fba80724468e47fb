"""A form filled in like a person, with the answers object the engine should get from it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tools import questionnaire as tool
from tools.browser import Tab


def fill_escalation(tab: Tab) -> dict[str, object]:
    """Answer most questions like a person; return the answers object the engine should get."""
    page = tab.page
    tool.type_into(page, "hours_running", "5")
    tool.click_choice(page, "resolution_in_sight", "no")
    tool.click_choice(page, "blocked", "renewal")
    tool.reveal(page, "has_tam")  # the group of details opens like a person opens it
    page.get_by_label("The customer has a TAM").check()
    page.locator('select[name="severity"]').select_option("high")
    tool.type_into(page, "customer", "Zoë & Co <Ltd>")
    tool.type_into(page, "ticket_url", "https://support.example.com/tickets/42")
    tool.type_into(page, "escalation_doc_url", "https://docs.example.com/d/1")
    page.locator('[name="next_touchpoint"]').fill("2030-01-02T15:30")
    tool.type_into(page, "engineer", "Ana")
    tool.type_into(page, "manager", "@ben")
    tool.type_into(page, "summary", "Pipelines *stuck*\nsince 09:00 <all runners>")
    tool.type_into(page, "tried", "Restarted runners; cleared cache")
    offset = page.evaluate("() => -new Date('2030-01-02T15:30').getTimezoneOffset()")
    zone = timezone(timedelta(minutes=offset))
    touchpoint = datetime(2030, 1, 2, 15, 30, tzinfo=zone).isoformat()
    return {
        "hours_running": 5,
        "hours_as_of": tool.hours_as_of(page),  # (v3) the page's clock when 5 was typed
        "resolution_in_sight": "no",
        "blocked": ["renewal"],
        "has_tam": True,
        "severity": "high",
        "customer": "Zoë & Co <Ltd>",
        "ticket_url": "https://support.example.com/tickets/42",
        "escalation_doc_url": "https://docs.example.com/d/1",
        "next_touchpoint": touchpoint,
        "engineer": "Ana",
        "manager": "@ben",
        "summary": "Pipelines *stuck*\nsince 09:00 <all runners>",
        "tried": "Restarted runners; cleared cache",
    }
