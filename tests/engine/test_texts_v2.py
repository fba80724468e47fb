"""(v2) The judgement call and what the texts must carry; each test fails on the v1 engine."""

from __future__ import annotations

import json
import subprocess
import sys

from decision_tool import evaluate
from decision_tool.policy import load_policy
from tests.engine.helpers import FULL, MINIMAL, NOW, ok

EARLY = {"hours_running": 1, "resolution_in_sight": "yes", "severity": "critical",
         "customer": "Acme Corp", "summary": "Thousands of users are locked out."}  # fmt: skip


def test_judgement_turns_continue_into_escalate_with_its_reason() -> None:
    """One hour in, critical, users locked out: the engineer's judgement escalates."""
    assert ok(EARLY).recommendation == "continue"
    answers = {**EARLY, "judgement": True, "judgement_reason": "2,000 users cannot log in."}
    decision = ok(answers)
    assert decision.recommendation == "escalate"
    assert [r.id for r in decision.reasons] == ["judgement"]
    assert decision.reevaluate_in_hours is None
    assert len(decision.templates) == 7
    for template_id in ("managers_touch_base", "handover", "dev_escalation", "ticket_comment"):
        assert "2,000 users cannot log in." in decision.templates[template_id].text, template_id
    assert "judgement_reason" not in {w.field for w in decision.warnings}


def test_judgement_reason_comes_after_the_questions_reasons() -> None:
    """Reasons in contract order: long_running, outside_factors, judgement."""
    decision = ok({**FULL, "judgement": True, "judgement_reason": "Also the CEO called."})
    assert [r.id for r in decision.reasons] == ["long_running", "outside_factors", "judgement"]


def test_judgement_without_a_reason_warns_at_the_reason_field() -> None:
    """A missing reason: a placeholder in the texts and one warning at judgement_reason."""
    decision = ok({**EARLY, "judgement": True})
    assert [w.field for w in decision.warnings].count("judgement_reason") == 1
    assert "[reason for your judgement]" in decision.templates["managers_touch_base"].text


def test_judgement_false_changes_nothing() -> None:
    """judgement: false is the default."""
    assert ok({**EARLY, "judgement": False}).to_dict() == ok(EARLY).to_dict()


def test_judgement_must_be_a_boolean() -> None:
    """Like has_tam: a string is an error at its field."""
    decision = evaluate({**EARLY, "judgement": "yes"}, now=NOW)
    assert [e.field for e in decision.errors] == ["judgement"]


def test_continue_headline_leaves_the_call_to_the_engineer() -> None:
    """A reasonless continue is not 'all is well': the CLI says the call stays the engineer's."""
    result = subprocess.run(
        [sys.executable, "-m", "decision_tool", "evaluate", "--now", NOW],
        input=json.dumps(EARLY).encode(), capture_output=True, check=False,
    )  # fmt: skip
    out = result.stdout.decode()
    assert result.returncode == 0
    assert load_policy().headlines["continue"].split(":")[0] in out
    assert "The call stays yours" in out


def test_at_the_threshold_exactly_says_now() -> None:
    """At the mark (the policy's threshold): 'now', never 'in 0 min'."""
    answers = {"hours_running": load_policy().rule.long_running_hours, "resolution_in_sight": "no"}
    decision = ok(answers)
    assert decision.reevaluate_in_hours == 0
    reevaluate = next(s.text for s in decision.steps if s.id == "reevaluate")
    assert "0 min" not in reevaluate and "now" in reevaluate
    result = subprocess.run(
        [sys.executable, "-m", "decision_tool", "evaluate", "--now", NOW],
        input=json.dumps(answers).encode(), capture_output=True, check=False,
    )  # fmt: skip
    out = " ".join(result.stdout.decode().split())
    assert "0 min" not in out
    assert "mark is reached now" in out and decision.headline.text in out


