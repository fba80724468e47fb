"""Before a generator that runs no plugin: a copy of the docs with every marker replaced.

The copy is what the generator renders: each page's Markdown with the form, the levels table and
the policy values in it (so its table of contents and search index hold them), and the browser
app at `assets/decision-tool/`, which the generator copies into the site like any other file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from decision_tool.policy import Policy
from sitebuild.errors import BuildError
from sitebuild.pages.docs import Docs
from sitebuild.pages.markers import fill
from sitebuild.paths import browser_files


def prepare_docs(docs: Docs, dest: Path, policy: Policy) -> Path:
    """Write the docs folder's copy into `dest` (emptied first); return it."""
    if dest.exists():
        shutil.rmtree(dest)
    for path in sorted(docs.root.rglob("*")):
        if not path.is_file():
            continue
        src = path.relative_to(docs.root).as_posix()
        target = dest / src
        target.parent.mkdir(parents=True, exist_ok=True)
        if docs.has_page(src):
            text = fill(docs.text(src), page=src, docs=docs, policy=policy)
            target.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(path, target)
    for uri, path in browser_files():
        if (docs.root / uri).exists():
            raise BuildError(f"decision-tool: docs/{uri} would replace the tool's own file")
        (dest / uri).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest / uri)
    return dest
