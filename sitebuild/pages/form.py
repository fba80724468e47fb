"""Render the escalation questionnaire as static HTML from the policy's questions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from decision_tool.contract import EITHER, JUDGEMENT_TRUE, STAGES
from decision_tool.limits import MAX_DOCUMENT_BYTES
from decision_tool.policy import Policy
from sitebuild.errors import BuildError

from .docs import Docs
from .values import fill_values

LEVELS_PAGE = "escalation-levels.md"

#: The form's own headings, by id, in page order: Markdown headings in the form's Markdown, so
#: that the generator's table of contents lists them (under the section that holds the form).
HEADINGS: dict[str, str] = {
    "recommendation": "Recommendation",
    "texts-to-paste": "Texts to paste",
    "record": "Stage and timeline",
}
#: Where the template puts a heading: a line of its own, replaced after the HTML is compacted.
HEADING_LINE = re.compile(r"^\[\[heading (?P<id>[\w-]+)\]\]$", re.M)
#: (v3) The questions shown next to the headline, not in their group (the judgement call).
BESIDE_HEADLINE: tuple[str, ...] = ("judgement", "judgement_reason")


@dataclass(frozen=True)
class Field:
    """One question as the template needs it (with its `EITHER` partner, if any)."""

    question: Any
    partner: Any | None = None


@dataclass(frozen=True)
class Group:
    """One group as the template needs it: the policy's group, its handbook link, its fields."""

    group: Any
    source_url: str
    source_title: str
    fields: list[Field]


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
    """The URL (relative to `page`) and the section title of a group's `page.md#anchor` source.

    The title is the heading as the reader sees it: policy values filled in, emphasis dropped.
    """
    target, _, anchor = source.partition("#")
    if not docs.has_page(target):
        raise BuildError(f"decision-tool: question source {source!r} names no page in docs/")
    fragment = f"#{anchor}" if anchor else ""
    url = (fragment or "#") if target == page else docs.link(target, page) + fragment
    title = fill_values(docs.section_title(target, anchor), policy, f"{target} (a heading)")
    return url, re.sub(r"[*_`]", "", title).strip()


def _fields(policy: Policy, group: str) -> list[Field]:
    """The questions of one group (not those beside the headline), the `EITHER` pair as one."""
    questions = [q for q in policy.questions if q.group == group]
    keys = {q.key for q in questions}
    fields = []
    for question in questions:
        if question.key in BESIDE_HEADLINE or (question.key == EITHER[1] and EITHER[0] in keys):
            continue  # shown beside the headline, or with its partner
        partner = EITHER[1] if question.key == EITHER[0] and EITHER[1] in keys else None
        fields.append(Field(question, policy.question(partner) if partner else None))
    return fields


def _compact(html: str) -> str:
    """Raw HTML blocks for Python-Markdown (no blank lines, no indented lines), with the form's
    headings between them as Markdown headings (blank lines around each: `### Title {#id}`)."""
    html = "\n".join(line.strip() for line in html.splitlines() if line.strip())
    return HEADING_LINE.sub(
        lambda match: f"\n### {HEADINGS[match['id']]} {{#{match['id']} .dt-heading}}\n", html
    )


def render_questionnaire(policy: Policy, *, page: str, docs: Docs) -> str:
    """The static questionnaire (answerable before and without JavaScript) as one HTML block.

    Everything of the policy the page's modules need is written into it (the `EITHER` pair, the
    detail boxes, the level facts' labels, the links to each level's row, the banner's words,
    the text each step copies, the stages and which text starts which); they read the DOM. The
    first group is open, with the rule as its intro; the others are folded.
    """
    groups = []
    for group in policy.groups:
        url, title = source_link(group.source, page=page, docs=docs, policy=policy)
        groups.append(Group(group, url, title, _fields(policy, group.id)))
    levels_url = docs.link(LEVELS_PAGE, page) if docs.has_page(LEVELS_PAGE) else ""
    template = _environment().get_template("questionnaire.html.j2")
    html = template.render(
        first=groups[0],
        folded=[g for g in groups[1:] if g.fields],
        beside_headline=[policy.question(key) for key in BESIDE_HEADLINE],
        heading=lambda anchor: f"[[heading {anchor}]]",
        step_texts={s.id: s.paste for s in policy.steps.values() if s.paste},
        levels_url=levels_url,
        levels=policy.levels,
        level_facts=policy.level_facts,
        banner=dict(policy.banner),
        # An old link's `judgement: true` reads as this choice (the page shows it so).
        boolean_choices={"judgement": JUDGEMENT_TRUE},
        max_document_bytes=MAX_DOCUMENT_BYTES,
        # (v3) The stages in order with their names, the kinds' names, the texts starting a stage.
        stages=[(stage, policy.record.stages[stage]) for stage in STAGES],
        stage_names=dict(policy.record.stages),  # the emergencies list's words
        record_words={"kinds": dict(policy.record.kinds), "starts": dict(policy.record.starts)},
        text_length=policy.record.text_length,
    )
    return _compact(html)