def test_take_break_comes_first() -> None:
    """After a long call the break is the most urgent step."""
    for answers in (MINIMAL, {"hours_running": 1, "resolution_in_sight": "yes"}):
        steps = ok({**answers, "call_hours": 4.5}).steps
        assert steps[0].id == "take_break"


def test_handover_carries_everything_to_take_over() -> None:
    """Summary, impact, start, blocked factors and detail, level, room, doc, ticket, status,
    tried, next steps, next touch-point, and a request to confirm the takeover."""
    answers = {k: v for k, v in FULL.items() if k != "hours_running"}
    answers["started_at"] = "2026-11-27T07:30:00+01:00"
    text = ok(answers).templates["handover"].text
    for part in (
        FULL["summary"], FULL["impact"], "since Fri 27 Nov 2026, 06:30 UTC",
        "a renewal", FULL["blocked_detail"], "High", "#a_acme-corp_escalation",
        FULL["escalation_doc_url"], FULL["ticket_url"], FULL["latest_update"], FULL["tried"],
        FULL["next_steps"], "Fri 27 Nov 2026, 15:00 UTC", "confirm",
    ):  # fmt: skip
        assert part in text, part


def test_managers_and_dev_texts_carry_summary_and_impact() -> None:
    """The touch base and the dev escalation say what is broken and who is hurt."""
    decision = ok(FULL)
    for template_id in ("managers_touch_base", "dev_escalation"):
        text = decision.templates[template_id].text
        assert FULL["summary"] in text and FULL["impact"] in text, template_id


def test_customer_reply_greets_the_contact_and_signs_without_handles() -> None:
    """'Hello Jane,' and the signature; never the engineer's handle, never 'team team'."""
    answers = {**FULL, "customer": "The Acme Support Team", "engineer": "@jdoe"}
    text = ok(answers).templates["customer_update"].text
    assert text.startswith("Hello Jane,\n")
    assert text.endswith("Kind regards,\nDana from Support")
    assert "@jdoe" not in text and "team team" not in text.lower()
    assert "Impact" not in text and FULL["impact"] not in text
    unnamed = {k: v for k, v in answers.items() if k not in ("customer_contact", "signature")}
    bare = ok(unnamed).to_dict()
    reply = bare["templates"]["customer_update"]["text"]
    assert reply.startswith("Hello,\n")
    assert reply.endswith("Kind regards,\n" + load_policy().texts.team_signature)


def test_customer_reply_claims_extra_people_only_on_escalate() -> None:
    """'more people' only when the recommendation is escalate."""
    escalate = ok(FULL).templates["customer_update"].text
    keep = ok({**FULL, "hours_running": 1, "blocked": []}).templates["customer_update"].text
    assert "more people" in escalate
    assert "more people" not in keep and "brought" not in keep


def test_customer_reply_after_a_long_call_names_the_break_and_the_next_meeting() -> None:
    """A 4.5-hour call: the reply names the break and when we meet again."""
    text = ok({**FULL, "call_hours": 4.5}).templates["customer_update"].text
    assert "4 hours 30 minutes" in text and "break" in text  # (v3) public: words
    assert "meet again on Fri 27 Nov 2026, 15:00 UTC" in text
    short = ok({**FULL, "call_hours": 1}).templates["customer_update"].text
    assert "break" not in short


def test_cadence_is_the_account_escalations_never_room_updates() -> None:
    """The level's cadence is named as the account escalation's communication cadence."""
    decision = ok({**FULL, "severity": "critical"})
    for template_id in ("handover", "ticket_comment"):
        text = decision.templates[template_id].text
        assert "the account escalation's communication cadence: daily" in text, template_id
    every = " ".join(t.text for t in decision.templates.values()) + " ".join(
        s.text for s in decision.steps
    )
    assert "update cadence" not in every.lower()
    assert "cadence" in next(s.text for s in decision.steps if s.id == "choose_severity")
    assert "account escalation" in next(s.text for s in decision.steps if s.id == "choose_severity")
