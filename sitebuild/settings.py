"""The build step's settings: `[tool.sitebuild]` in the project's pyproject.toml, for any generator.

One place both builds read: the MkDocs plugins and `python -m adapters.zensical` alike. Not
`plugins:` in mkdocs.yml (Zensical ignores the options of plugins it does not run), and not
`extra:` (the theme hands `extra` to every page's templates, and a move to zensical.toml would
leave it behind). Every key is optional; a wrong one fails the build naming it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from sitebuild.errors import BuildError

SECTION = "tool.sitebuild"


@dataclass(frozen=True)
class Settings:
    """What the build step does, and where it keeps what it may reuse."""

    #: Content-keyed caches, relative to the project: `wheels/`, `snapshot/`, `precompressed/`.
    cache_dir: str = ".cache"
    #: A Pyodide memory snapshot of the warmed-up engine (never under `mkdocs serve`).
    snapshot: bool = True
    #: With the snapshot: a standard library zip cut to what the engine imports.
    stdlib_cut: bool = True
    #: The Content-Security-Policy (meta tag in every page, header file for servers).
    csp: bool = True
    #: `.br`/`.gz` siblings of every built file.
    precompress: bool = True
    #: A service worker that keeps the site and its tool for offline use (sitebuild.offline).
    offline: bool = True

    def cache(self, project_dir: Path, name: str) -> Path:
        """The cache folder of one step (`wheels`, `snapshot`, `precompressed`)."""
        return project_dir / self.cache_dir / name


def load_settings(project_dir: Path) -> Settings:
    """The settings of the project at `project_dir` (defaults where pyproject.toml says nothing)."""
    path = project_dir / "pyproject.toml"
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise BuildError(f"sitebuild: cannot read {path}: {error}") from error
    table = document.get("tool", {}).get("sitebuild", {})
    if not isinstance(table, dict):
        raise BuildError(f"sitebuild: [{SECTION}] in {path} must be a table")
    defaults = {field.name: field.default for field in fields(Settings)}
    for key, value in table.items():
        if key not in defaults:
            raise BuildError(
                f"sitebuild: [{SECTION}] in {path} has an unknown key {key!r}; "
                f"known: {', '.join(defaults)}"
            )
        if type(value) is not type(defaults[key]):
            kind = type(defaults[key]).__name__
            raise BuildError(f"sitebuild: [{SECTION}] {key} in {path} must be a {kind}")
    return Settings(**table)
