"""The handbook's rule: from valid answers to the recommendation, reasons, steps and texts."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from decision_tool import (
    clock,
    contract,
    documents,
    humanize,
    moments,
    ready,
    stages,
    time_input,
    urls,
)
from decision_tool.escaping import Placeholder
from decision_tool.model import Decision, Issue, Item, Moment, Text
from decision_tool.policy import Policy
from decision_tool.room import suggest_room
from decision_tool.texts import render
from decision_tool.validate import Answers
from decision_tool.wording import and_list


def _question_reasons(answers: Answers, policy: Policy) -> list[Item]:
    """The reasons of the handbook's two questions that hold, in contract order."""
    reasons = []
    hours, sight = answers.hours, answers.resolution_in_sight
    threshold = policy.rule.long_running_hours
    if hours is not None and hours > threshold and sight in ("no", "unsure"):
        text = policy.reasons["long_running"].format(
            hours=humanize.duration(hours, above=threshold)
        )
        reasons.append(Item("long_running", text))
    if answers.blocked:
        text = policy.reasons["outside_factors"].format(blocked=and_list(_blocked(answers, policy)))
        reasons.append(Item("outside_factors", text))
    return reasons


def judgement(answers: Answers, questions: list[Item]) -> str | None:
    """(v3) The judgement that counts: `escalate` always, `stay` only when a question calls for
    an escalation (otherwise it changes nothing), else None."""
    given = answers.get("judgement")
    return given if given == "escalate" or (given == "stay" and questions) else None


def _reasons(questions: list[Item], judged: str | None, policy: Policy) -> list[Item]:
    """The reasons that hold, in contract order: the questions', then the judgement's."""
    reason_id = {"escalate": "judgement", "stay": "judgement_stay"}.get(judged or "")
    if reason_id is None:
        return questions
    return [*questions, Item(reason_id, policy.reasons[reason_id])]


def headline(reasons: list[Item], left: float | None, policy: Policy) -> Item:
    """(v3) The line the CLI and the page show first: which call the reasons make, and why."""
    ids = [reason.id for reason in reasons]
    if not ids:
        return Item("continue", policy.headlines["continue_at_mark" if left == 0 else "continue"])
    if "judgement_stay" in ids:
        return Item("stay", policy.headlines["stay"])
    headline_id = "judgement" if ids == ["judgement"] else "escalate"
    return Item(headline_id, policy.headlines[headline_id])


def _blocked(answers: Answers, policy: Policy) -> list[str]:
    """The blocked outside factors as readers name them (`a renewal`)."""
    question = policy.question("blocked")
    labels = (question.option_label(value) for value in answers.blocked)
    return [label[:1].lower() + label[1:] for label in labels]


def reevaluate_in_hours(answers: Answers, escalate: bool, policy: Policy) -> float | None:
    """Hours left to the threshold for `continue` below it, else None. Rounded to 0.0001 h, and
    0 only at the threshold exactly (v3: never "reached now" with seconds to go)."""
    threshold = policy.rule.long_running_hours
    if escalate or answers.hours is None or answers.hours > threshold:
        return None
    left = threshold - answers.hours
    return max(round(left, 4), 0.0001) if left else 0.0


def _step_ids(
    answers: Answers, escalate: bool, late: dict[str, Moment], policy: Policy
) -> list[str]:
    """Step ids in contract order; (v3) the steps of overdue moments first, then a break."""
    if escalate:
        doc = "escalation_doc_by_tam" if answers.has_tam else "escalation_doc_by_manager"
        ids = [*contract.ESCALATE_STEPS_HEAD, doc, *contract.ESCALATE_STEPS_TAIL]
    else:
        ids = list(contract.CONTINUE_STEPS)
    if _long_call(answers, policy):
        ids.insert(0, "take_break")  # (v2) first: the most urgent step after a long call
    return [*late, *(step_id for step_id in ids if step_id not in late)]


def _long_call(answers: Answers, policy: Policy) -> bool:
    """True when the current call has run past the break threshold."""
    return answers.call_hours is not None and answers.call_hours > policy.rule.call_break_hours


def _steps(
    ids: list[str],
    answers: Answers,
    room: str | None,
    left: float | None,
    late: dict[str, Moment],
    judged: str | None,
    policy: Policy,
) -> list[Item]:
    """Step texts with their dynamic parts filled, (v3) each marked done when its stage is."""
    values = {
        "room": room or policy.channels.room_pattern,
        "reevaluate_in": humanize.duration(left or 0),
    }
    steps = []
    for step_id in ids:
        step = policy.steps[step_id]
        text, due = step.text, ""
        if step_id == "reevaluate" and judged == "stay" and step.text_stay:
            text = step.text_stay  # (v3) ask again, with the manager, when anything changes
        elif step_id == "reevaluate" and left is None and step.text_past_threshold:
            text = step.text_past_threshold
        elif step_id == "reevaluate" and left == 0 and step.text_at_threshold:
            text = step.text_at_threshold  # (v2) "now", never "in 0 min"
        elif step_id in late and step.text_overdue:  # (v3) urgency first
            text = step.text_overdue
            moment = late[step_id]
            due = clock.internal_time(moment.at, answers, policy, moment.id == "next_touchpoint")
        done = stages.done(step_id, answers.get("stage"))
        steps.append(Item(step_id, text.format(**values, due=due), done))
    return steps


