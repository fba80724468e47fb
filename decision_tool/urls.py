"""Links: the URL fields' check, and the warning for a host typed in non-ASCII letters.

A link is shown exactly as typed in every text, so what it reads as must be where it goes. It is
refused (contract v3) when a reader could take it for another link: with userinfo
(`https://support.example.com@evil.example/` reads as the first host and goes to the second),
with a space or a blank letter, or with an invisible format character. A host typed in non-ASCII
letters (`https://p\u0430ypal.com/`, with a Cyrillic a) is allowed, with a warning that names the
punycode form browsers go to (`xn--pypal-4ve.com`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from decision_tool import contract, invisible
from decision_tool.checks import Invalid, check_line
from decision_tool.model import Issue
from decision_tool.policy import Policy

#: Characters a link never holds as typed (percent-encoded in a real link).
FORBIDDEN = frozenset('<>"`\\\t')
#: What browsers read as the dot between a host's labels (UTS 46 maps these to `.`).
DOTS = str.maketrans(dict.fromkeys("\u3002\uff0e\uff61", "."))


def check_url(value: Any, max_length: int) -> str:
    """An absolute http(s) URL with a host name, no userinfo, nothing that hides its target."""
    text = check_line(value, max_length)
    if refused := invisible.format_character(text) or invisible.blank_character(text):
        raise Invalid(refused)
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    if scheme not in ("http", "https"):
        raise Invalid("Must be an http:// or https:// link.")
    bad = next((char for char in text if char in FORBIDDEN), None)
    if bad is not None:
        shown = f"“{invisible.visible(bad)}”"
        raise Invalid(f"A link cannot contain {shown}; percent-encode it or copy the link again.")
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as exc:
        raise Invalid(f"Is not a valid link: {exc}.") from exc
    if "@" in parts.netloc:
        shown = invisible.visible(parts.netloc)
        raise Invalid(
            f"A link cannot hold a user name before its host: “{shown}” goes to "
            f"{host or 'no host'}, whatever it reads as first. Remove the user name and the @."
        )
    if not host or not text.lower().startswith(f"{scheme}://"):
        raise Invalid("Must be a full link with a host name, like https://example.com/path.")
    return text


def punycode(host: str) -> str:
    """The ASCII form browsers go to for a host: each non-ASCII label as `xn--` punycode."""
    mapped = unicodedata.normalize("NFKC", host).lower().translate(DOTS)
    return ".".join(
        label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
        for label in mapped.split(".")
    )


def warnings(given: Mapping[str, Any], policy: Policy) -> tuple[Issue, ...]:
    """A warning at each URL field whose host is typed in non-ASCII letters (v3)."""
    found = []
    for key in policy.question_order:
        url = given.get(key)
        if contract.KEY_TYPES.get(key) != "url" or url is None:
            continue
        host = urlsplit(url).hostname or ""
        if not host.isascii():
            message = policy.warnings.non_ascii_host.format(host=host, punycode=punycode(host))
            found.append(Issue(key, message))
    return tuple(found)
