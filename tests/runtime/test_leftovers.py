"""A built page without its tool fails the build: a marker kept or shown, or no module script."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from decision_tool.policy import load_policy
from sitebuild.errors import BuildError
from sitebuild.leftovers import check_site
from sitebuild.pages.docs import Docs
from sitebuild.pages.form import render_questionnaire
from sitebuild.pages.modules import hint_modules, page_modules
from sitebuild.paths import SCRIPT, SITE_DIR, STYLESHEET
from tools.build import REPO

PAGE = "<!doctype html><html><head><title>t</title></head><body>{}</body></html>"


def site_with(tmp_path: Path, files: dict[str, str]) -> Path:
    """A built site folder holding these files."""
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_an_unprocessed_page_fails_saying_the_generator_skipped_the_step(tmp_path: Path) -> None:
    """What Zensical or MkDocs 2 make of our page: the marker kept, no form, no complaint."""
    site = site_with(
        tmp_path, {"tool/index.html": PAGE.format("<!-- decision-tool:questionnaire -->")}
    )
    with pytest.raises(BuildError) as failure:
        check_site(site)
    message = str(failure.value)
    assert "tool/index.html: <!-- decision-tool:questionnaire -->" in message
    assert "the site generator skipped the decision-tool step" in message
    assert "make build-zensical" in message


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # a marker in a code span: the reader sees it
        (
            "a/index.html",
            PAGE.format("<code>&lt;!-- decision-tool:policy room_pattern --&gt;</code>"),
        ),
        # quoted into an attribute (a title, a label)
        (
            "a/index.html",
            PAGE.format('<a title="&lt;!-- decision-tool:policy managers --&gt;">x</a>'),
        ),
        # MkDocs' search index (HTML text, escaped)
        (
            "search/search_index.json",
            json.dumps({"docs": [{"text": "Touch base in &lt;!-- decision-tool:policy x --&gt;"}]}),
        ),
        # Zensical's search index, with JSON's own escapes
        (
            "search.json",
            '{"items": [{"title": "\\u003c!-- decision-tool:policy managers --\\u003e"}]}',
        ),
    ],
)
def test_a_marker_shown_as_text_fails(tmp_path: Path, name: str, text: str) -> None:
    """Raw or escaped, in a page's text, attributes or the search index: the build fails."""
    site = site_with(tmp_path, {name: text})
    with pytest.raises(BuildError, match=rf"{name}: <!-- decision-tool:.* \(as text\)"):
        check_site(site)


def test_a_finished_site_passes(tmp_path: Path) -> None:
    """Our own names elsewhere (storage keys, performance marks, other comments) are no marker."""
    site = site_with(
        tmp_path,
        {
            "index.html": PAGE.format("<!-- material/tags --><p>decision-tool: ready</p>"),
            "assets/storage.js": "const PREFIX = `decision-tool:${SCOPE}:`;",
            "search.json": json.dumps({"items": [{"text": "Touch base in #support-managers"}]}),
        },
    )
    check_site(site)


def test_the_forms_section_titles_hold_the_policy_values() -> None:
    """A question's "Handbook:" link quotes its section's heading as the reader sees it."""
    policy = load_policy()
    html = render_questionnaire(policy, page="emergency-to-escalation.md", docs=Docs(REPO / "docs"))
    assert f"Touch base in {policy.channels.managers} first</a>" in html
    assert "decision-tool:" not in html


def test_a_page_that_does_not_load_the_tool_fails_naming_it() -> None:
    """Instant navigation may bring the form to any page: each must load the tool's script."""
    with pytest.raises(
        BuildError, match=r"security/index\.html does not load the tool.*mkdocs\.yml"
    ):
        hint_modules(PAGE.format("<p>no tool</p>"), page_modules(), "security/index.html")


@pytest.mark.parametrize("base", ["../", "/", ""])
def test_the_hints_follow_the_scripts_own_url(base: str) -> None:
    """Relative in a page, absolute in a 404 page: the hints are written as the script was."""
    head = (
        f'<link rel="stylesheet" href="{base}{STYLESHEET}">'
        f'<script src="{base}{SCRIPT}" type="module"></script>'
    )
    html = hint_modules(PAGE.format(head), page_modules(), "a/index.html")
    hinted = re.findall(r'<link rel="modulepreload" href="([^"]+)">', html)
    assert hinted[0] == f"{base}{SCRIPT}"
    assert sorted(hinted) == sorted(f"{base}{SITE_DIR}/{name}" for name in page_modules())
    assert html.index("modulepreload") > html.index("</title>")
