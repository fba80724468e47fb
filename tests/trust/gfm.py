"""The Markdown texts as GitHub and GitLab render them (contract v3): cmark-gfm (GitHub's) and
comrak (GitLab's), with strikethrough, tables, autolinks, task lists and the tag filter on.

A text is read back as the elements it renders to, its visible text, its links, and the
mentions GitHub and GitLab would make of it (`@name` after no letter, digit or `_`, outside
links and code): the trust checks compare that with a baseline made of plain tokens.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import cmarkgfm
import comrak
from cmarkgfm.cmark import Options

#: A mention on GitHub (`(?:^|\W)@[a-z0-9]`) and GitLab (`(?<!\w)@[\w.]`), ASCII word characters.
MENTION = re.compile(r"(?<![A-Za-z0-9_])@\.?[A-Za-z0-9_]")
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def _github(text: str) -> str:
    """GitHub's renderer (raw HTML kept, so that HTML from user text shows up)."""
    return cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)


def _gitlab(text: str) -> str:
    """GitLab's renderer (comrak) with the GFM extensions on."""
    extensions = comrak.ExtensionOptions()
    for name in ("strikethrough", "table", "autolink", "tasklist", "tagfilter"):
        setattr(extensions, name, True)
    render = comrak.RenderOptions()
    render.unsafe_ = True
    return comrak.render_markdown(text, extension_options=extensions, render_options=render)


RENDERERS: dict[str, Callable[[str], str]] = {"github": _github, "gitlab": _gitlab}


class Rendered(HTMLParser):
    """One rendered text: elements, visible text, links (href, text), text outside links/code."""

    def __init__(self) -> None:
        """Start empty."""
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.visible: list[str] = []
        self.links: list[list[str]] = []
        self.prose: list[str] = []
        self.inside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Count the element; a link starts collecting its text."""
        self.tags[tag] += 1
        if tag == "a":
            self.links.append([dict(attrs).get("href") or "", ""])
        if tag in ("a", "code"):
            self.inside.append(tag)
        self.visible.append(" " if tag in ("br", "p", "li", "td", "th") else "")

    def handle_endtag(self, tag: str) -> None:
        """Close a link or code."""
        if self.inside and self.inside[-1] == tag:
            self.inside.pop()

    def handle_data(self, data: str) -> None:
        """Visible text; link text; text outside links and code."""
        self.visible.append(data)
        if "a" in self.inside:
            self.links[-1][1] += data
        if not self.inside:
            self.prose.append(data)

    def handle_comment(self, data: str) -> None:
        """A comment (raw HTML from user text)."""
        self.tags["!--"] += 1

    def hidden_links(self) -> list[list[str]]:
        """The links whose visible text is not their target."""
        return [link for link in self.links if not shows_its_target(*link)]

    def mentions(self) -> list[str]:
        """The mentions GitHub and GitLab would make (in each text node outside links and code)."""
        return [found for text in self.prose for found in MENTION.findall(text)]


def read(html: str) -> Rendered:
    """Parse rendered HTML."""
    rendered = Rendered()
    rendered.feed(html)
    rendered.close()
    return rendered


def shows_its_target(href: str, text: str) -> bool:
    """A link shows where it goes: its text is its target (maybe %-encoded there, or its host
    in punycode, as browsers go), an e-mail's less `mailto:`, a `www.` address's less `http://`."""
    targets = {href, unquote(href)}
    shown = {text, _punycode(text), "http://" + text, "mailto:" + text}
    return bool(targets & shown) or bool(
        {unquote(t) for t in targets} & {unquote(s) for s in shown}
    )


def _punycode(url: str) -> str:
    """The URL with its host in punycode (unchanged when it has none or it cannot be)."""
    try:
        host = urlsplit(url).hostname or ""
        return url.replace(host, host.encode("idna").decode("ascii"), 1) if host else url
    except (ValueError, UnicodeError):
        return url


def collapse(text: str) -> str:
    """Whitespace runs as one space, zero-width characters dropped."""
    return " ".join(text.translate(ZERO_WIDTH).split())


def problems(text: str, base: str, made: Counter[str], shown: list[str]) -> list[str]:
    """What GitHub and GitLab show that user text should not have made.

    `made` counts the emphasis and code spans the typed rule makes of the user text; `shown`
    is each user value as a reader must see it (typed markup rendered).
    """
    found = []
    for name, render in RENDERERS.items():
        got, want = read(render(text)), read(render(base))
        for tag in sorted((set(got.tags) | set(want.tags) | set(+made)) - {"a", "p", "br"}):
            extra = got.tags[tag] - want.tags[tag] - made[tag]
            if extra:
                found.append(f"{name}: {extra:+d} <{tag}> from user text")
        if len(got.hidden_links()) > len(want.hidden_links()):
            found.append(f"{name}: a link that hides its target: {got.hidden_links()}")
        if len(got.mentions()) > len(want.mentions()):
            found.append(f"{name}: a mention from user text: {got.mentions()}")
        seen = collapse("".join(got.visible))
        found += [f"{name}: {value[:60]!r} not shown as typed" for value in shown
                  if collapse(value) not in seen]  # fmt: skip
    return found
