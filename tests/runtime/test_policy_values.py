"""Handbook pages name policy values through a marker; an unknown name fails the build."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError
from mkdocs_decision_tool.questionnaire.plugin import DecisionToolPlugin

from decision_tool.policy import load_policy
from sitebuild.errors import BuildError
from sitebuild.pages.docs import Docs
from sitebuild.pages.markers import fill
from tools.build import REPO

DOCS = Docs(REPO / "docs")
PAGE = SimpleNamespace(file=SimpleNamespace(src_uri="guide.md"))


def test_markers_become_the_policy_values() -> None:
    """Thresholds and channel names come from policy.toml, written as the reader sees them."""
    source = (
        "More than <!-- decision-tool:policy long_running_hours --> hours; "
        "post in <!-- decision-tool:policy managers -->; "
        "room `<!-- decision-tool:policy room_pattern -->`."
    )
    policy = load_policy()
    out = fill(source, page="guide.md", docs=DOCS, policy=policy)
    hours = policy.values["long_running_hours"]
    assert out == (
        f"More than {hours} hours; post in {policy.channels.managers}; "
        f"room `{policy.channels.room_pattern}`."
    )


def test_an_unknown_value_fails_the_build_naming_page_and_marker() -> None:
    """A typo in a marker must not reach readers as an empty gap (MkDocs reports it as such)."""
    plugin = DecisionToolPlugin()
    plugin.policy, plugin.docs = load_policy(), DOCS
    with pytest.raises(PluginError, match=r"guide\.md.*'long_running_hour'.*known values"):
        plugin.on_page_markdown(
            "<!-- decision-tool:policy long_running_hour -->", page=PAGE, config=None, files=None
        )


def test_an_unknown_marker_fails_the_build_naming_it() -> None:
    """A misspelt marker would stay an HTML comment, and the form would silently be missing."""
    marker = "<!-- decision-tool:questionaire -->"
    with pytest.raises(BuildError, match=rf"guide\.md.*'{marker}'"):
        fill(marker, page="guide.md", docs=DOCS, policy=load_policy())
