"""The `precompress` MkDocs plugin: `.br`/`.gz` siblings of every built file, written last.

Before it writes them it checks, once more, that no built file holds a marker of ours: the last
gate before a site ships (also when the `decision-tool` plugin is missing from mkdocs.yml).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority

from sitebuild.leftovers import check_site
from sitebuild.precompress.compress import precompress_tree
from sitebuild.settings import load_settings

from ..errors import build_errors


class PrecompressPlugin(BasePlugin):
    """Write precompressed siblings of the whole site after every other plugin's writes."""

    serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve`, which never serves siblings."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Remember the project folder (settings and caches are relative to mkdocs.yml's)."""
        self.project_dir = Path(config.config_file_path).resolve().parent
        return config

    @event_priority(-100)  # after every other plugin's post-build writes (csp rewrites the HTML)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Check for markers; write .br/.gz siblings (cached for the big runtime files)."""
        site = Path(config.site_dir)
        with build_errors():
            check_site(site)
            settings = load_settings(self.project_dir)
        if self.serving or not settings.precompress:
            return
        precompress_tree(site, settings.cache(self.project_dir, "precompressed"))
