"""The build step's settings live in one place both builds read: [tool.sitebuild] in pyproject."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs_decision_tool.precompress.plugin import PrecompressPlugin

from sitebuild.errors import BuildError
from sitebuild.settings import Settings, load_settings
from tools.build import REPO


def project_with(tmp_path: Path, table: str) -> Path:
    """A project folder whose pyproject.toml holds this [tool.sitebuild] table."""
    (tmp_path / "pyproject.toml").write_text(f"[tool.sitebuild]\n{table}\n", encoding="utf-8")
    return tmp_path


def test_the_repository_states_its_settings() -> None:
    """pyproject.toml names every setting (the defaults, written out where a reader looks)."""
    assert load_settings(REPO) == Settings()
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    section = text[text.index("[tool.sitebuild]") :]
    for name in Settings.__dataclass_fields__:
        assert f"\n{name} = " in section, name


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("snapshots = false", r"unknown key 'snapshots'.*known: cache_dir, snapshot"),
        ('precompress = "no"', r"precompress .* must be a bool"),
        ("cache_dir = 3", r"cache_dir .* must be a str"),
    ],
)
def test_a_wrong_setting_fails_naming_it(tmp_path: Path, table: str, message: str) -> None:
    """A typo would otherwise be ignored by one build and not the other: it fails both."""
    with pytest.raises(BuildError, match=message):
        load_settings(project_with(tmp_path, table))


def test_the_mkdocs_plugins_read_them(tmp_path: Path) -> None:
    """`precompress = false` there, and MkDocs' precompress plugin writes no siblings."""
    project = project_with(tmp_path, "precompress = false")
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>escalate</p>\n" * 200, encoding="utf-8")
    plugin = PrecompressPlugin()
    plugin.load_config({})
    plugin.on_startup(command="build", dirty=False)
    plugin.on_config(SimpleNamespace(config_file_path=str(project / "mkdocs.yml")))
    plugin.on_post_build(config=SimpleNamespace(site_dir=str(site)))
    assert not (site / "index.html.br").exists()
