"""Render the escalation questionnaire as static HTML from the policy's questions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from decision_tool.contract import EITHER
from decision_tool.limits import MAX_DOCUMENT_BYTES
from sitebuild.errors import BuildError

LEVELS_PAGE = "escalation-levels.md"
HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*\{[^}]*#(?P<id>[\w-]+)[^}]*\}\s*$", re.M)


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


def _target(source: str, files: Files) -> tuple[File, str]:
    """The docs file and anchor a `page.md#anchor` source points at; unknown pages fail."""
    path, _, anchor = source.partition("#")
    file = files.get_file_from_path(path)
    if file is None or not file.is_documentation_page():
        raise BuildError(f"decision-tool: question source {source!r} names no page in docs/")
    return file, anchor


def _section_title(file: File, anchor: str) -> str:
    """The heading text of the section with this explicit id, else the page's title."""
    text = file.content_string
    for match in HEADING.finditer(text):
        if match["id"] == anchor:
            return re.sub(r"[*_`]", "", match["title"]).strip()
    title = file.page.title if file.page is not None and file.page.title else file.name
    return str(title)


def source_link(source: str, *, page: Page, files: Files) -> tuple[str, str]:
    """The URL (relative to the page) and the section title of a question's source."""
    file, anchor = _target(source, files)
    fragment = f"#{anchor}" if anchor else ""
    if file.src_uri == page.file.src_uri:
        url = fragment or "#"
    else:
        url = file.url_relative_to(page.file) + fragment
    return url, _section_title(file, anchor)


def _fields(policy: Any, group: str, *, page: Page, files: Files) -> list[Field]:
    """The questions of one group, with the `EITHER` pair rendered as one field."""
    questions = [q for q in policy.questions if q.group == group]
    keys = {q.key for q in questions}
    fields = []
    for question in questions:
        if question.key == EITHER[1] and EITHER[0] in keys:
            continue  # shown with its partner
        url, title = source_link(question.source, page=page, files=files)
        if question.key == EITHER[0] and EITHER[1] in keys:
            partner = policy.question(EITHER[1])
            p_url, p_title = source_link(partner.source, page=page, files=files)
            fields.append(Field(question, url, title, partner, p_url, p_title))
        else:
            fields.append(Field(question, url, title))
    return fields


def _compact(html: str) -> str:
    """One raw HTML block for Python-Markdown: no blank lines, no indented lines."""
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())


def render_questionnaire(policy: Any, *, page: Page, files: Files) -> str:
    """The static questionnaire (answerable before and without JavaScript) as one HTML block.

    Everything of the policy the page's modules need is written into it (the `EITHER` pair, the
    level facts' labels, the links to each level's row, the banner's words); they read the DOM.
    """
    groups = [
        {"group": group, "fields": _fields(policy, group.id, page=page, files=files)}
        for group in policy.groups
    ]
    levels = files.get_file_from_path(LEVELS_PAGE)
    levels_url = levels.url_relative_to(page.file) if levels is not None else ""
    template = _environment().get_template("questionnaire.html.j2")
    html = template.render(
        groups=[g for g in groups if g["fields"]],
        levels_url=levels_url,
        levels=policy.levels,
        level_facts=policy.level_facts,
        banner=dict(policy.banner),
        judgement=policy.question("judgement"),
        max_document_bytes=MAX_DOCUMENT_BYTES,
    )
    return _compact(html)
