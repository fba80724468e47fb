"""The `decision-tool` MkDocs plugin: the build steps of `sitebuild` at MkDocs' events.

It ships the browser app (`browser/page/`, `browser/worker/`) at the site path
`assets/decision-tool/` and adds its stylesheet and module script to every page. It replaces the
markers with the form, the levels table and policy values (`sitebuild.pages`), and after the build
lays the Python runtime into `assets/decision-tool/pyodide/` (`sitebuild.pyodide`).
"""

from __future__ import annotations

import logging
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from decision_tool.policy import PolicyError, load_policy
from sitebuild.pages import form, levels, modules
from sitebuild.paths import BROWSER_DIR, PYODIDE_DIR, SCRIPT, SITE_DIR, STYLESHEET
from sitebuild.pyodide import lockfile, runtime, snapshot, stdlib_cut, wheels

from ..errors import build_errors
from .config import DecisionToolConfig

log = logging.getLogger("mkdocs.plugins.decision_tool")

QUESTIONNAIRE_MARKER = "<!-- decision-tool:questionnaire -->"
LEVELS_MARKER = "<!-- decision-tool:levels -->"
#: `<!-- decision-tool:policy long_running_hours -->` in a page: that policy value, as text.
VALUE_MARKER = re.compile(r"<!--\s*decision-tool:policy\s+(?P<name>[\w-]+)\s*-->")


class DecisionToolPlugin(BasePlugin[DecisionToolConfig]):
    """Render the questionnaire and levels table from policy, and lay in the browser runtime."""

    serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve` (no snapshot there: the worker starts fresh)."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and check the policy; add the stylesheet and the module script to every page.

        Also reads the module script's graph (for the hints `on_post_page` writes), once a build.
        """
        load_policy.cache_clear()  # under `mkdocs serve`, pick up an edited policy.toml
        try:
            self.policy = load_policy()
        except PolicyError as error:
            raise PluginError(f"decision-tool: the policy is invalid: {error}") from error
        self.project_dir = Path(config.config_file_path).resolve().parent
        if STYLESHEET not in config.extra_css:
            config.extra_css.insert(0, STYLESHEET)
        if all(str(script) != SCRIPT for script in config.extra_javascript):
            script = ExtraScriptValue(SCRIPT)
            script.type = "module"
            config.extra_javascript.insert(0, script)
        self.page_modules = modules.module_graph(
            BROWSER_DIR, str(Path(SCRIPT).relative_to(SITE_DIR))
        )
        with build_errors():
            self.prepare_runtime()
        return config

    def prepare_runtime(self) -> None:
        """Find the Pyodide runtime, get the wheels (cached) and compute their lock."""
        started = time.perf_counter()
        self.runtime = runtime.find_runtime(self.project_dir)
        self.wheels = wheels.prepare_wheels(
            self.project_dir, self.project_dir / self.config.cache_dir
        )
        self.lock = lockfile.make_lock(self.runtime / runtime.NPM_LOCK_FILE, self.wheels.all())
        log.debug(
            "decision-tool: runtime and wheels ready in %.2f s", time.perf_counter() - started
        )

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Add the browser app (`browser/page/`, `browser/worker/`) to the site under `SITE_DIR`."""
        for path in sorted(BROWSER_DIR.rglob("*")):
            if path.is_file():
                uri = f"{SITE_DIR}/{path.relative_to(BROWSER_DIR).as_posix()}"
                if files.get_file_from_path(uri) is not None:
                    raise PluginError(f"decision-tool: docs/{uri} would replace the plugin's own")
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        return files

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[[], None]
    ) -> LiveReloadServer:
        """Rebuild when the engine or the browser modules change (the wheel only if it differs)."""
        server.watch(str(self.project_dir / wheels.ENGINE_PACKAGE))
        server.watch(str(BROWSER_DIR))
        return server

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Replace the markers with the static form, the levels table and policy values."""
        markdown = VALUE_MARKER.sub(lambda match: self._policy_value(match, page), markdown)
        if QUESTIONNAIRE_MARKER in markdown:
            with build_errors():
                html = form.render_questionnaire(self.policy, page=page, files=files)
            markdown = markdown.replace(QUESTIONNAIRE_MARKER, html)
        if LEVELS_MARKER in markdown:
            markdown = markdown.replace(LEVELS_MARKER, levels.render_levels_table(self.policy))
        return markdown

    def _policy_value(self, match: re.Match[str], page: Page) -> str:
        """The policy value a marker names, as Markdown source; an unknown one fails the build.

        The value is the site's own policy text, inserted as written: put a value holding `<`
        (the room pattern) in a code span.
        """
        name = match["name"]
        if name not in self.policy.values:
            known = ", ".join(sorted(self.policy.values))
            raise PluginError(
                f"decision-tool: {page.file.src_uri} names an unknown policy value {name!r} "
                f"in {match[0]!r}; known values: {known}."
            )
        return self.policy.values[name]

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Hint the page's module graph from its head (see modules.py)."""
        urls = [get_relative_url(f"{SITE_DIR}/{name}", page.url) for name in self.page_modules]
        return output.replace("</title>", "</title>" + modules.preload_links(urls), 1)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Lay the runtime, the wheels, the lock (and the snapshot) into the site's `pyodide/`."""
        with build_errors():
            self._lay_runtime(Path(config.site_dir) / PYODIDE_DIR)

    def _lay_runtime(self, dest: Path) -> None:
        """Lay the runtime, wheels, lock, standard library cut and snapshot into `dest`."""
        written = lay_pyodide_folder(self.runtime, self.wheels, self.lock, dest)
        if self.config.snapshot and not self.serving:
            cache = self.project_dir / self.config.snapshot_cache_dir
            restore_stdlib = None
            if self.config.stdlib_cut:  # before the snapshot: it must refer to this zip
                cut, restore_stdlib = stdlib_cut.cut_stdlib(dest, cache)
                written += [cut, restore_stdlib]
            written += snapshot.write_snapshot(dest, cache, restore_stdlib)
        log.debug("decision-tool: laid %d files into %s", len(written), dest)


def lay_pyodide_folder(
    runtime_dir: Path, shipped: wheels.Wheels, lock: lockfile.PyodideLockSpec, dest: Path
) -> list[Path]:
    """Write the runtime files, the wheels and the lock into `dest`; return every written path."""
    written = runtime.lay_runtime(runtime_dir, dest)
    for wheel in shipped.all():
        shutil.copyfile(wheel, dest / wheel.name)
        written.append(dest / wheel.name)
    written.append(lockfile.write_lock(lock, dest))
    return written
