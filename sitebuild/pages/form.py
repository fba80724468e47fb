"""Render the escalation questionnaire as static HTML from the policy's questions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from decision_tool.contract import EITHER, JUDGEMENT_TRUE
from decision_tool.limits import MAX_DOCUMENT_BYTES
from decision_tool.policy import Policy
from sitebuild.errors import BuildError

from .docs import Docs
from .values import fill_values

LEVELS_PAGE = "escalation-levels.md"
#: (v3) The questions the page offers next to the recommendation's headline, not in their group.
BESIDE_HEADLINE = ("judgement", "judgement_reason")


@dataclass(frozen=True)
class Field:
    """One question as the template needs it: the policy's question plus its source link."""

    question: Any
    source_url: str
    source_title: str
    partner: Any | None = None
    partner_source_url: str = ""
    partner_source_title: str = ""


@cache
def _environment() -> Environment:
    """The Jinja2 environment of the form templates (HTML-escaping everything)."""
    return Environment(
        loader=PackageLoader("sitebuild.pages", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def source_link(source: str, *, page: str, docs: Docs, policy: Policy) -> tuple[str, str]:
    """The URL (relative to `page`) and the section title of a question's `page.md#anchor` source.

    The title is the heading as the reader sees it: policy values filled in, emphasis dropped.
    """
    target, _, anchor = source.partition("#")
    if not docs.has_page(target):
        raise BuildError(f"decision-tool: question source {source!r} names no page in docs/")
    fragment = f"#{anchor}" if anchor else ""
    url = (fragment or "#") if target == page else docs.link(target, page) + fragment
    title = fill_values(docs.section_title(target, anchor), policy, f"{target} (a heading)")
    return url, re.sub(r"[*_`]", "", title).strip()


def _fields(policy: Policy, group: str, *, page: str, docs: Docs) -> list[Field]:
    """The questions of one group, with the `EITHER` pair rendered as one field."""
    questions = [q for q in policy.questions if q.group == group and q.key not in BESIDE_HEADLINE]
    keys = {q.key for q in questions}
    fields = []
    for question in questions:
        if question.key == EITHER[1] and EITHER[0] in keys:
            continue  # shown with its partner
        url, title = source_link(question.source, page=page, docs=docs, policy=policy)
        if question.key == EITHER[0] and EITHER[1] in keys:
            partner = policy.question(EITHER[1])
            p_url, p_title = source_link(partner.source, page=page, docs=docs, policy=policy)
            fields.append(Field(question, url, title, partner, p_url, p_title))
        else:
            fields.append(Field(question, url, title))
    return fields


def _compact(html: str) -> str:
    """One raw HTML block for Python-Markdown: no blank lines, no indented lines."""
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())


def render_questionnaire(policy: Policy, *, page: str, docs: Docs) -> str:
    """The static questionnaire (answerable before and without JavaScript) as one HTML block.

    Everything of the policy the page's modules need is written into it (the `EITHER` pair, the
    level facts' labels, the links to each level's row, the banner's words); they read the DOM.
    """
    groups = [
        {"group": group, "fields": _fields(policy, group.id, page=page, docs=docs)}
        for group in policy.groups
    ]
    beside = [
        Field(q, *source_link(q.source, page=page, docs=docs, policy=policy))
        for q in map(policy.question, BESIDE_HEADLINE)
    ]
    levels_url = docs.link(LEVELS_PAGE, page) if docs.has_page(LEVELS_PAGE) else ""
    template = _environment().get_template("questionnaire.html.j2")
    html = template.render(
        groups=[g for g in groups if g["fields"]],
        levels_url=levels_url,
        levels=policy.levels,
        level_facts=policy.level_facts,
        banner=dict(policy.banner),
        beside_headline=beside,
        # An old link's `judgement: true` reads as this choice (the page shows it so).
        boolean_choices={"judgement": JUDGEMENT_TRUE},
        max_document_bytes=MAX_DOCUMENT_BYTES,
    )
    return _compact(html)
