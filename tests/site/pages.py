"""What the site tests share: the list of pages, and a small reader of built HTML."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page

from tools.browser import Tab
from tools.build import REPO

DOCS = REPO / "docs"
NOT_FOUND_PAGE = "404.html"
#: Where each generator writes its search index, and the list of entries in it.
SEARCH_INDEXES = {"search/search_index.json": "docs", "search.json": "items"}
#: A marker of ours as a page holds it, raw or escaped.
MARKERS = ("<!-- decision-tool:", "&lt;!-- decision-tool:")
LOAD_TIMEOUT_MS = 120_000


def page_paths() -> list[str]:
    """Every page of the site as a path under the base URL (one per docs/*.md, and 404.html)."""
    paths = []
    for source in sorted(DOCS.rglob("*.md")):
        relative = source.relative_to(DOCS).with_suffix("")
        if relative.name == "index":
            relative = relative.parent
        paths.append("" if str(relative) == "." else f"{relative.as_posix()}/")
    return [*paths, NOT_FOUND_PAGE]


def built_file(site: Path, path: str) -> Path:
    """The built HTML file of a page path."""
    return site / path if path.endswith(".html") else site / path / "index.html"


def open_page(page: Page, url: str) -> None:
    """Load a page and wait until Material is running and the network is quiet."""
    page.goto(url, wait_until="networkidle", timeout=LOAD_TIMEOUT_MS)
    wait_material(page)


def wait_material(page: Page) -> None:
    """Wait until Material's JavaScript has started (document$ exists, search is mounted)."""
    page.wait_for_function(
        "() => window.document$ !== undefined"
        " && document.querySelector('.md-search-result__meta') !== null",
        timeout=LOAD_TIMEOUT_MS,
    )


def foreign_requests(tab: Tab, site_url: str) -> list[str]:
    """Requests that went anywhere but the site's own origin (data: and blob: stay local)."""
    origin = urlsplit(site_url)[:2]
    return [
        url
        for url in tab.requests + tab.worker_requests
        if urlsplit(url).scheme not in {"data", "blob"} and urlsplit(url)[:2] != origin
    ]


def assert_clean(tab: Tab, site_url: str) -> None:
    """No CSP violation, no console error, nothing requested from another host."""
    assert tab.csp_violations == []
    assert tab.console_errors == []
    assert foreign_requests(tab, site_url) == []


def assert_page_loads_clean(tab: Tab, site_url: str, path: str) -> None:
    """The page runs with the policy in force (its meta tag), and asks only its own origin."""
    open_page(tab.page, path)
    policy = tab.page.locator('meta[http-equiv="Content-Security-Policy"]')
    assert policy.count() == 1
    assert "script-src 'self'" in (policy.get_attribute("content") or "")
    assert tab.requests, "no request recorded: the recorder is broken"
    assert_clean(tab, site_url)


@dataclass
class Element:
    """One start tag of a document: its name, attributes and the text inside it (if kept)."""

    tag: str
    attrs: dict[str, str]
    text: str = ""


class Document(HTMLParser):
    """A built page, reduced to its start tags and its visible text."""

    def __init__(self) -> None:
        """Start empty."""
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Keep the tag; stop collecting text inside scripts and styles."""
        self.elements.append(Element(tag, {name: value or "" for name, value in attrs}))
        if tag in {"script", "style"}:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        """Resume collecting text after a script or style."""
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        """Collect visible text."""
        if not self._skip:
            self.chunks.append(data)

    @property
    def text(self) -> str:
        """The visible text, whitespace collapsed."""
        return re.sub(r"\s+", " ", "".join(self.chunks))

    def find(self, tag: str, **attrs: str) -> list[Element]:
        """The elements with this tag and these attribute values (`http_equiv` for http-equiv)."""
        return [
            element
            for element in self.elements
            if element.tag == tag
            and all(element.attrs.get(name.replace("_", "-")) == v for name, v in attrs.items())
        ]


def parse(html: str) -> Document:
    """Parse an HTML document or fragment."""
    document = Document()
    document.feed(html)
    document.close()
    return document


def section(html: str, anchor: str) -> str:
    """The HTML of a section: from the heading with this id to the next h1/h2 or the article end."""
    start = html.index(f'id="{anchor}"')
    ends = [m.start() for m in re.finditer(r"<h[12][ >]|</article>", html[start:])]
    return html[start : start + min(ends)]


def search_entries(site: Path) -> list[dict[str, str]]:
    """The entries (location, title, text) of a built site's search index (either generator's)."""
    for name, key in SEARCH_INDEXES.items():
        if (site / name).is_file():
            return json.loads((site / name).read_text(encoding="utf-8"))[key]
    raise AssertionError(f"no search index in {site}")


def toc_label(html: str, anchor: str) -> str:
    """The text of the table of contents' entry for a section."""
    start = html.index(f'<a href="#{anchor}" class="md-nav__link">')
    return re.sub(r"\s+", " ", parse(html[start : html.index("</a>", start)]).text).strip()


def read(path: Path) -> Document:
    """Parse one built HTML file."""
    return parse(path.read_text(encoding="utf-8"))
