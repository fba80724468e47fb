"""Limits on a whole document: its size and nesting (checked before parsing), its unknown keys.

The size and depth checks never recurse, so a hostile document is refused alike in CPython and
in Pyodide, whose stack is much smaller (2,900 nested lists made it fatal).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from itertools import accumulate

from decision_tool.model import Issue

#: The largest document accepted, in bytes of UTF-8 (1 MB).
MAX_DOCUMENT_BYTES = 1_000_000
#: The deepest nesting of lists and objects accepted (the answers object itself is level 1).
MAX_DEPTH = 32
#: Unknown keys reported one by one; the rest are counted in one more error.
MAX_UNKNOWN_KEYS_LISTED = 20

# Depth counting works on the UTF-8 bytes, where quotes, backslashes and brackets are single
# ASCII bytes that never occur inside the encoding of another character.
_DEPTH_STEP = [0] * 256
_DEPTH_STEP[ord("[")] = _DEPTH_STEP[ord("{")] = 1
_DEPTH_STEP[ord("]")] = _DEPTH_STEP[ord("}")] = -1
_NOT_BRACKETS = bytes(byte for byte in range(256) if not _DEPTH_STEP[byte])


def _utf8(text: str) -> bytes:
    """The text in UTF-8, lone surrogates included as they would be encoded."""
    return text.encode("utf-8", "surrogatepass")


def too_large(size: int | None = None) -> Issue:
    """The document error for a document over MAX_DOCUMENT_BYTES (its size when known)."""
    has = f" (this has {size:,})" if size is not None else ""
    return Issue(
        None,
        f"The answers are too large: at most {MAX_DOCUMENT_BYTES:,} bytes (1 MB){has}.",
    )


def depth(document: bytes) -> int:
    """The deepest nesting of `[` and `{` outside strings in a JSON document (UTF-8), counted
    without recursion; an unclosed bracket counts too."""
    # Escaped backslashes first, then escaped quotes: what is left splits on quotes into
    # outside (even parts) and inside of strings (odd parts, an unclosed last one included).
    unescaped = document.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(unescaped.split(b'"')[0::2])
    brackets = outside.translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0)


def document_issue(text: str) -> Issue | None:
    """The document error for a JSON text too large or nested too deeply to parse, or None."""
    document = _utf8(text)
    if len(document) > MAX_DOCUMENT_BYTES:
        return too_large(len(document))
    if depth(document) > MAX_DEPTH:
        return Issue(
            None,
            f"The answers are nested too deeply: at most {MAX_DEPTH} levels of lists and "
            "objects (the answers object is the first).",
        )
    return None


def unknown_key_issues(
    keys: Iterable[object], known: Collection[str], report: Callable[[object], Issue]
) -> list[Issue]:
    """One error per unknown key (by `report`) for the first few, then one counting the rest."""
    known_keys = frozenset(known)
    unknown = [key for key in keys if key not in known_keys]
    issues = [report(key) for key in unknown[:MAX_UNKNOWN_KEYS_LISTED]]
    rest = len(unknown) - MAX_UNKNOWN_KEYS_LISTED
    if rest > 0:
        more = "key" if rest == 1 else "keys"
        issues.append(
            Issue(
                None,
                f"And {rest:,} more unknown answer {more}, not listed: "
                "check that these are the decision tool's answers.",
            )
        )
    return issues
