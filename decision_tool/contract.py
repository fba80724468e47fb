"""Fixed names from the decision contract: answer keys, ids and their required order."""

from __future__ import annotations

#: Every answer key the contract defines, in the contract's order.
ANSWER_KEYS: tuple[str, ...] = (
    "hours_running",
    "started_at",
    "now",
    "resolution_in_sight",
    "blocked",
    "blocked_detail",
    "has_tam",
    "severity",
    "customer",
    "ticket_url",
    "slack_room",
    "escalation_doc_url",
    "call_hours",
    "next_touchpoint",
    "engineer",
    "manager",
    "next_engineer",
    "next_manager",
    "tam",
    "summary",
    "latest_update",
    "tried",
    "next_steps",
    # Time (v2)
    "shift_ends_at",
    "customer_timezone",
    # (v2) the judgement call and the texts' names
    "impact",
    "judgement",
    "judgement_reason",
    "customer_contact",
    "signature",
    # (v3) when `hours_running` was true (the page sets it when the hours are typed)
    "hours_as_of",
    # (v3) the escalation's stage and record (the page's own controls, not the form's questions)
    "stage",
    "record",
)

#: (v3) The answer that dates `hours_running`: the page keeps it with that question.
HOURS_AS_OF: str = "hours_as_of"

#: (v3) The answers of the stage and the record, checked after the questions.
STAGE_KEYS: tuple[str, ...] = ("stage", "record")
#: Answer keys that are questions in the form (all but `now`, `hours_as_of`, the stage and the
#: record).
QUESTION_KEYS: frozenset[str] = frozenset(ANSWER_KEYS) - {"now", HOURS_AS_OF, *STAGE_KEYS}

#: Value type of each answer key, as the contract states it.
KEY_TYPES: dict[str, str] = {
    "hours_running": "number",
    "call_hours": "number",
    "started_at": "datetime",
    "now": "datetime",
    "next_touchpoint": "datetime",
    "resolution_in_sight": "choice",
    "severity": "choice",
    "blocked": "choices",
    "has_tam": "boolean",
    "customer": "line",
    "engineer": "line",
    "manager": "line",
    "next_engineer": "line",
    "next_manager": "line",
    "tam": "line",
    "slack_room": "room",
    "ticket_url": "url",
    "escalation_doc_url": "url",
    "blocked_detail": "text",
    "summary": "text",
    "latest_update": "text",
    "tried": "text",
    "next_steps": "text",
    # Time (v2)
    "shift_ends_at": "datetime",
    "customer_timezone": "timezone",
    # (v2) the judgement call and the texts' names
    "impact": "text",
    "judgement": "judgement",
    "judgement_reason": "text",
    "customer_contact": "line",
    "signature": "line",
    # (v3)
    "hours_as_of": "datetime",
}

#: Form kinds the policy may give each value type.
KINDS_FOR_TYPE: dict[str, frozenset[str]] = {
    "number": frozenset({"number"}),
    "datetime": frozenset({"datetime"}),
    "choice": frozenset({"radio", "select"}),
    "choices": frozenset({"checkboxes"}),
    "boolean": frozenset({"checkbox"}),
    "line": frozenset({"text"}),
    "room": frozenset({"text"}),
    "url": frozenset({"url"}),
    "text": frozenset({"textarea", "text"}),
    "timezone": frozenset({"text", "timezone"}),
    "judgement": frozenset({"radio"}),
}

#: Allowed values of the choice answers.
CHOICE_VALUES: dict[str, tuple[str, ...]] = {
    "resolution_in_sight": ("yes", "no", "unsure"),
    "severity": ("low", "medium", "high", "critical"),
    "blocked": ("renewal", "migration", "other_initiative"),
    "judgement": ("escalate", "stay"),
}

#: (v3) The judgement both ways: what an old link's boolean `judgement` reads as (`false`: none).
JUDGEMENT_TRUE: str = "escalate"
#: Optional choice questions whose form offers "no answer" as a choice of its own (value "").
NONE_CHOICE: frozenset[str] = frozenset({"judgement"})

