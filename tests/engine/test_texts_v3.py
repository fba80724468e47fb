"""(v3) Texts the whole rota can use: ready or not, the judgement both ways, the picture in the
handover and the touch base, the dev escalation in Slack form, one wording. Each test fails on
the v2 engine."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from importlib import resources
from typing import Any

import pytest

from decision_tool import evaluate, evaluate_json
from decision_tool.cli_text import format_decision
from decision_tool.decide import decide
from decision_tool.policy import Policy, parse_policy
from decision_tool.validate import validate
from tests.engine.helpers import FULL, MINIMAL, NOW, ok

PAST = "2026-11-27T11:00:00+01:00"  # an hour before NOW
STAY = {**FULL, "judgement": "stay", "judgement_reason": "The fix ships within the hour."}


def cli(answers: dict[str, Any], *args: str) -> str:
    """`decision-tool evaluate` at NOW on these answers: its standard output (exit 0)."""
    result = subprocess.run(
        [sys.executable, "-m", "decision_tool", "evaluate", "--now", NOW, *args],
        input=json.dumps(answers), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def reply(answers: dict[str, Any]) -> dict[str, Any]:
    """The customer reply of the decision, as JSON."""
    return ok(answers).to_dict()["templates"]["customer_update"]


# ---- 1. Ready or not -------------------------------------------------------------------------


def test_every_template_says_whether_it_is_ready_and_why_not() -> None:
    """Full answers: each of the seven texts is ready, with no blockers, in JSON too."""
    decision = json.loads(evaluate_json(json.dumps(FULL), now=NOW))
    assert len(decision["templates"]) == 7
    for template_id, template in decision["templates"].items():
        assert template["ready"] is True and template["blockers"] == [], template_id


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"next_touchpoint": None}, "next_touchpoint", "[next touch-point]"),
        ({"next_touchpoint": PAST}, "next_touchpoint", "has passed"),
        ({"customer_contact": "@jane.doe"}, "customer_contact", "greet a Slack handle"),
        ({"signature": "@akim"}, "signature", "signed with a Slack handle"),
        ({"engineer": "akim", "signature": "akim"}, "signature", "signed with a Slack handle"),
        ({"engineer": "jdoe", "customer_contact": "jdoe"}, "customer_contact", "Slack handle"),
    ],
    ids=["placeholder", "past", "greets-handle", "signs-handle", "signs-engineer", "greets-eng"],
)
def test_the_public_reply_is_not_ready_when_it_could_go_out_wrong(
    change: dict[str, Any], field: str, says: str
) -> None:
    """A placeholder, a touch-point already past, a handle as greeting or signature: not ready,
    with one blocker at the field that fixes it; the internal texts stay ready."""
    answers = {k: v for k, v in {**FULL, **change}.items() if v is not None}
    decision = ok(answers).to_dict()
    template = decision["templates"]["customer_update"]
    assert template["ready"] is False
    assert [b["field"] for b in template["blockers"]] == [field]
    assert says in template["blockers"][0]["message"]
    others = [t for tid, t in decision["templates"].items() if tid != "customer_update"]
    assert all(t["ready"] and t["blockers"] == [] for t in others)


def test_a_handle_is_also_a_warning_at_its_field() -> None:
    """The handle the customer would read is a warning at its own field, in form order."""
    answers = {**FULL, "customer_contact": "@jane.doe", "signature": "@akim"}
    warnings = [(w["field"], w["message"]) for w in ok(answers).to_dict()["warnings"]]
    assert [field for field, _ in warnings] == ["customer_contact", "signature"]
    assert "greet a Slack handle" in warnings[0][1] and "signed with" in warnings[1][1]


def test_a_name_with_a_space_equal_to_the_engineers_is_no_handle() -> None:
    """`engineer` with a space is a name, not a handle: signing with it is the engineer's call."""
    template = reply({**FULL, "engineer": "Dana Engineer", "signature": "Dana Engineer"})
    assert template["ready"] is True and template["blockers"] == []


