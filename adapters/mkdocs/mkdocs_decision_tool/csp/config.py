"""Options of the `csp` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class CspConfig(Config):
    """Options of the `csp` plugin in mkdocs.yml."""

    enabled = c.Type(bool, default=True)
    on_serve = c.Type(bool, default=False)
