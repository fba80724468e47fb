"""MkDocs' side of the build step's errors and logs: a `BuildError` is a `PluginError`.

The step's loggers (`sitebuild.*`) hang under MkDocs' own, so their messages show like the
plugins' and `mkdocs build --strict` counts their warnings.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from mkdocs.exceptions import PluginError

from sitebuild.errors import BuildError

logging.getLogger("sitebuild").parent = logging.getLogger("mkdocs.plugins")


@contextmanager
def build_errors() -> Iterator[None]:
    """Turn a `BuildError` raised inside into MkDocs' `PluginError` with the same message."""
    try:
        yield
    except BuildError as error:
        raise PluginError(str(error)) from error
