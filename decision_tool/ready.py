"""(v3) Ready or not: why a public text must not go out yet, and the handles it would greet or sign.

A public text is not ready when it would show a placeholder, promise a time that has passed, or
greet or be signed with a handle. Internal texts with placeholders stay ready: a colleague reads
them.
"""

from __future__ import annotations

from collections.abc import Iterable

from decision_tool.model import Issue
from decision_tool.policy import Policy, Template
from decision_tool.validate import Answers

#: The names a public text greets or is signed with, and the warning of each as a handle.
NAMED = {"customer_contact": "handle_contact", "signature": "handle_signature"}


def is_handle(value: str | None, engineer: str | None) -> bool:
    """A Slack handle: `@name`, or the engineer's own answer when that has no space in it."""
    if not value:
        return False
    return value.startswith("@") or (
        engineer is not None and " " not in engineer and value == engineer
    )


def handles(answers: Answers) -> list[str]:
    """The answers a customer would be greeted or signed with that are handles, in form order."""
    engineer = answers.get("engineer")
    return [key for key in NAMED if is_handle(answers.get(key), engineer)]


def handle_warnings(answers: Answers, policy: Policy) -> tuple[Issue, ...]:
    """A warning at each name a customer would be greeted or signed with that is a handle."""
    return tuple(Issue(key, getattr(policy.warnings, NAMED[key])) for key in handles(answers))


def blockers(
    template: Template, missing: Iterable[str], answers: Answers, policy: Policy
) -> tuple[Issue, ...]:
    """Why a text is not ready (empty when it is): each at the field that would make it ready,
    in form order."""
    if template.audience != "public":
        return ()
    shown = {*template.needs, *template.uses}
    found = [
        Issue(key, policy.blockers.placeholder.format(short=policy.question(key).short))
        for key in missing
    ]
    touchpoint = answers.next_touchpoint
    if "next_touchpoint" in shown and touchpoint is not None and touchpoint < answers.now:
        found.append(Issue("next_touchpoint", policy.blockers.past_touchpoint))
    found += [
        Issue(key, getattr(policy.warnings, NAMED[key])) for key in handles(answers) if key in shown
    ]
    return tuple(sorted(found, key=lambda issue: policy.question_order.index(issue.field)))