#: The two answers of which exactly one must be given: the hours, or the start time.
EITHER: tuple[str, str] = ("hours_running", "started_at")

#: The answer that names an escalation level: its choices are the policy's `[[levels]]`.
LEVEL_KEY: str = "severity"
LEVEL_IDS: tuple[str, ...] = CHOICE_VALUES[LEVEL_KEY]
LEVEL_FACTS: tuple[str, ...] = ("when", "cadence", "involved", "dri")
#: The form's groups, in form order (their titles are in the policy's `[[groups]]`).
GROUPS: tuple[str, ...] = ("decision", "context", "people", "texts")

#: The reasons that hold, in this order: the two questions, then the judgement either way.
QUESTION_REASONS: tuple[str, ...] = ("long_running", "outside_factors")
REASON_IDS: tuple[str, ...] = (*QUESTION_REASONS, "judgement", "judgement_stay")

#: (v3) The headline's ids: the recommendation's, then those of the stages `open` and `closed`.
HEADLINE_IDS: tuple[str, ...] = ("escalate", "judgement", "stay", "continue", "open", "closed")

ESCALATE_STEPS_HEAD: tuple[str, ...] = (
    "touch_base_managers",
    "choose_severity",
    "create_slack_room",
)
ESCALATE_STEPS_TAIL: tuple[str, ...] = (
    "assign_ticket",
    "link_doc_and_room",
    "post_updates",
    "schedule_touchpoint",
    "handover_end_of_shift",
    "consider_dev_escalation",
)
CONTINUE_STEPS: tuple[str, ...] = ("reevaluate", "schedule_touchpoint")
STEP_IDS: tuple[str, ...] = (
    *ESCALATE_STEPS_HEAD,
    "escalation_doc_by_tam",
    "escalation_doc_by_manager",
    *ESCALATE_STEPS_TAIL,
    "reevaluate",
    "take_break",
)

TEMPLATE_IDS: tuple[str, ...] = (
    "managers_touch_base",
    "escalated_customers_open",
    "ticket_comment",
    "room_update",
    "handover",
    "customer_update",
    "dev_escalation",
)
CONTINUE_TEMPLATES: tuple[str, ...] = ("customer_update",)
#: (v3) At `closed`: the closing texts, then the review.
CLOSING_TEMPLATES: tuple[str, ...] = (
    "escalated_customers_close",
    "customer_closing",
    "ticket_closing",
)
#: (v3) The documents written from the answers and the record.
DOCUMENT_TEMPLATES: tuple[str, ...] = ("timeline", "escalation_doc", "review")
#: Every template the policy defines, in the order a decision lists them.
ALL_TEMPLATE_IDS: tuple[str, ...] = (*TEMPLATE_IDS, *CLOSING_TEMPLATES, *DOCUMENT_TEMPLATES)
#: (v3) `stay`: the texts of continue, and the touch base that reports the judgement.
STAY_TEMPLATES: tuple[str, ...] = ("managers_touch_base", *CONTINUE_TEMPLATES)

AUDIENCES: frozenset[str] = frozenset({"internal", "public"})
FORMATS: frozenset[str] = frozenset({"slack", "markdown", "text"})

#: Answers that are internal links: never in a public text.
INTERNAL_KEYS: frozenset[str] = frozenset({"escalation_doc_url", "slack_room"})

#: (v3 "Time input") The years a typed date may have: every moment computed from one (a handover
#: lead before it, a threshold after it, in any zone) stays inside what a datetime can hold.
YEARS: tuple[int, int] = (1970, 9998)

# Time (v2): the moments ahead, in the order that breaks a tie between equal times.
MOMENT_IDS: tuple[str, ...] = ("long_running_mark", "next_touchpoint", "handover", "shift_end")

#: (v3) The escalation's stages, in the order it moves through them (contract v3, Stages).
STAGES: tuple[str, ...] = ("emergency", "touch_base", "open", "closed")
#: (v3) The kinds of a record entry.
RECORD_KINDS: tuple[str, ...] = ("stage", "posted", "touchpoint", "handover", "note")
