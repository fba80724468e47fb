"""(v3) The escalation's stage: steps done, texts held back before open, the headline, the texts
of each stage (contract v3, Stages)."""

from __future__ import annotations

from typing import Any

import pytest

from decision_tool import contract, evaluate
from decision_tool.cli_text import format_decision
from decision_tool.policy import Policy
from tests.engine.helpers import FULL, NOW, ok

HELD = ("ticket_comment", "room_update", "dev_escalation")
OPEN_DONE = {"create_slack_room", "escalation_doc_by_tam", "assign_ticket", "link_doc_and_room"}
RECORD = [{"at": "2026-11-27T09:00:00+01:00", "kind": "stage", "text": "emergency"}]
#: The customer reply's claim that more people are coming in (escalate only, and not before open).
MORE_PEOPLE = "we are bringing more people in"


def decision(**answers: Any) -> dict[str, Any]:
    """The decision as JSON for FULL with these answers changed."""
    return ok({**FULL, **answers}).to_dict()


def done_steps(stage: str | None) -> set[str]:
    """The ids of the steps marked done at this stage."""
    steps = decision(**({"stage": stage} if stage else {}))["steps"]
    assert all(step.get("done", False) in (True, False) for step in steps)
    return {step["id"] for step in steps if step.get("done")}


def test_steps_done_by_stage() -> None:
    """The touch base from touch_base on; the room, the document, the assignment and the link
    from open on; nothing without a stage or at emergency."""
    assert done_steps(None) == set()
    assert done_steps("emergency") == set()
    assert done_steps("touch_base") == {"touch_base_managers"}
    assert done_steps("open") == {"touch_base_managers", *OPEN_DONE}
    assert done_steps("closed") == {"touch_base_managers", *OPEN_DONE}


def test_a_step_not_done_has_no_done_key_and_a_done_one_is_true() -> None:
    """`"done": true` on a done step; the others keep the contract's `{"id", "text"}`."""
    steps = {step["id"]: step for step in decision(stage="touch_base")["steps"]}
    assert steps["touch_base_managers"]["done"] is True
    assert set(steps["choose_severity"]) == {"id", "text"}


def test_without_a_tam_the_managers_document_step_is_done_at_open() -> None:
    """The document step is done whichever of its two forms applies."""
    answers = {key: value for key, value in FULL.items() if key != "tam"}
    steps = {s.id: s for s in ok({**answers, "stage": "open", "has_tam": False}).steps}
    assert steps["escalation_doc_by_manager"].done is True


@pytest.mark.parametrize("stage", ["emergency", "touch_base"])
def test_before_open_the_texts_that_presume_an_escalation_are_not_ready(
    stage: str, policy: Policy
) -> None:
    """At emergency and touch_base: the ticket note, the room update and the dev escalation are
    not ready, each with one blocker at `stage`; the others stay ready."""
    texts = decision(stage=stage)["templates"]
    for template_id in HELD:
        assert texts[template_id]["ready"] is False
        assert texts[template_id]["blockers"] == [
            {"field": "stage", "message": policy.blockers.stage}
        ]
    others = set(texts) - set(HELD)
    assert others >= {"managers_touch_base", "escalated_customers_open", "customer_update"}
    assert all(texts[t]["ready"] for t in others), {t: texts[t]["blockers"] for t in others}


@pytest.mark.parametrize("stage", [None, "open"])
def test_without_a_stage_or_from_open_on_nothing_is_held_back(stage: str | None) -> None:
    """No stage: nothing held back (the CLI's usual case); at open the escalation runs."""
    texts = decision(**({"stage": stage} if stage else {}))["templates"]
    assert all(texts[t]["ready"] for t in HELD)


@pytest.mark.parametrize("stage", ["emergency", "touch_base"])
def test_before_open_the_customer_reply_claims_no_more_people_and_stays_ready(stage: str) -> None:
    """Before a manager engaged, the reply does not promise more people; it stays ready."""
    reply = decision(stage=stage)["templates"]["customer_update"]
    assert MORE_PEOPLE not in reply["text"] and reply["ready"] is True
    assert MORE_PEOPLE in decision(stage="open")["templates"]["customer_update"]["text"]
    assert MORE_PEOPLE in decision()["templates"]["customer_update"]["text"]


@pytest.mark.parametrize("stage", ["open", "closed"])
def test_the_headline_at_open_and_closed_and_the_recommendation_underneath(
    stage: str, policy: Policy
) -> None:
    """The headline is the stage's; the recommendation and the reasons are unchanged."""
    got = decision(stage=stage)
    assert got["headline"] == {"id": stage, "text": policy.headlines[stage]}
    assert got["recommendation"] == "escalate"
    assert [r["id"] for r in got["reasons"]] == ["long_running", "outside_factors"]
    calm = ok({**FULL, "hours_running": 1, "blocked": [], "stage": stage}).to_dict()
    assert calm["recommendation"] == "continue" and calm["headline"]["id"] == stage


@pytest.mark.parametrize("stage", ["emergency", "touch_base"])
def test_before_open_the_headline_is_the_recommendations(stage: str) -> None:
    """Emergency and touch base: the headline still says what the questions call for."""
    assert decision(stage=stage)["headline"]["id"] == "escalate"


