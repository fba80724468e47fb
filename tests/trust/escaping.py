"""Escaping invariants of the generated texts, checked against a baseline made of plain tokens.

The idea: evaluate once with every string answer replaced by a harmless alphanumeric token (the
baseline) and once with one or more hostile answers. Everything the template's author wrote is in
both texts; so any mention, link or markup that appears only with the hostile answers was created
by user text. Which templates use a field is read off the baseline (its token appears in them).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import mdurl
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests.trust import gfm
from tests.trust.gfm import shows_its_target
from tests.trust.typed import read_value

# String answers of the contract, by shape.
NAME_FIELDS = ("engineer", "manager", "next_engineer", "next_manager", "tam",
               "customer_contact", "signature")  # fmt: skip
URL_FIELDS = ("ticket_url", "escalation_doc_url")
FREE_TEXT_FIELDS = ("summary", "latest_update", "tried", "next_steps", "blocked_detail",
                    "impact", "judgement_reason")  # fmt: skip
SINGLE_LINE_FIELDS = ("customer", *NAME_FIELDS, "slack_room", *URL_FIELDS)
STRING_FIELDS = (*SINGLE_LINE_FIELDS, *FREE_TEXT_FIELDS)

# The contract's length limits (policy [limits]); the slack_room limit excludes the '#'.
MAX_LENGTH = {
    "customer": 120,
    **dict.fromkeys(NAME_FIELDS, 80),
    "slack_room": 81,
    **dict.fromkeys(FREE_TEXT_FIELDS, 4000),
}

# Zero-width characters are invisible: ignored when comparing what a reader sees (the engine may
# put one after the @ of a broadcast mention to neutralise it).
# Harmless values that stand in for each string answer in the baseline: letters and digits only
# (URLs and the room need their own shape), and unique so their presence marks a field as used.
TOKENS: dict[str, str] = {
    **{field: f"Zq{field.replace('_', '')}Zq" for field in STRING_FIELDS},
    "slack_room": "#zqroomzq",
    "ticket_url": "https://tickets.example.com/zqticketzq",
    "escalation_doc_url": "https://docs.example.com/zqdoczq",
}

LINE_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
MENTION = re.compile(r"@(here|channel|everyone)\b", re.IGNORECASE)
SLACK_ENTITY = re.compile(r"&(?:amp|lt|gt);")
ROOM = re.compile(r"#[a-z0-9_-]{1,80}")
URL_RFC3986 = re.compile(
    r"https?://(?:[a-z0-9.-]+\.example\.com|xn--[a-z0-9-]*(?:\.[a-z0-9-]+)*)"
    r"(/[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*)?"
)
#: (v3) A URL in text as Slack and GFM link it (a host, then a path, query or fragment): a
#: mention inside one is part of the link, and never neutralised.
URL_IN_TEXT = re.compile(r"(?<![A-Za-z])(?ai:https?)://[^\s/?#<@]+[/?#][^\s<]*")
#: (v3) What a link may not hold: a Unicode space (Zs) or a blank letter.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")

# Markdown constructs that user text must never create (CommonMark token types), and (v3) those
# it makes exactly as the typed rule says (tests/trust/typed.py): emphasis and code spans.
MARKDOWN_STRUCTURE = (
    "link_open",
    "image",
    "html_inline",
    "html_block",
    "em_open",
    "strong_open",
    "code_inline",
    "heading_open",
    "bullet_list_open",
    "ordered_list_open",
    "list_item_open",
    "blockquote_open",
)
TYPED_TOKENS = {"strong_open": "strong", "em_open": "em", "code_inline": "code"}
_MARKDOWN = MarkdownIt("commonmark")
#: A link's text as typed (as cmark-gfm and comrak show an autolink), not %-decoded.
_MARKDOWN.normalizeLinkText = lambda url: url
_MARKDOWN.normalizeLink = mdurl.encode  # a target as cmark writes it: %-encoded, no punycode


# v2 "Invisible characters": refused in every field, the tag characters except in a subdivision
# flag (U+1F3F4, a CLDR subdivision id in tag letters and digits, CANCEL TAG U+E007F).
INVISIBLE = frozenset("\u200b\u2060\ufeff")
BLACK_FLAG, CANCEL_TAG = "\U0001f3f4", "\U000e007f"
SUBDIVISION_ID = re.compile(r"(?:[a-z]{2}|[0-9]{3})[a-z0-9]{1,4}")


def _is_tag(char: str) -> bool:
    """A tag character, U+E0000..U+E007F."""
    return 0xE0000 <= ord(char) <= 0xE007F


def hidden_outside_flags(value: str) -> bool:
    """True when the value holds U+200B, U+2060, U+FEFF, or a tag character outside a flag."""
    index = 0
    while index < len(value):
        char = value[index]
        if char == BLACK_FLAG:
            end = index + 1
            while end < len(value) and _is_tag(value[end]) and value[end] != CANCEL_TAG:
                end += 1
            spec = "".join(chr(ord(tag) - 0xE0000) for tag in value[index + 1 : end])
            if end < len(value) and value[end] == CANCEL_TAG and SUBDIVISION_ID.fullmatch(spec):
                index = end + 1
                continue
        elif char in INVISIBLE or _is_tag(char):
            return True
        index += 1
    return False


def contract_violation(field: str, value: str) -> str | None:
    """Why the contract refuses ``value`` for string ``field``, or None if it may be accepted.

    Surrounding whitespace (a pasted trailing newline) may be trimmed before the other rules.
    """
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in value):
        return "control character"
    if hidden_outside_flags(value):
        return "invisible character"
    if field in URL_FIELDS and any(unicodedata.category(ch) == "Cf" for ch in value):
        return "format character in a link"
    value = value.strip()
    if field in SINGLE_LINE_FIELDS:
        if any(ch in LINE_BREAKS for ch in value):
            return "line break in a single-line field"
        if any(ch in BIDI_CONTROLS for ch in value):
            return "bidirectional control in a single-line field"
    if field in MAX_LENGTH and len(value) > MAX_LENGTH[field]:
        return "too long"
    if field in URL_FIELDS and not re.match(r"https?://", value, re.IGNORECASE):
        return "not an http/https URL"
    if field in URL_FIELDS and any(
        unicodedata.category(ch) == "Zs" or ch in BLANK_LETTERS for ch in value
    ):
        return "a space or a blank letter in a link (v3)"
    if field in URL_FIELDS and "@" in _netloc(value):
        return "userinfo in a link (v3)"
    if field == "slack_room" and not ROOM.fullmatch(value):
        return "not a Slack room name"
    return None


def _netloc(url: str) -> str:
    """A URL's authority (`user@host:port`), or "" when it cannot be read."""
    try:
        return urlsplit(url).netloc
    except ValueError:
        return ""


