"""The handover answers the benchmark opens the pages with: every question answered, escalate."""

from __future__ import annotations

import json
from urllib.parse import quote

from decision_tool import samples
from tools import questionnaire as tool

#: Every question answered, escalating (the build's and the tests' sample).
HANDOVER: dict[str, object] = samples.ESCALATE


def fragment() -> str:
    """The answers as the P page's URL fragment (URL-encoded compact JSON)."""
    return "#" + quote(json.dumps(HANDOVER, separators=(",", ":"), ensure_ascii=False), safe="")


def link() -> str:
    """O: the questionnaire page with the answers in its permalink (relative to the site)."""
    return tool.permalink(HANDOVER)
