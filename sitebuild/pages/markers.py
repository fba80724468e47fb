"""The markers a handbook page holds, replaced in its Markdown before the generator renders it.

`<!-- decision-tool:questionnaire -->` and `<!-- decision-tool:levels -->` on a line of their own
become the static form and the levels table; `<!-- decision-tool:policy NAME -->` anywhere (a
heading too) becomes the policy's value. Replaced in the Markdown, the values reach the table of
contents and the search index as the reader sees them.
"""

from __future__ import annotations

import re

from decision_tool.policy import Policy, PolicyError, load_policy
from sitebuild.errors import BuildError

from . import form, levels
from .docs import Docs
from .values import MARKER_START, fill_values

QUESTIONNAIRE_MARKER = "<!-- decision-tool:questionnaire -->"
LEVELS_MARKER = "<!-- decision-tool:levels -->"
#: Any marker of ours, as written in a page (or what is left of one in a shortened text).
ANY_MARKER = re.compile(MARKER_START + r"[^>]*>?")


def site_policy() -> Policy:
    """The engine's policy as policy.toml says now (also after an edit under a live server)."""
    load_policy.cache_clear()
    try:
        return load_policy()
    except PolicyError as error:
        raise BuildError(f"decision-tool: the policy is invalid: {error}") from error


def fill(markdown: str, *, page: str, docs: Docs, policy: Policy) -> str:
    """The Markdown of `page` (its path under the docs folder) with every marker replaced."""
    markdown = fill_values(markdown, policy, page)
    if QUESTIONNAIRE_MARKER in markdown:
        html = form.render_questionnaire(policy, page=page, docs=docs)
        markdown = markdown.replace(QUESTIONNAIRE_MARKER, html)
    if LEVELS_MARKER in markdown:
        markdown = markdown.replace(LEVELS_MARKER, levels.render_levels_table(policy))
    unknown = ANY_MARKER.search(markdown)
    if unknown:
        raise BuildError(
            f"decision-tool: {page} holds an unknown marker {unknown[0]!r}; known: "
            f"{QUESTIONNAIRE_MARKER}, {LEVELS_MARKER}, <!-- decision-tool:policy NAME -->."
        )
    return markdown
