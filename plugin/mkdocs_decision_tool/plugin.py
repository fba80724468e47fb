r"""The `decision-tool` MkDocs plugin: questionnaire markers, levels table, Pyodide runtime.

Site paths it lays in (under the `assets_dir` option, default `assets/decision-tool/`):
`pyodide/pyodide.mjs`, `pyodide/pyodide.asm.mjs`, `pyodide/pyodide.asm.wasm`,
`pyodide/python_stdlib.zip` (verbatim from `node_modules/pyodide`), the three pure wheels
`pyodide/decision_tool-<v>-py3-none-any.whl`, `pyodide/jinja2-<v>-py3-none-any.whl`,
`pyodide/markupsafe-<v>-py3-none-any.whl`, and `pyodide/pyodide-lock.json`, which lists ONLY
those three (packages `decision-tool` -> `jinja2` -> `markupsafe`), with bare file names and a
sha256 each. How the worker (`assets/decision-tool/worker.js`) loads them::

    import { loadPyodide } from "./pyodide/pyodide.mjs";
    const base = new URL("./pyodide/", import.meta.url).href;
    const pyodide = await loadPyodide({
      indexURL: base, lockFileURL: base + "pyodide-lock.json", packageBaseUrl: base,
    });
    const errors = [];  // loadPackage does not reject on a failed download or sha256 check
    await pyodide.loadPackage(["decision-tool"], {
      errorCallback: (m) => errors.push(m), messageCallback: () => {},
    });
    if (errors.length) throw new Error(errors.join("\n"));
    const engine = pyodide.pyimport("decision_tool");
    const json = engine.evaluate_json(text);  // or engine.evaluate_json.callKwargs(text, { now })

`packageBaseUrl` matters in Node only (without it Node's loader falls back to the CDN); in the
browser it equals the default. Do not use loadPyodide's `packages` option: a failed wheel there
only goes to stderr. Verified in Node and Chromium (tests/pyodide/).
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from decision_tool.policy import PolicyError, load_policy

from . import compress, form, levels, lockfile, runtime, snapshot, stdlib_cut, wheels

log = logging.getLogger("mkdocs.plugins.decision_tool")

QUESTIONNAIRE_MARKER = "<!-- decision-tool:questionnaire -->"
LEVELS_MARKER = "<!-- decision-tool:levels -->"
#: Folder under `assets_dir` that holds the runtime, the wheels and the lock.
PYODIDE_DIR = "pyodide"


class DecisionToolConfig(Config):
    """Options of the `decision-tool` plugin in mkdocs.yml."""

    assets_dir = c.Type(str, default="assets/decision-tool")
    cache_dir = c.Type(str, default=".cache/wheels")  # relative to mkdocs.yml's folder
    compress_cache_dir = c.Type(str, default=".cache/precompressed")  # likewise
    snapshot = c.Type(bool, default=True)  # Pyodide memory snapshot (not under `mkdocs serve`)
    snapshot_cache_dir = c.Type(str, default=".cache/snapshot")  # likewise
    stdlib_cut = c.Type(bool, default=True)  # with the snapshot: stdlib cut to what is imported


class DecisionToolPlugin(BasePlugin[DecisionToolConfig]):
    """Render the questionnaire and levels table from policy, and lay in the browser runtime."""

    serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve` (no snapshot there: the worker starts fresh)."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and check the policy once per build; a broken policy fails the build."""
        load_policy.cache_clear()  # under `mkdocs serve`, pick up an edited policy.toml
        try:
            self.policy = load_policy()
        except PolicyError as error:
            raise PluginError(f"decision-tool: the policy is invalid: {error}") from error
        self.project_dir = Path(config.config_file_path).resolve().parent
        self.prepare_runtime()
        return config

    def prepare_runtime(self) -> None:
        """Find the Pyodide runtime, get the three wheels (cached) and compute their lock."""
        started = time.perf_counter()
        self.runtime = runtime.find_runtime(self.project_dir)
        self.wheels = wheels.prepare_wheels(
            self.project_dir, self.project_dir / self.config.cache_dir
        )
        self.lock = lockfile.make_lock(self.runtime / runtime.NPM_LOCK_FILE, self.wheels.all())
        log.debug(
            "decision-tool: runtime and wheels ready in %.2f s", time.perf_counter() - started
        )

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[[], None]
    ) -> LiveReloadServer:
        """Rebuild when the engine changes; the wheel is rebuilt only when its digest differs."""
        server.watch(str(self.project_dir / wheels.ENGINE_PACKAGE))
        return server

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Replace the markers with the static form and the levels table."""
        if QUESTIONNAIRE_MARKER in markdown:
            html = form.render_questionnaire(self.policy, page=page, files=files)
            markdown = markdown.replace(QUESTIONNAIRE_MARKER, html)
        if LEVELS_MARKER in markdown:
            markdown = markdown.replace(LEVELS_MARKER, levels.render_levels_table(self.policy))
        return markdown

    def _lay_runtime(self, *, config: MkDocsConfig) -> None:
        """Lay the runtime, the wheels and the lock into the site's `pyodide/` folder."""
        dest = Path(config.site_dir) / self.config.assets_dir / PYODIDE_DIR
        written = lay_pyodide_folder(self.runtime, self.wheels, self.lock, dest)
        if self.config.snapshot and not self.serving:
            cache = self.project_dir / self.config.snapshot_cache_dir
            if self.config.stdlib_cut:  # before the snapshot: it must refer to this zip
                written += stdlib_cut.cut_stdlib(dest, cache)
            written += snapshot.write_snapshot(dest, cache)
        log.debug("decision-tool: laid %d files into %s", len(written), dest)

    @event_priority(-100)  # after every other plugin's post-build writes (csp rewrites the HTML)
    def _precompress(self, *, config: MkDocsConfig) -> None:
        """Write .br/.gz siblings of the whole built site (cached for the big runtime files)."""
        if self.serving:
            return  # `mkdocs serve` does not serve siblings
        compress.precompress_tree(
            Path(config.site_dir), self.project_dir / self.config.compress_cache_dir
        )

    on_post_build = CombinedEvent(_lay_runtime, _precompress)


def lay_pyodide_folder(
    runtime_dir: Path, shipped: wheels.Wheels, lock: lockfile.PyodideLockSpec, dest: Path
) -> list[Path]:
    """Write the runtime files, the wheels and the lock into `dest`; return every written path.

    Later steps (precompressed siblings, the memory snapshot) take this list.
    """
    written = runtime.lay_runtime(runtime_dir, dest)
    for wheel in shipped.all():
        shutil.copyfile(wheel, dest / wheel.name)
        written.append(dest / wheel.name)
    written.append(lockfile.write_lock(lock, dest))
    return written
