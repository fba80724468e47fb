"""`python -m sitebuild prepare|finish`: the build step around any site generator.

    python -m sitebuild prepare --docs docs --out build/docs   # then: the generator on build/docs
    python -m sitebuild finish site                             # over what the generator wrote

`adapters/zensical` runs exactly this around `zensical build`. Exit 1 with the message on a
build error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sitebuild.errors import run_from_command_line
from sitebuild.finish import finish_site
from sitebuild.pages.docs import Docs
from sitebuild.pages.markers import site_policy
from sitebuild.prepare import prepare_docs
from sitebuild.settings import load_settings


def main(argv: list[str] | None = None) -> int:
    """Run one step; a build error is one message and exit code 1."""
    parser = argparse.ArgumentParser(prog="python -m sitebuild", description=__doc__.split("\n")[0])
    steps = parser.add_subparsers(dest="step", required=True)
    before = steps.add_parser("prepare", help="the docs with every marker replaced, into --out")
    before.add_argument("--docs", type=Path, default=Path("docs"), help="the docs folder")
    before.add_argument("--out", type=Path, required=True, help="where the copy goes (emptied)")
    before.add_argument(
        "--no-directory-urls", action="store_true", help="pages at page.html, not page/"
    )
    after = steps.add_parser("finish", help="the steps over a built site, in place")
    after.add_argument("site", type=Path, help="the folder the generator wrote")
    after.add_argument("--project", type=Path, default=Path(), help="the project (pyproject.toml)")
    args = parser.parse_args(argv)

    def step() -> None:
        """The step asked for."""
        if args.step == "prepare":
            docs = Docs(args.docs.resolve(), directory_urls=not args.no_directory_urls)
            prepare_docs(docs, args.out.resolve(), site_policy())
        else:
            project = args.project.resolve()
            finish_site(args.site.resolve(), project, load_settings(project))

    return run_from_command_line(step)


if __name__ == "__main__":
    sys.exit(main())