def test_the_texts_of_each_stage() -> None:
    """Emergency: the usual seven; touch_base and open add the escalation document's skeleton;
    closed: the closing texts and the review; the timeline comes with a record."""
    usual = list(contract.TEMPLATE_IDS)
    assert list(decision()["templates"]) == usual
    assert list(decision(stage="emergency")["templates"]) == usual
    assert list(decision(stage="touch_base")["templates"]) == [*usual, "escalation_doc"]
    assert list(decision(stage="open", record=RECORD)["templates"]) == [
        *usual, "timeline", "escalation_doc",
    ]  # fmt: skip
    assert list(decision(stage="closed")["templates"]) == [
        "escalated_customers_close", "customer_closing", "ticket_closing", "review",
    ]  # fmt: skip
    assert list(decision(stage="closed", record=RECORD)["templates"]) == [
        "escalated_customers_close", "customer_closing", "ticket_closing", "timeline", "review",
    ]  # fmt: skip
    assert list(decision(record=RECORD)["templates"]) == [*usual, "timeline"]


def test_at_open_the_escalation_runs_whatever_the_questions_now_say() -> None:
    """A running escalation keeps its steps and texts when the hours or the answers change."""
    calm = ok({**FULL, "hours_running": 1, "blocked": [], "stage": "open"}).to_dict()
    assert calm["recommendation"] == "continue"
    assert list(calm["templates"]) == [*contract.TEMPLATE_IDS, "escalation_doc"]
    assert calm["steps"][0] == {**calm["steps"][0], "id": "touch_base_managers", "done": True}
    assert calm["reevaluate_in_hours"] == 2


def test_closed_has_no_moments_and_no_past_touchpoint_warning() -> None:
    """At closed there is nothing ahead: `moments` is empty, whatever the answers give."""
    answers = {**FULL, "shift_ends_at": "2026-11-27T18:00:00+01:00", "stage": "closed"}
    assert ok(answers).moments == ()
    assert ok({**answers, "stage": "open"}).moments != ()
    past = {**answers, "next_touchpoint": "2026-11-27T11:00:00+01:00"}
    assert "next_touchpoint" not in {w.field for w in ok(past).warnings}


def test_the_continue_texts_at_emergency_and_the_stay_texts_at_touch_base() -> None:
    """Before open the recommendation picks the texts, as without a stage."""
    calm = {**FULL, "hours_running": 1, "blocked": []}
    assert list(ok({**calm, "stage": "emergency"}).templates) == ["customer_update"]
    stay = {**FULL, "judgement": "stay", "judgement_reason": "Fix within the hour."}
    stay["stage"] = "touch_base"
    assert list(ok(stay).templates) == ["managers_touch_base", "customer_update"]


def test_the_closing_reply_is_public_greets_the_contact_and_holds_nothing_internal() -> None:
    """The closing reply: public, ready, greets the contact, signed, no room, doc or name."""
    reply = decision(stage="closed")["templates"]["customer_closing"]
    assert (reply["audience"], reply["format"], reply["ready"]) == ("public", "text", True)
    assert reply["text"].startswith("Hello Jane,\n")
    assert reply["text"].endswith("Kind regards,\nDana from Support")
    for internal in ("#a_acme", "docs.example.com", "Dana Engineer", "Max Manager", "Tom Tam"):
        assert internal not in reply["text"]


def test_the_closing_reply_with_a_handle_is_not_ready() -> None:
    """Ready or not holds for the closing reply too: a handle greeted is a blocker."""
    reply = decision(stage="closed", customer_contact="@jane")["templates"]["customer_closing"]
    assert reply["ready"] is False
    assert [b["field"] for b in reply["blockers"]] == ["customer_contact"]


def test_the_closing_posts_carry_the_room_the_ticket_and_the_final_status() -> None:
    """The post in the escalated customers' channel and the ticket note at the close."""
    texts = decision(stage="closed")["templates"]
    post, note = texts["escalated_customers_close"], texts["ticket_closing"]
    assert (post["audience"], post["format"]) == ("internal", "slack")
    assert post["text"].startswith("*Escalation closed:* Acme Corp\n")
    for part in ("#a_acme-corp_escalation", FULL["ticket_url"], FULL["latest_update"]):
        assert part in post["text"]
    assert (note["audience"], note["format"]) == ("internal", "markdown")
    assert note["text"].startswith("**The escalation is closed.**")
    assert f"<{FULL['escalation_doc_url']}>" in note["text"]
    assert FULL["latest_update"] in note["text"]


def test_the_cli_marks_done_steps_and_texts_held_back(policy: Policy) -> None:
    """The CLI's text: a done step says so; a held-back text is NOT READY at `stage`."""
    text = format_decision(evaluate({**FULL, "stage": "touch_base"}, now=NOW).to_dict(), policy)
    assert "\n   1. (done) Touch base in #support-managers" in text
    assert "=== Internal note on the ticket (internal, markdown) NOT READY" in text
    assert f"  - stage: {policy.blockers.stage[:40]}" in text
