"""Options of the `precompress` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class PrecompressConfig(Config):
    """Options of the `precompress` plugin; `cache_dir` is relative to mkdocs.yml's folder."""

    enabled = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/precompressed")