def test_internal_texts_with_placeholders_stay_ready() -> None:
    """Only the two required answers: the internal texts show placeholders and are ready; the
    reply shows [next touch-point] and is not."""
    templates = ok(MINIMAL).to_dict()["templates"]
    assert "[next touch-point]" in templates["handover"]["text"]
    assert {tid for tid, t in templates.items() if not t["ready"]} == {"customer_update"}


def test_the_cli_marks_a_text_not_ready_with_its_blockers() -> None:
    """`--format text`: the block of a text not ready says NOT READY and lists why; a ready text
    says nothing of the kind."""
    out = cli({**FULL, "customer_contact": "@jane.doe", "next_touchpoint": PAST})
    blocks = out.split("\n=== ")
    reply_block = next(b for b in blocks if b.startswith("Public reply"))
    head = reply_block.split("\nHello")[0]
    assert "NOT READY" in head.splitlines()[0]
    assert "next_touchpoint: It promises a touch-point that has passed" in head
    assert "customer_contact: The customer reply would greet a Slack handle" in " ".join(
        head.split()
    )
    assert all("NOT READY" not in b for b in blocks if not b.startswith("Public reply"))
    assert "NOT READY" not in cli(FULL)


def test_the_cli_text_shows_the_blockers_the_decision_carries(policy: Policy) -> None:
    """The text format shows exactly the decision's blockers (the CLI judges none itself)."""
    decision = ok(FULL).to_dict()
    decision["templates"]["handover"] |= {
        "ready": False,
        "blockers": [{"field": "stage", "message": "A blocker the engine chose."}],
    }
    out = format_decision(decision, policy)
    assert "Handover to the next on-call engineer and manager (internal, slack) NOT READY" in out
    assert "  - stage: A blocker the engine chose." in out


# ---- 5. The judgement both ways --------------------------------------------------------------


def test_judgement_is_escalate_or_stay_and_old_links_still_read() -> None:
    """`"escalate"` decides like an old link's `true`; `false` is no judgement; other values are
    an error at the field."""
    early = {"hours_running": 1, "resolution_in_sight": "yes", "judgement_reason": "Locked out."}
    escalate = ok({**early, "judgement": "escalate"}).to_dict()
    assert escalate["headline"]["id"] == "judgement"
    assert escalate == ok({**early, "judgement": True}).to_dict()
    assert ok({**early, "judgement": False}).to_dict() == ok(early).to_dict()
    for wrong in ("yes", "Escalate", "", 1, None, ["stay"]):
        errors = evaluate({**early, "judgement": wrong}, now=NOW).errors
        assert [e.field for e in errors] == ["judgement"], wrong
        assert '"escalate" or "stay"' in errors[0].message


def test_stay_records_that_it_stays_an_emergency(policy: Policy) -> None:
    """The questions call for it, the engineer and the manager judged it stays: continue, with
    `judgement_stay` after the question reasons, the `stay` headline, and the touch base."""
    decision = ok(STAY)
    assert decision.recommendation == "continue"
    assert [r.id for r in decision.reasons] == ["long_running", "outside_factors", "judgement_stay"]
    assert decision.reasons[-1].text == policy.reasons["judgement_stay"]
    assert decision.headline.id == "stay" and decision.headline.text == policy.headlines["stay"]
    assert list(decision.templates) == ["managers_touch_base", "customer_update"]
    assert [s.id for s in decision.steps] == ["reevaluate", "schedule_touchpoint"]
    reevaluate = decision.steps[0].text
    assert reevaluate == policy.steps["reevaluate"].text_stay
    assert "with the manager" in reevaluate and "anything changes" in reevaluate
    assert decision.warnings == ()


def test_the_touch_base_reports_the_stay_and_its_reason() -> None:
    """The managers read the decision, who took it and why; no request to start an escalation."""
    text = ok(STAY).templates["managers_touch_base"].text
    assert "Max Manager (support manager) and I judged that it stays an emergency" in text
    assert "*Why it stays an emergency*\nThe fix ships within the hour." in text
    assert "with the manager, the moment anything changes" in text
    assert "engage to help me start" not in text
    assert "more people" not in ok(STAY).templates["customer_update"].text


