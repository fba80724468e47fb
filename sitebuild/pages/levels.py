"""Render the escalation levels table of the handbook from the policy."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape

from decision_tool.policy import Level, Policy


def render_levels_table(policy: Policy) -> str:
    """An HTML table of the policy's levels, one row per level with the id `Level.anchor`."""
    return _table(policy.levels, policy.level_facts)


def _table(levels: Iterable[Level], facts: Mapping[str, str]) -> str:
    """The table markup, one column per level fact; every policy text is HTML-escaped."""
    head = "".join(f'<th scope="col">{escape(label)}</th>' for label in facts.values())
    rows = "\n".join(_row(level, facts) for level in levels)
    return (
        "<table>\n"
        "<caption>Escalation levels, from the least to the most serious</caption>\n"
        f'<thead><tr><th scope="col">Level</th>{head}</tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n"
        "</table>"
    )


def _row(level: Level, facts: Mapping[str, str]) -> str:
    """One table row: the level's name as the row header, then its facts."""
    cells = "".join(f"<td>{escape(str(getattr(level, key)))}</td>" for key in facts)
    return f'<tr id="{escape(level.anchor)}"><th scope="row">{escape(level.label)}</th>{cells}</tr>'
