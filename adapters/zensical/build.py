"""One Zensical build: the step before, `zensical build` on a generated config, the step after.

`zensical build` has no `--site-dir` and refuses a docs or site folder outside the folder of its
config. So the config it builds is generated next to mkdocs.yml (`INHERIT: mkdocs.yml`, so every
path in it means what it means there), pointing at a work folder under `.cache/zensical/`; the
built site is then moved to the folder asked for, and finished there.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from sitebuild.errors import BuildError
from sitebuild.finish import finish_site
from sitebuild.pages.docs import Docs
from sitebuild.pages.markers import site_policy
from sitebuild.prepare import prepare_docs
from sitebuild.settings import load_settings

from .theme import runtime_styles

log = logging.getLogger("sitebuild.zensical")

#: The work folders of the builds, in the project (Zensical's rule), one per build.
WORK_DIR = Path(".cache") / "zensical"
#: The generated config's name: next to mkdocs.yml, removed after the build.
CONFIG_PREFIX = ".zensical-"


class _Tolerant(yaml.SafeLoader):
    """A YAML loader that reads any tag (`!ENV`, `!!python/name:`) as its plain value."""


_Tolerant.add_multi_constructor("", lambda loader, _tag, node: _plain(loader, node))


def _plain(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """A tagged node's value, as if it had no tag."""
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)


def read_docs(config: Path) -> Docs:
    """The docs folder and URL style mkdocs.yml gives (the defaults of both generators)."""
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Tolerant) or {}
    except (OSError, yaml.YAMLError) as error:
        raise BuildError(f"zensical: cannot read {config}: {error}") from error
    root = (config.parent / str(data.get("docs_dir", "docs"))).resolve()
    return Docs(root, directory_urls=bool(data.get("use_directory_urls", True)))


def _zensical(config: Path) -> None:
    """Run `zensical build --strict` on a config; its own failure is a build error."""
    command = [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(config)]
    result = subprocess.run(command, cwd=config.parent, capture_output=True, text=True, check=False)
    for line in (result.stdout + result.stderr).splitlines():
        if line.strip():
            log.info("zensical: %s", line.strip())
    if result.returncode != 0:
        raise BuildError(f"zensical: `zensical build` failed (exit {result.returncode})")


def _replace(site: Path, built: Path) -> None:
    """Empty `site` (the folder itself stays, a server may serve it) and move `built` into it."""
    site.mkdir(parents=True, exist_ok=True)
    for entry in site.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in built.iterdir():
        shutil.move(entry, site / entry.name)


def build(config: Path, site: Path) -> None:
    """Build the site of `config` (mkdocs.yml) with Zensical into `site`, finished."""
    project = config.parent
    if site in (project, *project.parents) or site.is_relative_to(read_docs(config).root):
        raise BuildError(f"zensical: {site} holds the project or its docs: choose another folder")
    started = time.perf_counter()
    settings = load_settings(project)
    (project / WORK_DIR).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="build-", dir=project / WORK_DIR))
    generated = project / f"{CONFIG_PREFIX}{work.name}.yml"
    try:
        prepare_docs(read_docs(config), work / "docs", site_policy())
        generated.write_text(
            "# Written by `python -m adapters.zensical` for one build; removed after it.\n"
            f"INHERIT: {config.name}\n"
            f"docs_dir: {(work / 'docs').relative_to(project).as_posix()}\n"
            f"site_dir: {(work / 'site').relative_to(project).as_posix()}\n",
            encoding="utf-8",
        )
        _zensical(generated)
        log.info("zensical: built in %.1f s", time.perf_counter() - started)
        _replace(site, work / "site")
    finally:
        generated.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    finish_site(site, project, settings, runtime_styles(site))
    log.info("zensical: %s written in %.1f s", site, time.perf_counter() - started)
