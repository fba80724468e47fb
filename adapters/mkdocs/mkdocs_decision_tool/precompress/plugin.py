"""The `precompress` MkDocs plugin: `.br`/`.gz` siblings of every built file, written last."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority

from sitebuild.precompress.compress import precompress_tree

from .config import PrecompressConfig


class PrecompressPlugin(BasePlugin[PrecompressConfig]):
    """Write precompressed siblings of the whole site after every other plugin's writes."""

    serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve`, which never serves siblings."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Remember the project folder (the cache is relative to mkdocs.yml's)."""
        self.project_dir = Path(config.config_file_path).resolve().parent
        return config

    @event_priority(-100)  # after every other plugin's post-build writes (csp rewrites the HTML)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write .br/.gz siblings of the built site (cached for the big runtime files)."""
        if self.serving or not self.config.enabled:
            return
        precompress_tree(Path(config.site_dir), self.project_dir / self.config.cache_dir)
