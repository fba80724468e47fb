"""Render the escalation levels table of the handbook from the policy."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any, Protocol

COLUMNS = (
    ("when", "When it applies"),
    ("cadence", "Account escalation's communication cadence (internal and with the customer)"),
    ("involved", "Kept informed"),
    ("dri", "DRI"),
)


class Level(Protocol):
    """The facts of one escalation level, as the policy holds them."""

    id: str
    label: str
    when: str
    cadence: str
    involved: str
    dri: str


def level_anchor(level_id: str) -> str:
    """The stable HTML id of a level's row, e.g. `level-high`."""
    return f"level-{level_id}"


def render_levels_table(policy: Any) -> str:
    """An HTML table of the policy's levels, one row per level with the id `level-<id>`."""
    return _table(policy.levels)


def _table(levels: Iterable[Level]) -> str:
    """The table markup; every policy text is HTML-escaped."""
    head = "".join(f'<th scope="col">{escape(title)}</th>' for _, title in COLUMNS)
    rows = "\n".join(_row(level) for level in levels)
    return (
        "<table>\n"
        "<caption>Escalation levels, from the least to the most serious</caption>\n"
        f'<thead><tr><th scope="col">Level</th>{head}</tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n"
        "</table>"
    )


def _row(level: Level) -> str:
    """One table row: the level's name as the row header, then its facts."""
    cells = "".join(f"<td>{escape(str(getattr(level, key)))}</td>" for key, _ in COLUMNS)
    anchor = escape(level_anchor(level.id))
    return f'<tr id="{anchor}"><th scope="row">{escape(level.label)}</th>{cells}</tr>'