def plainly_acceptable(field: str, value: str) -> bool:
    """True when no reasonable reading of the contract lets the engine refuse ``value``."""
    if contract_violation(field, value) is not None:
        return False
    if field in URL_FIELDS:
        # A host, then only characters RFC 3986 allows in a URL.
        return bool(URL_RFC3986.fullmatch(value))
    if field in SINGLE_LINE_FIELDS or field in FREE_TEXT_FIELDS:
        # Names need one visible character; leading/trailing whitespace may be refused or trimmed.
        return bool(value.strip()) and value == value.strip()
    return True


def markdown_structure(text: str) -> Counter[str]:
    """Count the MARKDOWN_STRUCTURE constructs (autolinks count as links) in a CommonMark text."""
    counts: Counter[str] = Counter()
    for token in _walk(_MARKDOWN.parse(text)):
        if token.type in MARKDOWN_STRUCTURE:
            counts[token.type] += 1
    return counts


def markdown_visible(text: str) -> str:
    """What a reader sees once the Markdown renders (link targets too), spaces collapsed and
    zero-width characters dropped."""
    parts: list[str] = []
    for token in _walk(_MARKDOWN.parse(text)):
        if token.type in ("text", "code_inline", "html_inline", "html_block"):
            parts.append(token.content)
        elif token.type in ("code_block", "fence"):
            parts.append(" " + token.content + " ")
        elif token.type in ("softbreak", "hardbreak", "paragraph_close", "heading_close"):
            parts.append(" ")
    return collapse("".join(parts).translate(ZERO_WIDTH))


def link_texts(text: str) -> list[str]:
    """The visible text of each link once the Markdown renders (markdown-it's own reading)."""
    found: list[str] = []
    inside = False
    for token in _walk(_MARKDOWN.parse(text)):
        if token.type == "link_open":
            inside = True
            found.append("")
        elif token.type == "link_close":
            inside = False
        elif inside and token.type in ("text", "code_inline"):
            found[-1] += token.content
    return found


def collapse(text: str) -> str:
    """Collapse every run of whitespace to one space, trimmed."""
    return " ".join(text.split())


