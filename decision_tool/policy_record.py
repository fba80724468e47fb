"""(v3) The policy's `[record]` table: the record's limits, the stages' and kinds' names, help."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from decision_tool import contract
from decision_tool.policy_check import Checker

#: The `[record]` table's keys: two limits, two help texts, then the two tables of names.
LIMIT_KEYS = ("max_entries", "text_length")
HELP_KEYS = ("stage_help", "record_help")
#: Dynamic placeholders of the help texts, filled by the CLI's help.
HELP_DYNAMIC = frozenset({"stages", "kinds"})


@dataclass(frozen=True, slots=True)
class RecordPolicy:
    """The record's bounds, the names of the stages and of the kinds of entry, the CLI's help."""

    max_entries: int
    text_length: int
    stage_help: str
    record_help: str
    stages: Mapping[str, str]
    kinds: Mapping[str, str]
    #: Template id -> the stage its posting starts (the page offers to mark it posted).
    starts: Mapping[str, str]


def static_values(data: Mapping[str, Any]) -> dict[str, str]:
    """The record's limits as static placeholder values (`{max_entries}`, `{text_length}`)."""
    table = data.get("record", {})
    if not isinstance(table, Mapping):
        return {}
    return {k: str(table[k]) for k in LIMIT_KEYS if isinstance(table.get(k), int)}


def parse_record(data: Mapping[str, Any], checker: Checker) -> RecordPolicy:
    """The `[record]` table, every problem recorded by the checker."""
    table = checker.table(data, "record", (*LIMIT_KEYS, *HELP_KEYS, "stages", "kinds", "starts"))
    limits = checker.ints({"record": {k: table.get(k) for k in LIMIT_KEYS}}, "record", LIMIT_KEYS)
    helps = {key: checker.text(table.get(key), f"record.{key}", HELP_DYNAMIC) for key in HELP_KEYS}
    names = {
        name: checker.strings({f"record.{name}": table.get(name, {})}, f"record.{name}", ids)
        for name, ids in (("stages", contract.STAGES), ("kinds", contract.RECORD_KINDS))
    }
    return RecordPolicy(
        **limits,
        **helps,
        stages=MappingProxyType(names["stages"]),
        kinds=MappingProxyType(names["kinds"]),
        starts=MappingProxyType(_starts(table.get("starts", {}), checker)),
    )


def _starts(table: Any, checker: Checker) -> dict[str, str]:
    """`[record.starts]`: template ids of the contract, each naming a stage of the contract."""
    if not isinstance(table, Mapping):
        checker.problem("record.starts", "must be a table")
        return {}
    starts = {}
    for template_id, stage in table.items():
        where = f"record.starts.{template_id}"
        if template_id not in contract.ALL_TEMPLATE_IDS:
            checker.problem(where, "names no template of the contract")
        elif stage not in contract.STAGES:
            checker.problem(where, f"must be one of {', '.join(contract.STAGES)}")
        else:
            starts[template_id] = stage
    return starts
