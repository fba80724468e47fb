"""Options of the `decision-tool` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class DecisionToolConfig(Config):
    """Options of the `decision-tool` plugin; paths are relative to mkdocs.yml's folder."""

    cache_dir = c.Type(str, default=".cache/wheels")
    snapshot = c.Type(bool, default=True)  # Pyodide memory snapshot (not under `mkdocs serve`)
    snapshot_cache_dir = c.Type(str, default=".cache/snapshot")
    stdlib_cut = c.Type(bool, default=True)  # with the snapshot: stdlib cut to what is imported
