"""Checks of the policy file's structure, collecting every problem with its location."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

from decision_tool import contract, timezones
from decision_tool.policy_text import fill_static

TOP_KEYS = ("rule", "limits", "channels", "links", "levels", "level_facts", "groups",
            "questions", "reasons", "steps", "templates", "warnings",
            "headlines", "banner", "texts", "blockers")  # fmt: skip
QUESTION_FIELDS = frozenset({"key", "label", "help", "kind", "group", "source", "required",
                             "short", "placeholder", "options", "detail_of"})  # fmt: skip
QUESTION_REQUIRED = ("key", "label", "help", "kind", "group", "source", "required", "short")
LEVEL_FIELDS = ("id", "label", "when", "cadence", "involved", "dri")
TEMPLATE_FIELDS = ("title", "audience", "format", "needs", "uses")
DYNAMIC = {
    "reasons": frozenset({"hours", "blocked"}),
    "steps": frozenset({"room", "reevaluate_in", "due"}),
    "warnings": frozenset({"short", "host", "punycode"}),
    "blockers": frozenset({"short"}),
}
SOURCE_RE = re.compile(r"^[a-z0-9-]+\.md#[a-z0-9-]+$")
GROUP_FIELDS = ("id", "title", "intro", "source")
#: The kinds of question a detail box can belong to (it shows once that question is answered:
#: a box ticked, a choice other than a "none" one made).
DETAIL_OF_KINDS = frozenset({"checkbox", "checkboxes", "radio"})
#: The steps with more texts than `text`: past and at the threshold; (v3) when overdue.
STEP_EXTRAS = {
    "reevaluate": ("text_past_threshold", "text_at_threshold", "text_stay"),
    "schedule_touchpoint": ("text_overdue",),
    "handover_end_of_shift": ("text_overdue",),
}
#: (v3) The headline texts: one per headline id, and `continue` at the threshold exactly.
HEADLINE_KEYS = (*contract.HEADLINE_IDS, "continue_at_mark")
#: The page's banner: a headline per state without a decision (most with a line under it), the
#: engine-free fallback rule, and when to ask again.
BANNER_STATES = ("empty", "loading", "restarting", "failed", "unsupported", "error")
BANNER_KEYS = (*(k for state in BANNER_STATES for k in (state, f"{state}_detail")),
               "problems", "missing", "fallback", "again")  # fmt: skip
DYNAMIC["banner"] = frozenset({"fallback", "error", "clock"})
# Time (v2, v3): the [time] table, its texts' dynamic placeholders, its numbers and their ranges.
TOP_KEYS += ("time", "record")
DYNAMIC["time"] = frozenset({"lead", "customer", "ticket", "label", "clock", "duration", "due",
                             "zone", "place", "offset", "typed", "expected", "usual", "start",
                             "end"})  # fmt: skip
TIME_TEXTS = ("touchpoint_past", "handover_past", "calendar_customer", "calendar_ticket",
              "calendar_summary", "customer_clock", "as_of", "touchpoint_passed",
              "fixed_offset_zone", "touchpoint_offset", "touchpoint_outside_day")  # fmt: skip
MAX_HANDOVER_LEAD_MINUTES = 24 * 60
#: The [time] table's numbers: each one's lowest and highest value.
TIME_NUMBERS = {
    "handover_lead_minutes": (1, MAX_HANDOVER_LEAD_MINUTES),
    "customer_day_start_hour": (0, 23),
    "customer_day_end_hour": (1, 24),
    "calendar_event_minutes": (1, 24 * 60),
    "calendar_alarm_minutes": (1, 24 * 60),
}
#: The [time] table's tables: a text per moment id, and the public names of common zones.
TIME_TABLES = ("labels", "short_labels", "zone_names")
#: The longest running time a policy may allow (300 days): a threshold after a date typed in the
#: last year allowed (contract.YEARS) stays inside the years a datetime can hold.
MAX_RULE_HOURS = 300 * 24


class Checker:
    """Reads policy sections, recording each problem instead of stopping at the first."""

    def __init__(self, values: Mapping[str, str]) -> None:
        """Start with the static placeholder values."""
        self.values = values
        self.problems: list[str] = []

    def problem(self, where: str, what: str) -> None:
        """Record one problem at a location like `questions[3].kind`."""
        self.problems.append(f"{where}: {what}")

    def text(self, value: Any, where: str, dynamic: frozenset[str] = frozenset()) -> str:
        """A non-empty string with its static placeholders filled."""
        if not isinstance(value, str) or not value.strip():
            self.problem(where, "must be a non-empty string")
            return ""
        try:
            return fill_static(value, self.values, dynamic)
        except (KeyError, ValueError) as exc:
            self.problem(where, str(exc).strip("'\""))
            return value

    def check_top(self, data: Mapping[str, Any]) -> None:
        """Every top-level table is present and none is unknown."""
        for key in TOP_KEYS:
            if key not in data:
                self.problem(key, "missing")
        for key in data:
            if key not in TOP_KEYS:
                self.problem(key, "unknown top-level key")

    def table(self, data: Mapping[str, Any], name: str, keys: Iterable[str]) -> Mapping[str, Any]:
        """A table with exactly these keys (problems recorded, missing ones left out)."""
        table = data.get(name, {})
        if not isinstance(table, Mapping):
            self.problem(name, "must be a table")
            return {}
        keys = tuple(keys)
        for key in keys:
            if key not in table:
                self.problem(f"{name}.{key}", "missing")
        for key in table:
            if key not in keys:
                self.problem(f"{name}.{key}", "unknown key")
        return table

    def numbers(self, data: Mapping[str, Any], name: str, keys: tuple[str, ...]) -> dict:
        """Positive finite numbers (not booleans)."""
        return self._positive(data, name, keys, int | float, "a positive number")

    def ints(self, data: Mapping[str, Any], name: str, keys: tuple[str, ...]) -> dict:
        """Positive integers."""
        return self._positive(data, name, keys, int, "a positive integer")

    def _positive(
        self, data: Mapping[str, Any], name: str, keys: tuple[str, ...], kind: Any, what: str
    ) -> dict:
        """The table's values, each of `kind` (never a boolean), finite and above 0; else 1."""
        table = self.table(data, name, keys)
        out = {}
        for key in keys:
            value = table.get(key, 1)
            ok = isinstance(value, kind) and not isinstance(value, bool)
            if not (ok and math.isfinite(value) and value > 0):
                self.problem(f"{name}.{key}", f"must be {what}")
                value = 1
            out[key] = value
        return out

    def strings(self, data: Mapping[str, Any], name: str, keys: tuple[str, ...]) -> dict:
        """Non-empty strings (keeping the dynamic placeholders their table allows)."""
        table = self.table(data, name, keys)
        dynamic = DYNAMIC.get(name, frozenset())
        return {key: self.text(table.get(key), f"{name}.{key}", dynamic) for key in keys}

    def entries(self, data: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
        """An array of tables."""
        items = data.get(name, [])
        if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
            self.problem(name, "must be an array of tables")
            return []
        return items

    def levels(self, data: Mapping[str, Any]) -> list[dict[str, str]]:
        """The four levels in contract order, each with a label and every fact."""
        return self.listed(data, "levels", contract.LEVEL_IDS, LEVEL_FIELDS)

    def listed(
        self, data: Mapping[str, Any], name: str, ids: tuple[str, ...], fields: tuple[str, ...]
    ) -> list[dict[str, str]]:
        """An array of tables with exactly these ids in this order, each with these text fields."""
        items = self.entries(data, name)
        if tuple(item.get("id") for item in items) != ids:
            self.problem(name, f"ids must be {', '.join(ids)} in that order")
        out = []
        for index, item in enumerate(items):
            where = f"{name}[{index}]"
            for key in item:
                if key not in fields:
                    self.problem(f"{where}.{key}", f"unknown key (allowed: {', '.join(fields)})")
            out.append({f: self.text(item.get(f), f"{where}.{f}") for f in fields})
        return out

    def level_facts(self, data: Mapping[str, Any]) -> dict[str, str]:
        """The label of each level fact, keyed by the contract's fact ids in their order."""
        table = self.table(data, "level_facts", contract.LEVEL_FACTS)
        if tuple(table) != contract.LEVEL_FACTS and set(table) == set(contract.LEVEL_FACTS):
            order = ", ".join(contract.LEVEL_FACTS)
            self.problem("level_facts", f"keys must be {order} in that order")
        return {
            fact: self.text(table.get(fact), f"level_facts.{fact}") for fact in contract.LEVEL_FACTS
        }

    def groups(self, data: Mapping[str, Any]) -> list[dict[str, str]]:
        """The form's groups in contract order, each with an id, a title, an intro and the
        handbook section it links to."""
        groups = self.listed(data, "groups", contract.GROUPS, GROUP_FIELDS)
        for index, group in enumerate(groups):
            if not SOURCE_RE.match(group["source"]):
                self.problem(f"groups[{index}].source", "must look like page.md#section-id")
        return groups

    def questions(self, data: Mapping[str, Any]) -> list[dict[str, Any]]:
        """One question per contract answer key except `now`, each well-formed."""
        items = self.entries(data, "questions")
        keys = [item.get("key") for item in items]
        for key in sorted(contract.QUESTION_KEYS - set(keys)):
            self.problem("questions", f"no question for answer key {key!r}")
        out, last_group = [], 0
        for index, item in enumerate(items):
            where = f"questions[{index}]"
            key = item.get("key")
            if key not in contract.QUESTION_KEYS or keys.count(key) > 1:
                self.problem(f"{where}.key", f"{key!r} is not a contract answer key, or repeats")
                continue
            where = f"questions[{key}]"
            group = item.get("group")
            if group not in contract.GROUPS:
                self.problem(f"{where}.group", f"must be one of {', '.join(contract.GROUPS)}")
            elif contract.GROUPS.index(group) < last_group:
                self.problem(f"{where}.group", "questions must be ordered by group")
            else:
                last_group = contract.GROUPS.index(group)
            out.append(self.question(item, key, where))
        self.details(out)
        return out

    def details(self, questions: list[dict[str, Any]]) -> None:
        """Each `detail_of` names an earlier checkbox question of the same group."""
        for index, question in enumerate(questions):
            owner = question.get("detail_of")
            earlier = {q["key"]: q for q in questions[:index]}
            if owner is None:
                continue
            if owner not in earlier or earlier[owner]["group"] != question["group"]:
                self.problem(f"questions[{question['key']}].detail_of", "must name an earlier "
                             "question of the same group")  # fmt: skip
            elif earlier[owner]["kind"] not in DETAIL_OF_KINDS:
                self.problem(f"questions[{question['key']}].detail_of", "must name a checkbox "
                             "or checkboxes question")  # fmt: skip

    def question(self, item: Mapping[str, Any], key: str, where: str) -> dict[str, Any]:
        """One question's fields, checked against its key's contract type."""
        for field in item:
            if field not in QUESTION_FIELDS:
                self.problem(
                    f"{where}.{field}",
                    "unknown key (min, max, max_length come from [rule] and [limits])",
                )
        for field in QUESTION_REQUIRED:
            if field not in item:
                self.problem(f"{where}.{field}", "missing")
        kind_type = contract.KEY_TYPES[key]
        if item.get("kind") not in contract.KINDS_FOR_TYPE[kind_type]:
            allowed = ", ".join(sorted(contract.KINDS_FOR_TYPE[kind_type]))
            self.problem(f"{where}.kind", f"must be one of {allowed}")
        if not SOURCE_RE.match(str(item.get("source", ""))):
            self.problem(f"{where}.source", "must look like page.md#section-id")
        if not isinstance(item.get("required"), bool):
            self.problem(f"{where}.required", "must be true or false")
        entry: dict[str, Any] = {
            "key": key,
            "kind": str(item.get("kind")),
            "group": str(item.get("group")),
            "source": str(item.get("source")),
            "required": bool(item.get("required")),
        }
        for field in ("label", "help", "short"):
            entry[field] = self.text(item.get(field), f"{where}.{field}")
        if "placeholder" in item:
            entry["placeholder"] = self.text(item["placeholder"], f"{where}.placeholder")
        if "detail_of" in item:
            entry["detail_of"] = str(item["detail_of"])
        entry["options"] = self.options(item.get("options"), key, where)
        return entry

    def options(self, options: Any, key: str, where: str) -> list[dict[str, str]]:
        """A choice question's options: exactly the contract's values, in order, each labelled."""
        values = contract.CHOICE_VALUES.get(key)
        if key == contract.LEVEL_KEY:
            if options is not None:
                self.problem(f"{where}.options", "the levels' choices come from [[levels]]: remove")
            return []
        if values is None:
            if options is not None:
                self.problem(f"{where}.options", "only for choice questions")
            return []
        if not isinstance(options, list) or not all(isinstance(o, Mapping) for o in options):
            self.problem(f"{where}.options", "must be an array of {value, label} tables")
            return []
        if key in contract.NONE_CHOICE:
            values = ("", *values)  # "no answer" is a choice of its own, first
        if tuple(o.get("value") for o in options) != values:
            shown = ", ".join(repr(value) for value in values)
            self.problem(f"{where}.options", f"values must be {shown} in that order")
        return [
            {"value": str(o.get("value")), "label": self.text(o.get("label"), f"{where}.options")}
            for o in options
        ]

    def consistency(self, rule: Any, limits: Any, channels: Any) -> None:
        """Thresholds inside their ranges; the room affixes valid in a Slack name that fits."""
        if rule.long_running_hours > rule.max_hours_running:
            self.problem("rule.long_running_hours", "must not exceed max_hours_running")
        if rule.max_hours_running > MAX_RULE_HOURS:
            self.problem("rule.max_hours_running", f"must be at most {MAX_RULE_HOURS} hours")
        if rule.call_break_hours > rule.max_call_hours:
            self.problem("rule.call_break_hours", "must not exceed max_call_hours")
        affixes = channels.room_prefix + channels.room_suffix
        if not re.fullmatch(r"[a-z0-9_-]*", affixes):
            self.problem("channels", "room_prefix and room_suffix may hold only a-z 0-9 - _")
        if len(affixes) >= limits.room_name:
            self.problem("channels", "room_prefix and room_suffix leave no room for the customer")
        for name in ("managers", "escalated_customers"):
            if not re.fullmatch(r"#[a-z0-9_-]+", getattr(channels, name)):
                self.problem(f"channels.{name}", "must be # then a-z 0-9 - _")

    def entry(self, data: Mapping[str, Any], name: str, entry_id: str) -> Mapping[str, Any]:
        """The table `name.entry_id` (empty when absent or not a table)."""
        section = data.get(name)
        entry = section.get(entry_id) if isinstance(section, Mapping) else None
        return entry if isinstance(entry, Mapping) else {}

    def dynamic_text(self, data: Mapping[str, Any], path: tuple[str, ...]) -> str:
        """A text at `section.id.field` that may keep its section's dynamic placeholders."""
        node: Any = data
        for part in path:
            node = node.get(part) if isinstance(node, Mapping) else None
        return self.text(node, ".".join(path), DYNAMIC[path[0]])

    def step(self, data: Mapping[str, Any], step_id: str) -> dict[str, str | None]:
        """One step's texts; the steps in STEP_EXTRAS have (and need) their other texts. `paste`
        (optional) names the text to paste that the step's own Copy copies."""
        entry = self.entry(data, "steps", step_id)
        extras = STEP_EXTRAS.get(step_id, ())
        for key in entry:
            if key not in ("text", "paste") and key not in extras:
                self.problem(f"steps.{step_id}.{key}", "unknown key")
        paste = entry.get("paste")
        if paste is not None and paste not in contract.TEMPLATE_IDS:
            self.problem(f"steps.{step_id}.paste", "must name a template id")
        texts = {key: self.dynamic_text(data, ("steps", step_id, key)) for key in extras}
        text = self.dynamic_text(data, ("steps", step_id, "text"))
        return {"text": text, **texts, "paste": str(paste) if paste is not None else None}

    def template(self, data: Mapping[str, Any], template_id: str) -> dict[str, Any]:
        """One template's metadata, its answers, and the presence of its `.j2` file."""
        where = f"templates.{template_id}"
        entry = self.entry(data, "templates", template_id)
        for key in entry:
            if key not in TEMPLATE_FIELDS:
                self.problem(f"{where}.{key}", "unknown key")
        audience, fmt = entry.get("audience"), entry.get("format")
        if audience not in contract.AUDIENCES:
            self.problem(f"{where}.audience", "must be internal or public")
        if fmt not in contract.FORMATS:
            self.problem(f"{where}.format", "must be slack, markdown or text")
        answers = {}
        for field in ("needs", "uses"):
            keys = entry.get(field)
            if not isinstance(keys, list) or not set(keys) <= contract.QUESTION_KEYS:
                self.problem(f"{where}.{field}", "must list contract answer keys")
                keys = []
            answers[field] = tuple(keys)
        if set(answers["needs"]) & set(answers["uses"]):
            self.problem(where, "an answer is in both needs and uses")
        used = set(answers["needs"]) | set(answers["uses"])
        if audience == "public" and used & contract.INTERNAL_KEYS:
            self.problem(where, "a public text may not use the escalation doc or the Slack room")
        path = resources.files("decision_tool").joinpath("templates", f"{template_id}.j2")
        if not path.is_file():
            self.problem(where, f"no template file templates/{template_id}.j2")
        title = self.text(entry.get("title"), f"{where}.title")
        return {"title": title, "audience": str(audience), "format": str(fmt), **answers}

    def time(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The [time] table: numbers in their ranges, texts, a label per moment, zone names."""
        table = self.table(data, "time", (*TIME_NUMBERS, *TIME_TEXTS, *TIME_TABLES))
        out: dict[str, Any] = {}
        for key, (low, high) in TIME_NUMBERS.items():
            value = table.get(key)
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if not (number and math.isfinite(value) and low <= value <= high):
                self.problem(f"time.{key}", f"must be a number from {low} to {high}")
                value = low
            out[key] = float(value)
        if out["customer_day_start_hour"] >= out["customer_day_end_hour"]:
            self.problem("time.customer_day_start_hour", "must be before customer_day_end_hour")
        for key in TIME_TEXTS:
            out[key] = self.dynamic_text(data, ("time", key))
        for key in ("labels", "short_labels"):
            labels = self.table({f"time.{key}": table.get(key, {})}, f"time.{key}",
                                contract.MOMENT_IDS)  # fmt: skip
            out[key] = {
                moment: self.text(labels.get(moment), f"time.{key}.{moment}", DYNAMIC["time"])
                for moment in contract.MOMENT_IDS
            }
        out["zone_names"] = self.zone_names(table.get("zone_names", {}))
        return out

    def zone_names(self, table: Any) -> dict[str, str]:
        """[time.zone_names]: tzdata zone names, each with the name a customer reads."""
        if not isinstance(table, Mapping):
            self.problem("time.zone_names", "must be a table")
            return {}
        out = {}
        for zone, name in table.items():
            if zone not in timezones.zone_names():
                self.problem(f"time.zone_names.{zone}", "is not a tzdata time zone name")
            out[str(zone)] = self.text(name, f"time.zone_names.{zone}")
        return out