def test_stay_without_a_reason_warns_at_the_reason() -> None:
    """`stay` needs its reason: a warning at judgement_reason and a placeholder in the text."""
    answers = {k: v for k, v in STAY.items() if k != "judgement_reason"}
    decision = ok(answers)
    assert [w.field for w in decision.warnings] == ["judgement_reason"]
    assert "[reason for your judgement]" in decision.templates["managers_touch_base"].text


def test_stay_when_no_question_calls_for_it_changes_nothing_but_warns() -> None:
    """Nothing to judge as staying: a warning at `judgement`; the rest as without it."""
    early = {**FULL, "hours_running": 1, "blocked": []}
    decision = ok({**early, "judgement": "stay"}).to_dict()
    plain = ok(early).to_dict()
    assert [w["field"] for w in decision["warnings"]] == ["judgement"]
    assert "changes nothing" in decision["warnings"][0]["message"]
    assert {**decision, "warnings": []} == {**plain, "warnings": []}


def test_the_cli_shows_the_stay_headline(policy: Policy) -> None:
    """`decision-tool evaluate`: the stay headline under CONTINUE, and the touch base."""
    out = cli(STAY)
    assert out.startswith("Recommendation: CONTINUE\n")
    assert policy.headlines["stay"] in " ".join(out.split())
    assert "=== Touch base in #support-managers" in out


# ---- 6. The handover and the touch base carry the picture ------------------------------------


@pytest.mark.parametrize("template_id", ["handover", "managers_touch_base"])
def test_the_handover_and_the_touch_base_carry_the_picture(template_id: str) -> None:
    """Contact and zone, the break and when the call resumes, what the customer was last told,
    the running time (where its "as of" goes), the resolution answer, the TAM."""
    answers = {**FULL, "customer_timezone": "America/New_York", "call_hours": 4.5}
    text = ok(answers).templates[template_id].text
    for part in (
        "• Customer contact: Jane, time zone America/New_York\n",
        "• Call with the customer: a break after 4 h 30 min; the call resumes on "
        "Fri 27 Nov 2026, 15:00 UTC (10:00 Eastern Time for the customer)\n",
        f"*Latest status, as last told to the customer*\n{FULL['latest_update']}",
        "• Running: 4 h as of 11:00 UTC\n",
        "• Clear resolution in sight: no\n",
        "• TAM: Tom Tam\n",
    ):
        assert part in text, part


@pytest.mark.parametrize("template_id", ["handover", "managers_touch_base"])
def test_the_picture_says_what_is_not_there(template_id: str) -> None:
    """No TAM, no contact, no call: each said so; a call under the break threshold: running."""
    answers = {k: v for k, v in FULL.items() if k not in ("tam", "customer_contact", "call_hours")}
    text = (
        ok({**answers, "has_tam": False, "resolution_in_sight": "unsure"})
        .templates[template_id]
        .text
    )
    for part in ("TAM: none assigned", "Customer contact: not named", "Call with the customer: "
                 "none running", "Clear resolution in sight: unsure"):  # fmt: skip
        assert part in text, part
    named = ok({**answers, "call_hours": 1}).templates  # a TAM, not named
    assert "TAM: yes (name not given)" in named[template_id].text
    assert "Call with the customer: running for 1 h" in named[template_id].text


# ---- 8. The dev escalation in Slack form -----------------------------------------------------


def test_the_dev_escalation_request_is_slack(policy: Policy) -> None:
    """Slack's bold and bullets, values as typed, the process link as the policy gives it."""
    text = ok({**FULL, "summary": "R&D *blocked*"}).templates["dev_escalation"]
    assert text.format == "slack"
    assert text.text.startswith("*Dev escalation request:* Acme Corp\n")
    assert "\n• Ticket: https://support.example.com/tickets/4711\n" in text.text
    assert "**" not in text.text and "\\" not in text.text and "<https" not in text.text
    assert "R&D *blocked*" in text.text
    assert text.text.endswith(f"Process: {policy.links.dev_escalations}")


