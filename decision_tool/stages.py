"""(v3) What the escalation's stage changes: texts, steps done, texts held back, the headline."""

from __future__ import annotations

from decision_tool import contract
from decision_tool.model import Issue, Item
from decision_tool.policy import Policy

#: The stages at which the escalation runs (a manager engaged): its texts are needed whatever
#: the questions now say (the recommendation underneath is unchanged).
RUNNING = ("open", "closed")
#: The stages before `open`: texts that presume a running escalation are held back.
BEFORE_OPEN = ("emergency", "touch_base")
#: Texts that presume a running escalation (contract v3, Stages).
PRESUME_RUNNING = ("ticket_comment", "room_update", "dev_escalation")
#: The steps each stage has done, by the first stage that does them.
DONE_FROM = {
    "touch_base": ("touch_base_managers",),
    "open": ("create_slack_room", "escalation_doc_by_tam", "escalation_doc_by_manager",
             "assign_ticket", "link_doc_and_room"),
}  # fmt: skip
#: The stages at which the escalation document's skeleton is offered (it is being started).
DOC_STAGES = ("touch_base", "open")


def escalating(escalate: bool, stage: str | None) -> bool:
    """The escalation's steps and texts apply: the recommendation, or a stage where it runs."""
    return escalate or stage in RUNNING


def more_people(escalating: bool, stage: str | None) -> bool:
    """The customer reply may say more people are coming in: escalating, and not before open."""
    return escalating and stage not in BEFORE_OPEN


def done(step_id: str, stage: str | None) -> bool:
    """The stage has done this step (`touch_base` and every later stage do the touch base...)."""
    if stage is None:
        return False
    reached = contract.STAGES[: contract.STAGES.index(stage) + 1]
    return any(step_id in DONE_FROM.get(passed, ()) for passed in reached)


def template_ids(
    running: bool, usual: tuple[str, ...], stage: str | None, has_record: bool
) -> tuple[str, ...]:
    """The texts of a decision: at `closed` the closing texts and the review, else the usual
    ones (and the document's skeleton while it is being started); the timeline with a record."""
    timeline = ("timeline",) if has_record else ()
    if stage == "closed":
        return (*contract.CLOSING_TEMPLATES, *timeline, "review")
    document = ("escalation_doc",) if running and stage in DOC_STAGES else ()
    return (*usual, *timeline, *document)


def blockers(template_id: str, stage: str | None, policy: Policy) -> tuple[Issue, ...]:
    """A blocker at `stage` for a text that presumes a running escalation, before `open`."""
    if stage in BEFORE_OPEN and template_id in PRESUME_RUNNING:
        return (Issue("stage", policy.blockers.stage),)
    return ()


def headline(stage: str | None, policy: Policy) -> Item | None:
    """The headline of the stages `open` and `closed`, else None (the recommendation's)."""
    return Item(stage, policy.headlines[stage]) if stage in RUNNING else None
