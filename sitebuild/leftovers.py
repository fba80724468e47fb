"""The check before a built site ships: no marker of ours left in any page or index, raw or shown.

A generator that runs no plugin (Zensical, MkDocs 2) builds the handbook without complaint and
keeps our `<!-- decision-tool:... -->` markers as HTML comments: the page would ship without its
questionnaire. A marker in a code span, or quoted from a page's raw Markdown, reaches the reader
as text (`&lt;!-- decision-tool:...`), in the page or in the search index. Both fail the build.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from sitebuild.errors import BuildError
from sitebuild.pages.markers import ANY_MARKER

#: The files a reader (or the theme's search) reads text from.
TEXT_SUFFIXES = frozenset({".html", ".json", ".xml", ".txt", ".md"})
#: A marker kept as an HTML comment: the comment's text.
COMMENT = re.compile(r"\s*decision-tool:")
SHOWN_AT_MOST = 8

SKIPPED = (
    "the site generator skipped the decision-tool step, and these pages would ship without "
    "their tool. MkDocs runs the step as the plugins `decision-tool`, `csp` and `precompress` "
    "(plugins: in mkdocs.yml); Zensical runs no MkDocs plugin: build with `make build-zensical` "
    "(python -m adapters.zensical), which runs the step before and after Zensical."
)
SHOWN = (
    "a reader would see these markers as text. The step replaces markers in each page's "
    "Markdown before the generator renders it: something in the build read a page before that "
    "(a plugin, a template), or the generator skipped the step."
)


class _Page(HTMLParser):
    """The markers of one HTML page: kept as comments, or in its text and attribute values."""

    def __init__(self) -> None:
        """Start with nothing found."""
        super().__init__(convert_charrefs=True)
        self.comments: list[str] = []
        self.shown: list[str] = []

    def handle_comment(self, data: str) -> None:
        """A comment of ours is a marker nobody replaced."""
        if COMMENT.match(data):
            self.comments.append(f"<!--{data}-->")

    def handle_data(self, data: str) -> None:
        """Text (entities decoded) that holds a marker is shown to the reader."""
        self.shown += ANY_MARKER.findall(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """So is an attribute value (a title, an aria-label, a data- attribute)."""
        for _, value in attrs:
            self.shown += ANY_MARKER.findall(value or "")


def _strings(value: Any) -> Iterator[str]:
    """Every string in a JSON document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _shown_in(path: Path, text: str) -> list[str]:
    """The markers a non-HTML file holds (a search index stores HTML, escaped or not)."""
    if path.suffix == ".json":
        try:
            texts = list(_strings(json.loads(text)))
        except ValueError:
            texts = [text]
    else:
        texts = [text]
    return [marker for item in texts for marker in ANY_MARKER.findall(unescape(item))]


def find_markers(site_dir: Path) -> tuple[list[str], list[str]]:
    """The markers kept as comments, and those shown as text, as `file: marker` lines."""
    kept: list[str] = []
    shown: list[str] = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if "decision-tool:" not in text:
            continue
        where = path.relative_to(site_dir).as_posix()
        if path.suffix == ".html":
            page = _Page()
            page.feed(text)
            page.close()
            kept += [f"{where}: {marker}" for marker in page.comments]
            shown += [f"{where}: {marker} (as text)" for marker in page.shown]
        else:
            shown += [f"{where}: {marker} (as text)" for marker in _shown_in(path, text)]
    return kept, shown


def check_site(site_dir: Path) -> None:
    """Fail when any built file still holds a marker of ours (see the module's docstring)."""
    kept, shown = find_markers(site_dir)
    if not kept and not shown:
        return
    found = [*kept, *shown]
    listed = "; ".join(found[:SHOWN_AT_MOST])
    more = f" (and {len(found) - SHOWN_AT_MOST} more)" if len(found) > SHOWN_AT_MOST else ""
    reason = SKIPPED if kept else SHOWN
    raise BuildError(f"decision-tool: the built site holds our markers: {listed}{more}. {reason}")
