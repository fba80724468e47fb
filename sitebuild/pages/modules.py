"""The page's module graph, hinted from the head: fetched while the page is parsed.

questionnaire.js runs after the page is parsed (a module script is deferred) and its imports were
fetched one level at a time after that: the worker was created ~0.15 s later than it could be.
`<link rel="modulepreload">` for each module it imports, at any depth, lets the browser fetch
and compile them with the stylesheets (the worker's own modules are not the page's: not hinted).
Every page loads the tool (instant navigation may bring the form to any of them), so every page
is checked for the stylesheet and the module script, and hinted.

The page that holds the form also gets `page/engine-early.js` inline before the hints (a classic
script, allowed by its hash like the theme's): it creates the engine's worker while the page is
parsed, ~0.3-0.4 s before the deferred modules could (the page's EngineClient adopts it).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from sitebuild.errors import BuildError
from sitebuild.paths import BROWSER_DIR, SCRIPT, SITE_DIR, STYLESHEET

#: The classic script that starts the engine's worker from the head of the form's page.
EARLY_SCRIPT = BROWSER_DIR / "page" / "engine-early.js"
#: The form's root element, as the build writes it (sitebuild.pages.form).
_FORM = re.compile(r"""<div\b[^>]*\bid=["']?dt["' >]""")

#: A static import or re-export of a relative module: `import … from './x.js'`, `'../worker/y.js'`.
_IMPORT = re.compile(
    r"""^\s*(?:import|export)\b[^'"]*?(?:\bfrom\s*)?['"](\.\.?/[\w./-]+\.js)['"]""", re.MULTILINE
)


def module_graph(root: Path, entry: str) -> list[str]:
    """Paths (from `root`) of `entry` and every module it imports statically, at any depth."""
    found: list[str] = []
    todo = [entry]
    while todo:
        name = todo.pop(0)
        if name in found:
            continue
        found.append(name)
        source = (root / name).read_text(encoding="utf-8")
        base = posixpath.dirname(name)
        for target in _IMPORT.findall(source):
            path = posixpath.normpath(posixpath.join(base, target))
            if path.startswith("../"):
                raise ValueError(f"{name} imports {target}, outside {root}")
            todo.append(path)
    return found


def page_modules() -> list[str]:
    """The page's module graph, as paths under `SITE_DIR` (questionnaire.js first)."""
    return module_graph(BROWSER_DIR, posixpath.relpath(SCRIPT, SITE_DIR))


def _loaded(html: str, tag: str, attribute: str, path: str) -> re.Match[str] | None:
    """The `<tag ... attribute="…path">` of a page that loads `path`; its URL's prefix as `base`."""
    pattern = rf"""<{tag}\b[^>]*\b{attribute}=["']?(?P<base>[^"' >]*?){re.escape(path)}["' >]"""
    return re.search(pattern, html)


def hint_modules(html: str, graph: list[str], where: str) -> str:
    """The page with its module graph hinted after `</title>`; a page without the tool fails.

    The hints' URLs are the module script's own URL prefix, so they are written the way the
    generator wrote the script's (relative to the page, or absolute on a 404 page).
    """
    script = _loaded(html, "script", "src", SCRIPT)
    if script is None or not _loaded(html, "link", "href", STYLESHEET):
        raise BuildError(
            f"decision-tool: {where} does not load the tool ({STYLESHEET}, {SCRIPT}): list them "
            f"in mkdocs.yml under extra_css and extra_javascript (with `type: module`)."
        )
    base = f"{script['base']}{SITE_DIR}/"  # the site's root as the page links it, then ours
    links = "".join(f'<link rel="modulepreload" href="{base}{name}">' for name in graph)
    if _FORM.search(html):
        # First: the worker's request then leaves before the ~30 module hints queue up.
        worker = f"{base}worker/worker.js"
        links = f'<script data-worker="{worker}">{early_script()}</script>{links}'
    return html.replace("</title>", "</title>" + links, 1)


def early_script() -> str:
    """engine-early.js as the head's inline script (its tag's `data-worker` names the worker)."""
    text = EARLY_SCRIPT.read_text(encoding="utf-8").strip()
    if "</script" in text.lower() or "<!--" in text:
        raise BuildError(f"{EARLY_SCRIPT.name} cannot be inlined: it holds </script or <!--")
    return text
