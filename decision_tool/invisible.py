"""Invisible characters: which ones an answer may not carry, and how messages show them.

The contract (v2, "Invisible characters and size"): URL fields refuse every Unicode format
character (category Cf); every field refuses U+200B, U+2060, U+FEFF and the tag characters
U+E0000-U+E007F, except inside an emoji tag sequence (a subdivision flag such as Scotland's:
U+1F3F4, a subdivision id written in tag letters and digits, U+E007F). ZWJ and ZWNJ stay allowed
outside URLs. Contract v3 ("Typed text"): URL fields also refuse every Unicode space (category Zs)
and the blank letters, which show as blank space and can hide where a link goes. The checks
return a message (or None) so that callers raise their own error type.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Invisible characters no answer may carry (outside a flag, for the tag characters).
HIDDEN_CHARACTERS = "\u200b\u2060\ufeff"
TAG_FIRST, TAG_LAST = 0xE0000, 0xE007F
#: (v3) Letters and symbols that show as blank space: Hangul fillers, the Braille blank.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")

_TAG_LETTER = "[\U000e0061-\U000e007a]"
_TAG_DIGIT = "[\U000e0030-\U000e0039]"
# A subdivision flag: U+1F3F4, a CLDR subdivision id in tag characters (a region of two letters
# or three digits, then one to four letters or digits, e.g. "gbsct"), then CANCEL TAG U+E007F.
_FLAG = (
    f"\U0001f3f4(?:{_TAG_LETTER}{{2}}|{_TAG_DIGIT}{{3}})"
    f"(?:{_TAG_LETTER}|{_TAG_DIGIT}){{1,4}}\U000e007f"
)
_HIDDEN_OR_FLAG = re.compile(f"(?P<flag>{_FLAG})|[{HIDDEN_CHARACTERS}\U000e0000-\U000e007f]")


def code_point(char: str) -> str:
    """A character as a reader can find it: `U+200B ZERO WIDTH SPACE` (the name when known)."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def hidden_character(value: str) -> str | None:
    """Why `value` is refused for an invisible character outside a flag, or None."""
    for match in _HIDDEN_OR_FLAG.finditer(value):
        if match["flag"] is None:
            char = match.group()
            kind = "tag character" if TAG_FIRST <= ord(char) <= TAG_LAST else "character"
            return (
                f"Contains an invisible {kind}, {code_point(char)} (character "
                f"{match.start() + 1}), which can hide text; remove it."
            )
    return None


@lru_cache(maxsize=256)
def format_character(url: str) -> str | None:
    """Why a link is refused for a format character (category Cf, e.g. U+200E), or None
    (cached: the links are checked again at every keystroke in another answer)."""
    for index, char in enumerate(url):
        if unicodedata.category(char) == "Cf":
            return (
                f"A link cannot contain the invisible format character {code_point(char)} "
                f"(character {index + 1}); copy the link again."
            )
    return None


@lru_cache(maxsize=256)
def blank_character(url: str) -> str | None:
    """Why a link is refused for a space or a blank letter (v3), or None (cached, as above)."""
    for index, char in enumerate(url):
        if char in BLANK_LETTERS or unicodedata.category(char) == "Zs":
            shown = "a space" if char == " " else code_point(char)
            return (
                f"A link cannot contain {shown} (character {index + 1}): it shows as blank "
                "space and can hide where the link goes. Copy the link again, or "
                "percent-encode it."
            )
    return None


def visible(text: str) -> str:
    """Text for a message that echoes input: each unprintable character as an escape (`\\ud800`).

    Unprintable: what `str.isprintable` refuses (controls, format characters, surrogates,
    unassigned code points, separators other than the space).
    """
    if text.isprintable():
        return text
    return "".join(
        char
        if char.isprintable()
        else (f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
        for char in text
    )
