"""The Slack room suggestion: #a_<customer-slug>_escalation within 80 characters."""

from __future__ import annotations

import pytest

from decision_tool.room import slug
from tests.engine.helpers import MINIMAL, ok


@pytest.mark.parametrize(
    ("customer", "room"),
    [
        ("Acme", "#a_acme_escalation"),
        ("Acme Corp", "#a_acme-corp_escalation"),
        ("  ACME -- Corp, Inc.  ", "#a_acme-corp-inc_escalation"),
        ("Müller & Söhne GmbH", "#a_muller-sohne-gmbh_escalation"),
        ("Crème Brûlée SA", "#a_creme-brulee-sa_escalation"),
        ("\uff26\uff55\uff4c\uff4c", "#a_full_escalation"),  # fullwidth letters
        ("ﬁnance", "#a_finance_escalation"),
        ("Straße", "#a_stra-e_escalation"),
        ("snake_case_co", "#a_snake-case-co_escalation"),
        ("東京 Tokyo 株式会社", "#a_tokyo_escalation"),
        ("-_-Acme-_-", "#a_acme_escalation"),
        ("İstanbul", "#a_istanbul_escalation"),
    ],
)
def test_suggested_room(customer: str, room: str) -> None:
    """Lowercase ASCII, accents stripped, runs of other characters one '-', trimmed."""
    decision = ok({**MINIMAL, "customer": customer})
    assert decision.slack_room == room
    assert not [w for w in decision.warnings if w.field == "slack_room"]


def test_long_name_is_cut_to_fit_80_and_retrimmed() -> None:
    """The whole name (without '#') fits 80; a cut never leaves a trailing '-'."""
    customer = "a" * 66 + " bcdef"  # the cut falls right after the space's '-'
    room = ok({**MINIMAL, "customer": customer}).slack_room
    assert room == "#a_" + "a" * 66 + "_escalation"
    assert len(room) - 1 <= 80
    room = ok({**MINIMAL, "customer": "x" * 120}).slack_room
    assert room == "#a_" + "x" * 67 + "_escalation" and len(room) == 81


@pytest.mark.parametrize("customer", ["東京株式会社", "¿¡!?", "—", "ß"])
def test_no_ascii_letter_or_digit_gives_no_room_and_a_warning(customer: str) -> None:
    """No suggestion: slack_room null, a warning asking for one, [Slack room] in the texts."""
    decision = ok({**MINIMAL, "customer": customer})
    assert decision.slack_room is None
    warnings = [w for w in decision.warnings if w.field == "slack_room"]
    assert len(warnings) == 1
    assert "[Slack room]" in decision.templates["ticket_comment"].text


def test_no_customer_continue_still_warns() -> None:
    """The contract's rule holds for continue too: no customer, no room, one warning."""
    decision = ok({"hours_running": 1, "resolution_in_sight": "yes"})
    assert decision.slack_room is None
    assert [w.field for w in decision.warnings].count("slack_room") == 1


def test_slug_function() -> None:
    """The slug alone: empty when nothing ASCII survives."""
    assert slug("Ça va, Zoë?") == "ca-va-zoe"
    assert slug("日本") == ""