def _display_answers(answers: Answers, room: str | None, policy: Policy) -> dict[str, Any]:
    """Answers as the texts show them (dates readable, levels by label, the room resolved)."""
    shown = dict(answers.given)
    shown["slack_room"] = room
    if answers.severity is not None:
        shown["severity"] = policy.level(answers.severity).label
    return shown


def _texts(
    ids: tuple[str, ...],
    answers: Answers,
    room: str | None,
    escalate: bool,
    reasons: list[Item],
    judged: str | None,
    policy: Policy,
) -> tuple[dict[str, Text], set[str]]:
    """Render the listed texts, each with (v3) its blockers; also return the needed answers that
    were missing."""
    stage = answers.get("stage")
    common = {
        # (v3) the customer reply claims more people only once the escalation runs
        "more_people": stages.more_people(escalate, stage),
        "reasons": [r.id for r in reasons],
        # yes, no or unsure; (v3) a placeholder while it is unanswered (another reason was enough)
        "resolution_in_sight": answers.resolution_in_sight
        or Placeholder(f"[{policy.question('resolution_in_sight').short}]"),
        "blocked": _blocked(answers, policy),
        "has_tam": answers.has_tam,
        "level": policy.level(answers.severity) if answers.severity else None,
        # (v2) the judgement call (v3: escalate or stay), the call, the signature
        "judgement": judged,
        "judgement_reason": answers.get("judgement_reason")
        or Placeholder(f"[{policy.question('judgement_reason').short}]"),
        "on_call": answers.call_hours is not None,
        "long_call": _long_call(answers, policy),
        "team_signature": policy.texts.team_signature,
        # (v3) the documents: the reasons as read, the stage, the record's rows
        "reason_texts": [r.text for r in reasons],
        **documents.context(stage, answers.get("record") or (), policy),
    }
    shown = _display_answers(answers, room, policy)
    timed = clock.text_values(answers, policy)  # (v3) one clock, by audience
    texts, missing = {}, set()
    if judged and not answers.get("judgement_reason"):
        missing.add("judgement_reason")
    for template_id in ids:
        template = policy.templates[template_id]
        values = timed[template.audience]
        text, gaps = render(template, {**common, **values}, {**shown, **values}, policy)
        held = stages.blockers(template_id, stage, policy)
        blockers = (*ready.blockers(template, gaps, answers, policy), *held)
        texts[template_id] = replace(text, blockers=blockers)
        missing.update(gaps)
    return texts, missing


def _warnings(
    missing: set[str], room: str | None, answers: Answers, judged: str | None, policy: Policy
) -> list[Issue]:
    """The warnings about the answers, in form order: one per missing field (the room's asks for
    a name), (v3) a handbook question left unanswered (another reason was enough), a `stay` that
    changes nothing, each handle a customer would read."""
    unanswered = answers.unanswered
    if room is None:
        missing = missing | {"slack_room"}
    warnings = []
    for key in policy.question_order:
        if key in unanswered:
            short = policy.question(key).short
            warnings.append(Issue(key, policy.warnings.unanswered.format(short=short)))
        elif key == "slack_room" and room is None:
            warnings.append(Issue(key, policy.warnings.no_room.format(short=key)))
        elif key in missing:
            short = policy.question(key).short
            warnings.append(Issue(key, policy.warnings.missing.format(short=short)))
    if answers.get("judgement") == "stay" and judged is None:
        warnings.append(Issue("judgement", policy.warnings.stay_without_call))
    warnings += ready.handle_warnings(answers, policy)
    return sorted(warnings, key=lambda issue: policy.question_order.index(issue.field))


def _template_ids(escalate: bool, judged: str | None) -> tuple[str, ...]:
    """The texts of the recommendation (v3: `stay` adds the touch base to those of continue)."""
    if escalate:
        return contract.TEMPLATE_IDS
    return contract.STAY_TEMPLATES if judged == "stay" else contract.CONTINUE_TEMPLATES


def decide(answers: Answers, policy: Policy) -> Decision:
    """The full decision for valid answers."""
    questions = _question_reasons(answers, policy)
    judged = judgement(answers, questions)
    reasons = _reasons(questions, judged, policy)
    escalate = bool(reasons) and judged != "stay"
    left = reevaluate_in_hours(answers, escalate, policy)
    room = answers.get("slack_room") or suggest_room(
        answers.get("customer"), policy.channels, policy.limits.room_name
    )
    # (v3) the stage: at open and closed the escalation runs, whatever the questions now say
    stage, record = answers.get("stage"), answers.get("record") or ()
    running = stages.escalating(escalate, stage)
    template_ids = stages.template_ids(running, _template_ids(running, judged), stage, bool(record))
    texts, missing = _texts(template_ids, answers, room, running, reasons, judged, policy)
    ahead = () if stage == "closed" else moments.moments(answers, running, policy)
    late = moments.overdue(ahead)
    step_ids = _step_ids(answers, running, late, policy)
    return Decision(
        recommendation="escalate" if escalate else "continue",
        headline=stages.headline(stage, policy) or headline(reasons, left, policy),
        reasons=tuple(reasons),
        reevaluate_in_hours=left,
        severity=policy.level(answers.severity).facts() if answers.severity else None,
        slack_room=room,
        steps=tuple(_steps(step_ids, answers, room, left, late, judged, policy)),
        templates=texts,
        moments=ahead,
        record=record,
        warnings=(
            *_warnings(missing, room, answers, judged, policy),
            *urls.warnings(answers.given, policy),
            *moments.warnings(ahead, policy),
            *time_input.warnings(answers, policy),
        ),
    )
