"""`python -m adapters.zensical [--site-dir DIR]`: build the handbook with Zensical."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sitebuild.errors import run_from_command_line

from .build import build


def main(argv: list[str] | None = None) -> int:
    """Build; print a build error as one message and exit 1."""
    parser = argparse.ArgumentParser(prog="python -m adapters.zensical", description=__doc__)
    parser.add_argument(
        "-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="the site's config"
    )
    parser.add_argument(
        "-d", "--site-dir", type=Path, default=None, help="where the site goes (default: site/)"
    )
    args = parser.parse_args(argv)
    config = args.config_file.resolve()
    site = (args.site_dir or config.parent / "site").resolve()
    return run_from_command_line(lambda: build(config, site))


if __name__ == "__main__":
    sys.exit(main())
