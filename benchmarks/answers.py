"""The handover answers the benchmark opens the page with: every question answered, escalate."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote

from decision_tool import samples

#: Every question answered, escalating (the build's and the tests' sample).
HANDOVER: dict[str, object] = samples.ESCALATE


def answers_json() -> str:
    """The answers as compact JSON text (what the engine receives)."""
    return json.dumps(HANDOVER, separators=(",", ":"), ensure_ascii=False)


def fragment() -> str:
    """The answers as the P page's URL fragment (URL-encoded JSON)."""
    return "#" + quote(answers_json(), safe="")


def permalink() -> str:
    """The questionnaire's permalink fragment: `#answers=` + base64url of the UTF-8 JSON."""
    data = base64.urlsafe_b64encode(answers_json().encode("utf-8")).decode("ascii").rstrip("=")
    return f"#answers={data}"