def test_the_dev_escalation_process_link_is_a_policy_value() -> None:
    """A team points the request at its own current process, in the policy alone."""
    source = resources.files("decision_tool").joinpath("policy.toml").read_text("utf-8")
    data = tomllib.loads(source)
    data["links"]["dev_escalations"] = "https://wiki.example.com/dev-escalations/current"
    policy = parse_policy(data)
    checked = validate(FULL, policy, NOW)
    assert not isinstance(checked, list)
    text = decide(checked, policy).templates["dev_escalation"].text
    assert text.endswith("Process: https://wiki.example.com/dev-escalations/current")


# ---- 9. Wording ------------------------------------------------------------------------------


def test_lists_say_and_before_the_last_item() -> None:
    """Three blocked factors: `a renewal, a migration and another initiative`, everywhere."""
    decision = ok({**FULL, "blocked": ["renewal", "migration", "other_initiative"]})
    listed = "a renewal, a migration and another initiative"
    assert listed in decision.reasons[1].text
    for template_id in ("managers_touch_base", "escalated_customers_open", "handover",
                        "dev_escalation"):  # fmt: skip
        assert listed in decision.templates[template_id].text, template_id
    two = ok({**FULL, "blocked": ["renewal", "migration"]}).reasons[1].text
    assert two.endswith("a renewal and a migration.")


def test_one_term_per_idea_across_the_texts() -> None:
    """'What was tried' and 'Latest status' wherever the texts name them; nothing else."""
    texts = ok(FULL).templates
    every = "\n".join(t.text for t in texts.values())
    assert "What we tried" not in every and "Next steps planned" not in every
    assert "*What was tried*" in texts["handover"].text
    assert "*What was tried*" in texts["dev_escalation"].text
    for template_id in ("handover", "room_update", "managers_touch_base"):
        assert "*Latest status" in texts[template_id].text, template_id
    assert "*Status" not in every and "Status update" not in every


def test_the_customer_reply_speaks_plainly() -> None:
    """No 'raising its priority internally' on what is already an emergency; 'Let's'."""
    for answers in (FULL, {**FULL, "hours_running": 1, "blocked": []}):
        assert "priority" not in ok(answers).templates["customer_update"].text
    long_call = ok({**FULL, "call_hours": 4.5}).templates["customer_update"].text
    assert "Let's take a break" in long_call and "Let us" not in long_call


def test_the_escalated_customers_opening_post(policy: Policy) -> None:
    """When escalating: a Slack post for the escalated customers' channel, with the customer, the
    level, why, the room, the document, the ticket, the people and the problem."""
    decision = ok(FULL)
    post = decision.templates["escalated_customers_open"]
    assert policy.channels.escalated_customers in post.title
    assert (post.audience, post.format) == ("internal", "slack")
    for part in (
        "*Escalation opened:* Acme Corp\n",
        "• Escalation level: High\n",
        "• Running: 4 h as of 11:00 UTC\n",
        "• Blocking: a renewal\n",
        "• Slack room: #a_acme-corp_escalation\n",
        f"• Escalation document: {FULL['escalation_doc_url']}\n",
        f"• Ticket: {FULL['ticket_url']}\n",
        "• People: Dana Engineer (support engineer), Max Manager (support manager) and "
        "Tom Tam (TAM)\n",
        f"*Problem*\n{FULL['summary']}",
    ):
        assert part in post.text, part
    assert post.ready
    for answers in (STAY, {**FULL, "hours_running": 1, "blocked": []}):
        assert "escalated_customers_open" not in ok(answers).templates
    missing = ok(MINIMAL).templates["escalated_customers_open"].text
    assert "[escalation level]" in missing and "[Slack room]" in missing
