"""The command line's input and output, safe whatever the file name or the state of the streams.

Reading stops past the document limit; writing never raises (a closed or broken stream is
reported as a failure instead); names and texts that echo input show unprintable characters
escaped.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from decision_tool import invisible, limits

UTF8_BOM = b"\xef\xbb\xbf"


class TooLarge(ValueError):
    """The input is larger than any document the engine accepts."""


def shown_path(path: str) -> str:
    """A file name as a message shows it: bytes that are not UTF-8 as `\\xff`, escapes for the
    unprintable."""
    try:
        raw = os.fsencode(path)
    except UnicodeError:
        return invisible.visible(path)
    return invisible.visible(raw.decode("utf-8", "backslashreplace"))


def read_text(path: str) -> str:
    """The input text, decoded as UTF-8 (a BOM is allowed).

    Reads at most the document limit (plus a BOM) and one byte more; raises TooLarge past it,
    OSError when the file (or standard input) cannot be read, ValueError when it is not UTF-8.
    """
    most = limits.MAX_DOCUMENT_BYTES + len(UTF8_BOM) + 1
    if path == "-":
        if sys.stdin is None:
            raise OSError(0, "standard input is closed")
        data = sys.stdin.buffer.read(most)
    else:
        with open(path, "rb") as handle:
            data = handle.read(most)
    if len(data) - (len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0) > limits.MAX_DOCUMENT_BYTES:
        raise TooLarge
    return data.decode("utf-8-sig")


def unreadable_reason(error: Exception) -> str:
    """Why the input could not be read, for the message."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    return "not a readable file name"


def write(stream: Any, text: str) -> bool:
    """Write UTF-8 text whatever the locale; False when the stream is closed or broken.

    A character UTF-8 cannot carry (a lone surrogate) is written as its escape. After a broken
    pipe the stream is pointed at the null device, so that Python's final flush stays quiet.
    """
    if stream is None:
        return False
    try:
        stream.flush()
        stream.buffer.write(text.encode("utf-8", "backslashreplace"))
        stream.buffer.flush()
    except (OSError, ValueError, AttributeError):
        _silence(stream)
        return False
    return True


def _silence(stream: Any) -> None:
    """Point a broken stream's file descriptor at the null device (nothing more can reach it)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def settle() -> None:
    """Flush standard output and error now; a stream that fails is silenced, never raised."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except (OSError, ValueError):
            _silence(stream)
