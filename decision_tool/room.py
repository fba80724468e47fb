"""The Slack room suggestion: `#<prefix><customer-slug><suffix>`, within Slack's length limit."""

from __future__ import annotations

import re
import unicodedata

from decision_tool.policy import Channels

_OTHER = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """Lowercase ASCII, accents stripped, each run of other characters one `-`, trimmed."""
    decomposed = unicodedata.normalize("NFKD", name.lower())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _OTHER.sub("-", bare.lower()).strip("-")


def suggest_room(customer: str | None, channels: Channels, max_name: int) -> str | None:
    """The suggested room for a customer, or None when the name has no ASCII letter or digit."""
    if not customer:
        return None
    room_slug = slug(customer)
    room = max_name - len(channels.room_prefix) - len(channels.room_suffix)
    room_slug = room_slug[: max(room, 0)].rstrip("-")
    if not room_slug:
        return None
    return f"#{channels.room_prefix}{room_slug}{channels.room_suffix}"
