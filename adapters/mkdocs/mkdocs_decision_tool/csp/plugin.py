"""The `csp` MkDocs plugin: the site's Content-Security-Policy (sitebuild.csp) in every page.

`overrides/main.html` writes the meta tag whenever the Jinja global `csp_policy` is set; this plugin
sets it to a placeholder, checks each page as it is rendered (so a problem names the page), and
after the build lets `sitebuild.csp.policy` hash every page's inline code and write the policy.
Under `mkdocs serve` it writes no tag (live reload injects an inline script no hash can allow).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from sitebuild.csp.policy import PLACEHOLDER, check_page, write_site_policy
from sitebuild.settings import load_settings

from ..errors import build_errors

log = logging.getLogger("mkdocs.plugins.csp")


class CspPlugin(BasePlugin):
    """Write one site-wide, hash-based Content-Security-Policy into every built page."""

    def __init__(self) -> None:
        """Start inactive until `on_config` knows the command and the settings."""
        super().__init__()
        self.active = False
        self.serving = False

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Remember whether this is `mkdocs serve`."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Stay out of `mkdocs serve` (live reload's inline script changes on every request)."""
        with build_errors():
            wanted = load_settings(Path(config.config_file_path).resolve().parent).csp
        self.active = wanted and not self.serving
        if wanted and self.serving:
            log.info("csp: no Content-Security-Policy under `mkdocs serve`; build to check it")
        return config

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Let `overrides/main.html` emit the meta tag (with a placeholder) when active."""
        env.globals["csp_policy"] = PLACEHOLDER if self.active else ""
        return env

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Check a rendered page for inline code that no hash can allow."""
        if self.active:
            self._check(output, page.file.src_uri)
        return output

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """Check a static HTML template (404.html) like a page."""
        if self.active and template_name.endswith(".html"):
            self._check(output_content, template_name)
        return output_content

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Hash the inline code of every built page; write the full policy into each."""
        if self.active:
            with build_errors():
                write_site_policy(Path(config.site_dir))

    def _check(self, html: str, where: str) -> None:
        """Fail the build on inline code that the policy would block."""
        with build_errors():
            check_page(html, where)
