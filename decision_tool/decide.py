"""The handbook's rule: from valid answers to the recommendation, reasons, steps and texts."""

from __future__ import annotations

from typing import Any

from decision_tool import contract, humanize, moments, timezones, urls
from decision_tool.escaping import Placeholder
from decision_tool.model import Decision, Issue, Item, Text
from decision_tool.policy import Policy
from decision_tool.room import suggest_room
from decision_tool.texts import render
from decision_tool.validate import Answers


def _reasons(answers: Answers, policy: Policy) -> list[Item]:
    """The reasons that hold, in contract order."""
    reasons = []
    hours, sight = answers.hours, answers.resolution_in_sight
    if hours is not None and hours > policy.rule.long_running_hours and sight in ("no", "unsure"):
        text = policy.reasons["long_running"].format(hours=humanize.duration(hours))
        reasons.append(Item("long_running", text))
    if answers.blocked:
        text = policy.reasons["outside_factors"].format(
            blocked=", ".join(_blocked(answers, policy))
        )
        reasons.append(Item("outside_factors", text))
    if answers.get("judgement"):
        reasons.append(Item("judgement", policy.reasons["judgement"]))
    return reasons


def headline(reasons: list[Item], left: float | None, policy: Policy) -> Item:
    """(v3) The line the CLI and the page show first: which call the reasons make, and why."""
    ids = [reason.id for reason in reasons]
    if not ids:
        return Item("continue", policy.headlines["continue_at_mark" if left == 0 else "continue"])
    headline_id = "judgement" if ids == ["judgement"] else "escalate"
    return Item(headline_id, policy.headlines[headline_id])


def _blocked(answers: Answers, policy: Policy) -> list[str]:
    """The blocked outside factors as readers name them (`a renewal`)."""
    question = policy.question("blocked")
    labels = (question.option_label(value) for value in answers.blocked)
    return [label[:1].lower() + label[1:] for label in labels]


def reevaluate_in_hours(answers: Answers, escalate: bool, policy: Policy) -> float | None:
    """Hours left to the threshold for `continue` below it (rounded to 0.01 h), else None."""
    threshold = policy.rule.long_running_hours
    if escalate or answers.hours is None or answers.hours > threshold:
        return None
    return round(threshold - answers.hours, 2)


def _step_ids(answers: Answers, escalate: bool, policy: Policy) -> list[str]:
    """Step ids in contract order."""
    if escalate:
        doc = "escalation_doc_by_tam" if answers.has_tam else "escalation_doc_by_manager"
        ids = [*contract.ESCALATE_STEPS_HEAD, doc, *contract.ESCALATE_STEPS_TAIL]
    else:
        ids = list(contract.CONTINUE_STEPS)
    if _long_call(answers, policy):
        ids.insert(0, "take_break")  # (v2) first: the most urgent step after a long call
    return ids


def _long_call(answers: Answers, policy: Policy) -> bool:
    """True when the current call has run past the break threshold."""
    return answers.call_hours is not None and answers.call_hours > policy.rule.call_break_hours


def _steps(
    ids: list[str], answers: Answers, room: str | None, left: float | None, policy: Policy
) -> list[Item]:
    """Step texts with their dynamic parts filled."""
    values = {
        "room": room or policy.channels.room_pattern,
        "reevaluate_in": humanize.duration(left or 0),
    }
    steps = []
    for step_id in ids:
        step = policy.steps[step_id]
        text = step.text
        if step_id == "reevaluate" and left is None and step.text_past_threshold:
            text = step.text_past_threshold
        elif step_id == "reevaluate" and left == 0 and step.text_at_threshold:
            text = step.text_at_threshold  # (v2) "now", never "in 0 min"
        steps.append(Item(step_id, text.format(**values)))
    return steps