def _walk(tokens: list[Token]) -> list[Token]:
    """Flatten block tokens and their inline children, in document order."""
    flat: list[Token] = []
    for token in tokens:
        flat.append(token)
        if token.children:
            flat.extend(_walk(token.children))
    return flat


def _slack_problems(text: str, base: str, values: Mapping[str, str]) -> list[str]:
    """Slack (v2, pasted into the composer): no entity the user did not type, no live broadcast
    mention from user text, and every line of user text exactly as typed."""
    problems = []
    typed = sum(len(SLACK_ENTITY.findall(value)) for value in values.values())
    extra = len(SLACK_ENTITY.findall(text)) - len(SLACK_ENTITY.findall(base)) - typed
    if extra:
        problems.append(f"{extra:+d} &amp;/&lt;/&gt; the user did not type")
    extra_mentions = len(_mentions(text)) - len(_mentions(base))
    if extra_mentions:
        problems.append(f"{extra_mentions:+d} live @here/@channel/@everyone from user text")
    problems += urls_not_as_typed(text, values)
    seen = text.translate(ZERO_WIDTH)
    for field, value in values.items():
        for line in _lf(value).translate(ZERO_WIDTH).split("\n"):
            if line.strip() and line.strip() not in seen:
                problems.append(f"{field}: {line.strip()[:60]!r} not as typed in the text")
                break
    return problems


def _mentions(text: str) -> list[str]:
    """The broadcast mentions of a text outside its URLs (one inside a URL is in the link)."""
    return MENTION.findall(URL_IN_TEXT.sub(" ", text))


def urls_not_as_typed(shown: str, values: Mapping[str, str]) -> list[str]:
    """(v3) Each typed URL appears exactly as typed: no zero-width space, no punycode decoded."""
    return [
        f"{field}: {values[field].strip()[:60]!r} not exactly as typed"
        for field in URL_FIELDS
        if field in values and values[field].strip() not in shown
    ]


def _markdown_problems(text: str, base: str, values: Mapping[str, str]) -> list[str]:
    """Markdown (CommonMark, then GFM as GitHub and GitLab render it): no construct from user
    text but the emphasis and code spans the typed rule makes, no link that hides its target, no
    mention; each user text visible as typed (its typed markup rendered)."""
    problems = []
    reads = {field: read_value(value) for field, value in values.items()}
    made: Counter[str] = sum((read.markup for read in reads.values()), Counter())
    got, want = markdown_structure(text), markdown_structure(base)
    # (v3) A typed URL may be written as a link that shows it: only hidden targets count.
    got["link_open"] = want["link_open"] + len(hidden_links(text)) - len(hidden_links(base))
    typed = {kind for kind, name in TYPED_TOKENS.items() if made[name]}
    for kind in sorted(set(got) | set(want) | typed):
        extra = got[kind] - want[kind] - made[TYPED_TOKENS.get(kind, "")]
        if extra:
            problems.append(f"{extra:+d} {kind} from user text")
    problems += urls_not_as_typed(" ".join(link_texts(text)), values)
    seen = markdown_visible(text)
    for field, read in reads.items():
        shown = collapse(read.text.translate(ZERO_WIDTH))
        # A link target may be shown percent-decoded (as renderers do); either reading counts.
        if shown not in seen and unquote(shown) not in seen:
            problems.append(f"{field}: {collapse(values[field])[:60]!r} not shown as typed")
    problems += gfm.problems(text, base, made, [read.text for read in reads.values()])
    return problems


def hidden_links(text: str) -> list[str]:
    """The links of a CommonMark text whose visible text is not their target."""
    hrefs = [
        str(t.attrs.get("href", "")) for t in _walk(_MARKDOWN.parse(text)) if t.type == "link_open"
    ]
    return [
        f"{shown} -> {href}"
        for href, shown in zip(hrefs, link_texts(text), strict=True)
        if not shows_its_target(href, shown)
    ]


def _text_problems(text: str, values: Mapping[str, str]) -> list[str]:
    """Plain text renders nothing: each user text appears verbatim."""
    return [
        f"{field}: {value.strip()[:60]!r} not verbatim in the text"
        for field, value in values.items()
        if _lf(value.strip()) not in text
    ]


