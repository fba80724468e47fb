"""The decision and its parts, as the contract's JSON object."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class Issue:
    """An error or warning about one answer key (`field`), or the whole document (None)."""

    field: str | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        """The contract's `{"field", "message"}` object."""
        return {"field": self.field, "message": self.message}


@dataclass(frozen=True, slots=True)
class Item:
    """A reason, a step or the headline: a stable id and its text; (v3) a step the stage has
    done is `done`."""

    id: str
    text: str
    done: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The contract's `{"id", "text"}` object, with (v3) `"done": true` for a step done."""
        return {"id": self.id, "text": self.text, **({"done": True} if self.done else {})}


class Shaped(Protocol):
    """Every form of a text (`formats.Forms`); its HTML form derived when read."""

    @property
    def html(self) -> str:
        """The HTML form."""
        ...


@dataclass(frozen=True, slots=True)
class Text:
    """One paste-ready text, and (v3) whether it is ready to go out, and why not."""

    title: str
    audience: str
    format: str
    text: str
    #: Every form of the text; its HTML form is derived only when read (`html`).
    shaped: Shaped
    blockers: tuple[Issue, ...] = ()

    @property
    def html(self) -> str:
        """The text as a small HTML fragment (rich paste)."""
        return self.shaped.html

    @property
    def ready(self) -> bool:
        """Ready to go out: nothing blocks it."""
        return not self.blockers

    def to_dict(self, *, html: bool = True) -> dict[str, Any]:
        """The contract's template object; `html=False`: its `html` is null, not derived (the
        page's typing path, which asks for it when a text is copied)."""
        return {
            "title": self.title,
            "audience": self.audience,
            "format": self.format,
            "text": self.text,
            "html": self.html if html else None,
            "ready": self.ready,
            "blockers": [b.to_dict() for b in self.blockers],
        }


@dataclass(frozen=True, slots=True)
class Moment:
    """A time ahead the engineer must not miss (contract v2, Time)."""

    id: str
    at: datetime
    label: str
    overdue: bool

    def to_dict(self) -> dict[str, Any]:
        """The contract's `{"id", "at", "label", "overdue"}` object (`at` keeps its offset)."""
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "label": self.label,
            "overdue": self.overdue,
        }


@dataclass(frozen=True, slots=True)
class Entry:
    """(v3) One entry of the escalation's record: when, what kind, and the engineer's words."""

    at: datetime
    kind: str
    text: str

    def to_dict(self) -> dict[str, str]:
        """The contract's `{"at", "kind", "text"}` object (`at` keeps its offset)."""
        return {"at": self.at.isoformat(), "kind": self.kind, "text": self.text}


@dataclass(frozen=True, slots=True)
class Decision:
    """The engine's answer: a recommendation with everything around it, or errors."""

    recommendation: str | None = None
    headline: Item | None = None
    reasons: tuple[Item, ...] = ()
    reevaluate_in_hours: float | None = None
    severity: dict[str, str] | None = None
    slack_room: str | None = None
    steps: tuple[Item, ...] = ()
    templates: dict[str, Text] = field(default_factory=dict)
    moments: tuple[Moment, ...] = ()
    #: (v3) The record, in time order.
    record: tuple[Entry, ...] = ()
    warnings: tuple[Issue, ...] = ()
    errors: tuple[Issue, ...] = ()

    @classmethod
    def failed(cls, errors: list[Issue] | tuple[Issue, ...]) -> Decision:
        """The contract's shape for invalid answers: every part empty or null."""
        return cls(errors=tuple(errors))

    def to_dict(self, *, html: bool = True) -> dict[str, Any]:
        """The contract's JSON object, keys in the contract's order; `html=False`: each text's
        `html` is null (see `Text.to_dict`)."""
        return {
            "recommendation": self.recommendation,
            "headline": self.headline.to_dict() if self.headline else None,
            "reasons": [r.to_dict() for r in self.reasons],
            "reevaluate_in_hours": self.reevaluate_in_hours,
            "severity": dict(self.severity) if self.severity else None,
            "slack_room": self.slack_room,
            "steps": [s.to_dict() for s in self.steps],
            "templates": {k: t.to_dict(html=html) for k, t in self.templates.items()},
            "moments": [m.to_dict() for m in self.moments],
            "record": [e.to_dict() for e in self.record],
            "warnings": [w.to_dict() for w in self.warnings],
            "errors": [e.to_dict() for e in self.errors],
        }
