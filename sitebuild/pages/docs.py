"""The handbook's Markdown pages as a site generator lays them out: their URLs and headings.

MkDocs and Zensical agree: `page.md` is served at `page/` (`page.html` without directory URLs),
`index.md` and `README.md` at their folder. Links between pages are written relative to the page.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

#: A heading with an explicit id: `### Touch base first {#touch-base}`.
HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*\{[^}]*#(?P<id>[\w-]+)[^}]*\}\s*$", re.M)
#: The page's first level-one heading.
TITLE = re.compile(r"^#\s+(?P<title>.+?)\s*(?:\{[^}]*\})?\s*$", re.M)
INDEX_NAMES = frozenset({"index.md", "README.md"})


def relative_url(url: str, base: str) -> str:
    """`url` (site-relative) as a link from the page at `base` (both as the generator serves them).

    A last path segment with a dot is a file (`404.html`), the rest folders; a folder URL keeps
    its trailing slash.
    """
    folder, _, name = base.rpartition("/")
    base = folder if "." in name else base
    base_parts = [part for part in base.split("/") if part not in {"", "."}]
    url_parts = [part for part in posixpath.normpath("/" + url).split("/") if part]
    common = 0
    for ours, theirs in zip(base_parts, url_parts, strict=False):
        if ours != theirs:
            break
        common += 1
    parts = [".."] * (len(base_parts) - common) + url_parts[common:]
    relative = "/".join(parts) or "."
    return relative + "/" if url.endswith("/") else relative


@dataclass(frozen=True)
class Docs:
    """The docs folder: which pages exist, where each is served, what its headings say."""

    root: Path
    directory_urls: bool = True

    def has_page(self, src: str) -> bool:
        """Whether `src` (a path under the docs folder, `a/b.md`) is a Markdown page."""
        return src.endswith(".md") and (self.root / src).is_file()

    def text(self, src: str) -> str:
        """The Markdown source of a page."""
        return (self.root / src).read_text(encoding="utf-8")

    def url(self, src: str) -> str:
        """The site-relative URL a page is served at (`a/b/` or `a/b.html`; `./` for the home)."""
        folder, _, name = src.rpartition("/")
        if name in INDEX_NAMES:
            stem = posixpath.join(folder, "index") if folder else "index"
        else:
            stem = posixpath.join(folder, name.removesuffix(".md")) if folder else name[:-3]
        if not self.directory_urls:
            return f"{stem}.html"
        if stem == "index":
            return "./"
        return stem.removesuffix("/index") + "/"

    def link(self, target: str, page: str) -> str:
        """A link from page `page` to page `target` (both paths under the docs folder)."""
        return relative_url(self.url(target), self.url(page))

    def section_title(self, src: str, anchor: str) -> str:
        """The raw heading text of the section with this explicit id, else the page's title."""
        text = self.text(src)
        for match in HEADING.finditer(text):
            if match["id"] == anchor:
                return match["title"]
        title = TITLE.search(text)
        return title["title"] if title else posixpath.basename(src).removesuffix(".md")
