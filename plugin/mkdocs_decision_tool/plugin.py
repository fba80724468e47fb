"""The `decision-tool` MkDocs plugin: questionnaire markers, levels table, Pyodide runtime."""

from __future__ import annotations

import logging

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from decision_tool.policy import PolicyError, load_policy

from . import form, levels

log = logging.getLogger("mkdocs.plugins.decision_tool")

QUESTIONNAIRE_MARKER = "<!-- decision-tool:questionnaire -->"
LEVELS_MARKER = "<!-- decision-tool:levels -->"


class DecisionToolConfig(Config):
    """Options of the `decision-tool` plugin in mkdocs.yml."""

    assets_dir = c.Type(str, default="assets/decision-tool")


class DecisionToolPlugin(BasePlugin[DecisionToolConfig]):
    """Render the questionnaire and levels table from policy, and lay in the browser runtime."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and check the policy once per build; a broken policy fails the build."""
        try:
            self.policy = load_policy()
        except PolicyError as error:
            raise PluginError(f"decision-tool: the policy is invalid: {error}") from error
        return config

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Replace the markers with the static form and the levels table."""
        if QUESTIONNAIRE_MARKER in markdown:
            html = form.render_questionnaire(self.policy, page=page, files=files)
            markdown = markdown.replace(QUESTIONNAIRE_MARKER, html)
        if LEVELS_MARKER in markdown:
            markdown = markdown.replace(LEVELS_MARKER, levels.render_levels_table(self.policy))
        return markdown
