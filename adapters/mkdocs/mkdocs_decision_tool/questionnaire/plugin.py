"""The `decision-tool` MkDocs plugin: the build steps of `sitebuild` at MkDocs' events.

It ships the browser app (`browser/page/`, `browser/worker/`) at the site path
`assets/decision-tool/`, replaces the markers in each page's Markdown before MkDocs renders it
(`sitebuild.pages.markers`), hints the tool's modules in each page, and after the build checks
that no marker is left and lays the Python runtime into `assets/decision-tool/pyodide/`. Its
settings are `[tool.sitebuild]` in pyproject.toml (`sitebuild.settings`), which Zensical's
adapter reads too. The stylesheet and module script are listed in mkdocs.yml.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from sitebuild.leftovers import check_site
from sitebuild.offline.worker import write_worker
from sitebuild.pages.docs import Docs
from sitebuild.pages.markers import fill, site_policy
from sitebuild.pages.modules import hint_modules, page_modules
from sitebuild.paths import BROWSER_DIR, PYODIDE_DIR, browser_files
from sitebuild.pyodide import wheels
from sitebuild.pyodide.folder import lay_runtime_folder, prepare_runtime
from sitebuild.settings import load_settings

from ..errors import build_errors


class DecisionToolPlugin(BasePlugin):
    """Render the questionnaire and levels table from policy, and lay in the browser runtime."""

    serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve` (no snapshot there: the worker starts fresh)."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load the policy and the settings; read the docs, the module graph, the runtime.

        The runtime and the wheels are made ready here, so that a broken engine fails at once.
        """
        self.project_dir = Path(config.config_file_path).resolve().parent
        with build_errors():
            self.policy = site_policy()
            self.settings = load_settings(self.project_dir)
            self.docs = Docs(Path(config.docs_dir), directory_urls=config.use_directory_urls)
            self.page_modules = page_modules()
            self.runtime = prepare_runtime(self.project_dir, self.settings)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Add the browser app (`browser/page/`, `browser/worker/`) to the site's files."""
        for uri, path in browser_files():
            if files.get_file_from_path(uri) is not None:
                raise PluginError(f"decision-tool: docs/{uri} would replace the tool's own file")
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
        with build_errors():
            return fill(markdown, page=page.file.src_uri, docs=self.docs, policy=self.policy)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Hint the page's module graph from its head (see sitebuild.pages.modules)."""
        with build_errors():
            return hint_modules(output, self.page_modules, page.file.src_uri)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Check that no marker is left; lay the runtime (and the snapshot); the service worker."""
        site = Path(config.site_dir)
        with build_errors():
            check_site(site)
            lay_runtime_folder(
                self.runtime,
                site / PYODIDE_DIR,
                project_dir=self.project_dir,
                settings=self.settings,
                snapshot_too=not self.serving,
            )
            # Never under `mkdocs serve`: its page module keeps ENABLED false (no worker there).
            if not self.serving:
                write_worker(site, enabled=self.settings.offline)