def _lf(text: str) -> str:
    """Line endings as the engine keeps free text: LF only (the one change allowed)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _HtmlReader(HTMLParser):
    """Collects the elements, attributes and visible text of an HTML fragment."""

    def __init__(self) -> None:
        """Start empty."""
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.bad: list[str] = []
        self.parts: list[str] = []
        self.links: list[list[str]] = []  # [href, visible text]
        self.in_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Count the element; note any element or attribute the contract does not allow."""
        self.tags[tag] += 1
        if tag not in HTML_ALLOWED:
            self.bad.append(f"element <{tag}>")
        for name, value in attrs:
            if tag != "a" or name != "href":
                self.bad.append(f"attribute {name} on <{tag}>")
            elif not re.match(r"https?://", value or "", re.IGNORECASE):
                self.bad.append(f"href {value!r}")
        if tag == "br":
            self.parts.append("\n")
        if tag == "a":
            self.links.append([dict(attrs).get("href") or "", ""])
            self.in_link = True

    def handle_endtag(self, tag: str) -> None:
        """A link ends."""
        self.in_link = self.in_link and tag != "a"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A self-closing element (never written; counted like an open one)."""
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        """Visible text."""
        self.parts.append(data)
        if self.in_link:
            self.links[-1][1] += data

    def hidden_links(self) -> list[list[str]]:
        """The links whose visible text is not their target (GFM's `www.` links show it without
        `http://`)."""
        return [link for link in self.links if not shows_its_target(*link)]

    def handle_comment(self, data: str) -> None:
        """A comment is markup the contract does not allow."""
        self.bad.append("comment")


HTML_ALLOWED = frozenset({"p", "br", "strong", "em", "code", "ul", "ol", "li", "a"})


def read_html(html: str) -> _HtmlReader:
    """Parse an HTML fragment with the standard library's parser."""
    reader = _HtmlReader()
    reader.feed(html)
    reader.close()
    return reader


def html_problems(
    html: str, base: str, values: Mapping[str, str], template_format: str = "markdown"
) -> list[str]:
    """HTML (v2): only the allowed elements and attributes, the same elements as the baseline
    but the user's own line breaks and (v3) typed emphasis and code (not in a plain `text`),
    every line of user text visible as typed (its typed markup rendered)."""
    got, want = read_html(html), read_html(base)
    problems = list(got.bad)
    used = {field: value for field, value in values.items() if TOKENS[field] in "".join(want.parts)}
    markup = template_format != "text"
    typed = sum((read_value(value, markup).markup for value in used.values()), Counter())
    # The user's own line breaks and blank lines are kept (br, p); nothing else may appear.
    # (v3) A typed URL may become a link that shows it: only links that hide their target count.
    made, wanted = (Counter({t: n for t, n in r.tags.items() if t not in ("p", "br", "a")})
                    for r in (got, want))  # fmt: skip
    if made != wanted + typed:
        problems.append(f"elements {dict(made)} != baseline {dict(wanted)} + typed {dict(typed)}")
    if len(got.hidden_links()) > len(want.hidden_links()):
        problems.append(f"a link that hides its target: {got.hidden_links()}")
    problems += urls_not_as_typed("".join(got.parts), used)
    seen = "".join(got.parts).translate(ZERO_WIDTH)
    for field, value in used.items():
        for line in read_value(value, markup).text.translate(ZERO_WIDTH).split("\n"):
            if line.strip() and line.strip() not in seen:
                problems.append(f"{field}: {line.strip()[:60]!r} not visible as typed")
                break
    return problems


def template_problems(
    template_format: str, text: str, base: str, values: Mapping[str, str]
) -> list[str]:
    """Everything wrong with one template text made from ``values`` (field -> user text).

    ``base`` is the same template made with TOKENS instead; fields whose token is absent from
    ``base`` are not in this template and are ignored.
    """
    used = {field: value for field, value in values.items() if TOKENS[field] in base}
    if template_format == "slack":
        return _slack_problems(text, base, used)
    if template_format == "markdown":
        return _markdown_problems(text, base, used)
    if template_format == "text":
        return _text_problems(text, used)
    return [f"unknown format {template_format!r}"]


def all_template_problems(
    formats: Mapping[str, str],
    texts: Mapping[str, str],
    bases: Mapping[str, str],
    values: Mapping[str, str],
) -> dict[str, list[str]]:
    """template_problems for every template, keyed by template id (only those with problems)."""
    found: dict[str, list[str]] = {}
    if set(texts) != set(bases):
        found["<set of templates>"] = [f"{sorted(texts)} != baseline {sorted(bases)}"]
    for template_id in sorted(set(texts) & set(bases)):
        problems = template_problems(
            formats[template_id], texts[template_id], bases[template_id], values
        )
        if problems:
            found[template_id] = problems
    return found
