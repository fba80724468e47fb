"""The GitLab Pages job builds the site exactly as `make build` does, and publishes all of it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def pages_job() -> dict:
    """The `pages` job of .gitlab-ci.yml."""
    config = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    return config["pages"]


def make_commands(target: str) -> list[str]:
    """What `make <target>` runs, as make prints it without running it (-n)."""
    result = subprocess.run(
        ["make", "-n", target],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def test_the_pages_job_runs_make_build_with_the_pages_url() -> None:
    """The job's build is `make build` itself, with SITE_URL from GitLab's CI_PAGES_URL."""
    script = pages_job()["script"]
    builds = [line for line in script if re.search(r"\bmake\b", line)]
    assert builds == ['SITE_URL="${CI_PAGES_URL%/}/" make build'], script
    assert any("mkdocs build --strict" in line for line in make_commands("build"))


def test_the_pages_job_publishes_the_whole_built_folder_as_public() -> None:
    """public/ is the build's site/ moved whole: pages, runtime, snapshot, .br/.gz siblings."""
    job = pages_job()
    assert job["script"][-1] == "rm -rf public && mv site public"
    assert job["artifacts"]["paths"] == ["public"]
    assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


def test_the_published_folder_carries_the_precompressed_siblings(built_site: Path) -> None:
    """What `make build` writes (and the job publishes) has .br and .gz beside pages and runtime."""
    for path in ("index.html", "assets/decision-tool/pyodide/pyodide.asm.wasm"):
        assert (built_site / f"{path}.br").is_file(), path
        assert (built_site / f"{path}.gz").is_file(), path
