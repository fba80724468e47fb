"""Policy values in running text: `<!-- decision-tool:policy NAME -->` becomes the policy's text."""

from __future__ import annotations

import re

from decision_tool.policy import Policy
from sitebuild.errors import BuildError

#: What every marker of ours starts with (the check over the built site looks for it too).
MARKER_START = r"<!--\s*decision-tool:"
#: `<!-- decision-tool:policy long_running_hours -->` in a page: that policy value, as text.
VALUE_MARKER = re.compile(MARKER_START + r"policy\s+(?P<name>[\w-]+)\s*-->")


def fill_values(text: str, policy: Policy, where: str) -> str:
    """`text` with each value marker replaced by the policy's value; an unknown name fails.

    The value is the site's own policy text, inserted as written: put a value holding `<`
    (the room pattern) in a code span.
    """

    def value(match: re.Match[str]) -> str:
        """The value one marker names."""
        name = match["name"]
        if name not in policy.values:
            known = ", ".join(sorted(policy.values))
            raise BuildError(
                f"decision-tool: {where} names an unknown policy value {name!r} "
                f"in {match[0]!r}; known values: {known}."
            )
        return policy.values[name]

    return VALUE_MARKER.sub(value, text)
