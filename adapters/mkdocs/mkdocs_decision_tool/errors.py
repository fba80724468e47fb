"""A build step's error as MkDocs reports one: a message, no traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from mkdocs.exceptions import PluginError

from sitebuild.errors import BuildError


@contextmanager
def build_errors() -> Iterator[None]:
    """Turn a `BuildError` raised inside into MkDocs' `PluginError` with the same message."""
    try:
        yield
    except BuildError as error:
        raise PluginError(str(error)) from error