def _display_answers(answers: Answers, room: str | None, policy: Policy) -> dict[str, Any]:
    """Answers as the texts show them (dates readable, levels by label, the room resolved)."""
    shown = dict(answers.given)
    shown["slack_room"] = room
    if answers.next_touchpoint is not None:
        shown["next_touchpoint"] = humanize.moment(answers.next_touchpoint)
    if answers.severity is not None:
        shown["severity"] = policy.level(answers.severity).label
    return shown


def _texts(
    ids: tuple[str, ...],
    answers: Answers,
    room: str | None,
    escalate: bool,
    reasons: list[Item],
    policy: Policy,
) -> tuple[dict[str, Text], set[str]]:
    """Render the listed texts; also return the needed answers that were missing."""
    common = {
        "escalate": escalate,
        "reasons": [r.id for r in reasons],
        "hours": _hours_shown(answers, policy),
        "resolution_in_sight": answers.resolution_in_sight,
        "blocked": _blocked(answers, policy),
        "level": policy.level(answers.severity) if answers.severity else None,
        "touchpoint_for_customer": _touchpoint_for_customer(answers),
        # (v2) the judgement call, the start, the call length, the reply's signature
        "judgement": bool(answers.get("judgement")),
        "judgement_reason": answers.get("judgement_reason")
        or Placeholder(f"[{policy.question('judgement_reason').short}]"),
        "started": humanize.moment(answers.get("started_at"))
        if answers.get("started_at")
        else None,
        "long_call": _long_call(answers, policy),
        "call_length": humanize.duration(answers.call_hours or 0),
        "team_signature": policy.texts.team_signature,
    }
    shown = _display_answers(answers, room, policy)
    texts, missing = {}, set()
    if answers.get("judgement") and not answers.get("judgement_reason"):
        missing.add("judgement_reason")
    for template_id in ids:
        text, gaps = render(policy.templates[template_id], common, shown, policy)
        texts[template_id] = text
        missing.update(gaps)
    return texts, missing


def _hours_shown(answers: Answers, policy: Policy) -> str | Placeholder:
    """How long the emergency has run, or (v3) a placeholder while the hours are unanswered."""
    if answers.hours is None:
        return Placeholder(f"[{policy.question(contract.EITHER[0]).short}]")
    return humanize.duration(answers.hours)


def _touchpoint_for_customer(answers: Answers) -> str | None:
    """Time (v2): the touch-point in the customer's time zone and UTC, when both are given."""
    zone_name = answers.get("customer_timezone")
    if answers.next_touchpoint is None or zone_name is None:
        return None
    return timezones.customer_time(answers.next_touchpoint, zone_name)


def _warnings(
    missing: set[str], unanswered: tuple[str, ...], room: str | None, policy: Policy
) -> list[Issue]:
    """One warning per missing field, in form order; the room's asks for a name; (v3) a handbook
    question left unanswered (another reason was enough) says so at its field."""
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
    return warnings


def decide(answers: Answers, policy: Policy) -> Decision:
    """The full decision for valid answers."""
    reasons = _reasons(answers, policy)
    escalate = bool(reasons)
    left = reevaluate_in_hours(answers, escalate, policy)
    room = answers.get("slack_room") or suggest_room(
        answers.get("customer"), policy.channels, policy.limits.room_name
    )
    template_ids = contract.TEMPLATE_IDS if escalate else contract.CONTINUE_TEMPLATES
    texts, missing = _texts(template_ids, answers, room, escalate, reasons, policy)
    ahead = moments.moments(answers, escalate, policy)
    return Decision(
        recommendation="escalate" if escalate else "continue",
        headline=headline(reasons, left, policy),
        reasons=tuple(reasons),
        reevaluate_in_hours=left,
        severity=policy.level(answers.severity).facts() if answers.severity else None,
        slack_room=room,
        steps=tuple(_steps(_step_ids(answers, escalate, policy), answers, room, left, policy)),
        templates=texts,
        moments=ahead,
        warnings=(
            *_warnings(missing, answers.unanswered, room, policy),
            *urls.warnings(answers.given, policy),
            *moments.warnings(ahead, policy),
        ),
    )
