"""After a generator that runs no plugin: the steps over the built site, in their order.

No marker left (else the generator skipped the step, `leftovers`); the tool's module graph hinted
in every page; the Python runtime laid in; the service worker (`offline`); the
Content-Security-Policy (meta tags, header file);
the `.br`/`.gz` siblings last, of the files as finally written. The MkDocs plugins run the same
functions at MkDocs' events.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from pathlib import Path

from sitebuild.csp.policy import place_tags, write_site_policy
from sitebuild.leftovers import check_site
from sitebuild.offline.worker import write_worker
from sitebuild.pages.modules import hint_modules, page_modules
from sitebuild.paths import PYODIDE_DIR
from sitebuild.precompress.compress import precompress_tree
from sitebuild.pyodide.folder import lay_runtime_folder, prepare_runtime
from sitebuild.settings import Settings

log = logging.getLogger(__name__)


def built_pages(site_dir: Path) -> list[Path]:
    """The built pages: every HTML file but the theme's and the tool's assets."""
    return [path for path in sorted(site_dir.rglob("*.html")) if "assets" not in path.parts]


def finish_site(
    site_dir: Path, project_dir: Path, settings: Settings, runtime_styles: Iterable[str] = ()
) -> None:
    """Run every step after the generator over `site_dir`, as `make build` does under MkDocs.

    `runtime_styles`: the `<style>` texts the theme creates in the browser (csp.policy).
    """
    started = time.perf_counter()
    check_site(site_dir)
    prepared = prepare_runtime(project_dir, settings)
    graph = page_modules()
    for page in built_pages(site_dir):
        html = page.read_text(encoding="utf-8")
        where = page.relative_to(site_dir).as_posix()
        page.write_text(hint_modules(html, graph, where), encoding="utf-8")
    lay_runtime_folder(
        prepared,
        site_dir / PYODIDE_DIR,
        project_dir=project_dir,
        settings=settings,
        snapshot_too=True,
    )
    write_worker(site_dir, enabled=settings.offline)
    if settings.csp:
        place_tags(site_dir)
        write_site_policy(site_dir, runtime_styles)
    if settings.precompress:
        precompress_tree(site_dir, settings.cache(project_dir, "precompressed"))
    log.info("decision-tool: site finished in %.1f s", time.perf_counter() - started)
