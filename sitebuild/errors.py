"""The one error a build step raises: its message says what is wrong and how to fix it."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable


class BuildError(Exception):
    """A build step cannot go on; the generator's adapter reports the message as a build error."""


def run_from_command_line(step: Callable[[], object]) -> int:
    """Run a step for a command: its log on stderr, a `BuildError` as one line; the exit code."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    try:
        step()
    except BuildError as error:
        print(f"ERROR   -  {error}", file=sys.stderr)
        return 1
    return 0
