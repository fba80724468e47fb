"""A strict, hash-based Content-Security-Policy for every built page, from the built HTML alone.

Design (why it is correct):

- Every page carries `<meta http-equiv="Content-Security-Policy" content="...">` in its head,
  before the theme's first inline script. Under MkDocs `overrides/main.html` writes it (with a
  placeholder) at the end of the `site_meta` block whenever the Jinja global `csp_policy` is set
  (the csp plugin sets it); for a generator that runs no plugin, `place_tags` writes it into the
  built pages right after `<meta charset>`.
- The policy allows inline scripts only by their SHA-256 hashes. The set of hashes must be ONE
  site-wide set: with instant navigation the policy of the first page stays in force while the
  theme runs the inline scripts of every page it navigates to, and the theme's scripts differ by
  folder depth (they hold `base_url`). So no page's policy can be known before the last page is
  written.
- Hence the single source of truth is `write_site_policy`, after the generator: it reads every
  HTML file of the site folder that carries the tag (and, on MkDocs' `--dirty` builds, pages left
  from the previous build), hashes every executable inline `<script>` and every `<style>` in
  them, and rewrites the tag of every one of them with the full policy. Rewriting a tag never
  changes a hash, because the tag holds no script or style.
- `check_page` checks each page, so that a problem names the page: inline event handlers
  (`onclick=`), `style=""` attributes and `javascript:` URLs cannot be allowed by a hash and fail
  the build.
- Under `mkdocs serve` the plugin writes no tag: live reload injects an inline script that
  changes on every request, which no hash can allow.

A `<meta>` policy cannot set `frame-ancestors` or reporting, and does not cover Web Workers;
`header_policy()` gives the form a server should send as a header (documented in docs/security.md).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

from sitebuild.errors import BuildError

from .header import write_header_files

log = logging.getLogger(__name__)

PLACEHOLDER = "csp-policy-pending"
META_PATTERN = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)

# Script types a browser executes (and so checks against script-src); the rest is data.
EXECUTABLE_TYPES = frozenset(
    {
        "",
        "module",
        "importmap",
        "speculationrules",
        "text/javascript",
        "application/javascript",
        "application/ecmascript",
        "text/ecmascript",
    }
)


class InlineCode(HTMLParser):
    """Collect a page's executable inline scripts and styles, and what no hash can allow."""

    def __init__(self) -> None:
        """Start with nothing collected."""
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.problems: list[str] = []
        self._open: Literal["script", "style"] | None = None
        self._chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an inline script or style, and note forbidden attributes."""
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"inline event handler {name}= on <{tag}>")
            elif name == "style":
                self.problems.append(f'style="" attribute on <{tag}>')
            elif name in {"href", "src", "action", "formaction"} and _is_javascript_url(value):
                self.problems.append(f"javascript: URL in {name}= of <{tag}>")
        if tag == "script" and "src" not in values:
            kind = values.get("type", "").strip().lower()
            self._open = "script" if kind in EXECUTABLE_TYPES else None
        elif tag == "style":
            self._open = "style"
        self._chunks = []

    def handle_data(self, data: str) -> None:
        """Keep the raw text of an open script or style."""
        if self._open is not None:
            self._chunks.append(data)

    def handle_endtag(self, tag: str) -> None:
        """Close an inline script or style and keep its text."""
        if self._open is not None and tag == self._open:
            target = self.scripts if tag == "script" else self.styles
            target.append("".join(self._chunks))
        if tag in {"script", "style"}:
            self._open = None
            self._chunks = []


def _is_javascript_url(value: str) -> bool:
    """Whether a URL attribute runs script (`javascript:`, ignoring case and blanks)."""
    return re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:")


def source_hash(text: str) -> str:
    """The CSP source expression for an inline script or style: `'sha256-<base64>'`."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inspect_html(html: str) -> InlineCode:
    """Parse one HTML document and return what it holds inline."""
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser


def build_policy(script_hashes: Iterable[str], style_hashes: Iterable[str]) -> str:
    """The policy for every page: own origin only, inline code only by hash."""
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(set(script_hashes))])
    styles = " ".join(["'self'", *sorted(set(style_hashes))])
    directives = [
        "default-src 'self'",
        f"script-src {scripts}",
        "worker-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        f"style-src {styles}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ]
    return "; ".join(directives)


def header_policy(meta_policy: str) -> str:
    """The same policy as an HTTP header, with what only a header can carry."""
    return f"{meta_policy}; frame-ancestors 'none'"


def write_site_policy(site_dir: Path, runtime_styles: Iterable[str] = ()) -> str:
    """Hash the inline code of every built page that carries the tag; write the policy into each.

    `runtime_styles` are the texts of `<style>` elements the theme's script creates in the
    browser (Zensical's search), allowed by hash too. Also writes the header form for servers
    (see header.py). Returns the meta policy.
    """
    pages = [
        path
        for path in sorted(site_dir.rglob("*.html"))
        if META_PATTERN.search(path.read_text(encoding="utf-8"))
    ]
    if not pages:
        raise BuildError("csp: no built page carries the CSP meta tag (overrides/main.html)")
    scripts: set[str] = set()
    styles: set[str] = {source_hash(text) for text in runtime_styles}
    for path in pages:
        found = inspect_html(path.read_text(encoding="utf-8"))
        scripts.update(source_hash(text) for text in found.scripts)
        styles.update(source_hash(text) for text in found.styles)
    policy = build_policy(scripts, styles)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    for path in pages:
        html = path.read_text(encoding="utf-8")
        path.write_text(META_PATTERN.sub(lambda _: tag, html, count=1), encoding="utf-8")
    write_header_files(site_dir, header_policy(policy))
    log.info(
        "csp: %d pages, %d inline script hashes, %d style hashes; as a header: %s",
        len(pages),
        len(scripts),
        len(styles),
        header_policy(policy),
    )
    return policy


def place_tags(site_dir: Path) -> list[Path]:
    """Give every built page without the tag one (a placeholder) right after `<meta charset>`.

    Also checks every page (`check_page`). Returns the pages that got a tag.
    """
    tag = f'<meta http-equiv="Content-Security-Policy" content="{PLACEHOLDER}">'
    placed = []
    for path in sorted(site_dir.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        where = path.relative_to(site_dir).as_posix()
        check_page(html, where)
        if META_PATTERN.search(html):
            continue
        head = _CHARSET.search(html) or _HEAD.search(html)
        if head is None:
            raise BuildError(f"csp: {where} has no <head> to put the policy's meta tag in")
        path.write_text(html[: head.end()] + tag + html[head.end() :], encoding="utf-8")
        placed.append(path)
    return placed


def check_page(html: str, where: str) -> None:
    """Fail the build on inline code that the policy would block (names the page)."""
    problems = inspect_html(html).problems
    if problems:
        listed = "; ".join(sorted(set(problems)))
        raise BuildError(f"csp: {where} has inline code the CSP blocks: {listed}")
