"""The page's module graph, hinted from the head: fetched while the page is parsed.

questionnaire.js runs after the page is parsed (a module script is deferred) and its imports were
fetched one level at a time after that: the worker was created ~0.15 s later than it could be.
`<link rel="modulepreload">` for each module it imports, at any depth, lets the browser fetch
and compile them with the stylesheets (the worker's own modules are not the page's: not hinted).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

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


def preload_links(urls: list[str]) -> str:
    """The `<link rel="modulepreload">` tags for these (page-relative) URLs."""
    return "".join(f'<link rel="modulepreload" href="{url}">' for url in urls)
