"""The handbook built with Zensical (`make build-zensical`): the same tool, working, in Chromium.

Zensical reads mkdocs.yml but runs no MkDocs plugin: the build step runs around it
(adapters/zensical). This module builds the site that way, serves it through nginx like the
MkDocs site, and overrides the site fixtures, so that `tab` and `server` are this site's.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest
from playwright.sync_api import expect

from decision_tool import samples
from decision_tool.policy import load_policy
from tests.site.pages import (
    MARKERS,
    assert_clean,
    assert_page_loads_clean,
    built_file,
    open_page,
    page_paths,
    search_entries,
    toc_label,
)
from tools import questionnaire as tool
from tools.browser import Tab
from tools.build import REPO, zensical_build
from tools.cli import cli_decision, texts
from tools.nginx import NginxServer, served_folder

pytestmark = [pytest.mark.browser, pytest.mark.slow]

GENERATOR = '<meta name="generator" content="zensical-'


@pytest.fixture(scope="module")
def site_server() -> Iterator[NginxServer]:
    """nginx with deploy/nginx/'s configuration, for the Zensical site (built for its URL)."""
    with served_folder("handbook-zensical-") as server:
        yield server


@pytest.fixture(scope="module")
def built_site(site_server: NginxServer) -> Path:
    """The site built with Zensical and the build step around it, as `make build-zensical`."""
    result = zensical_build(site_server.state.root, site_url=site_server.url)
    assert result.returncode == 0, f"the Zensical build failed:\n{result.stderr}"
    site_server.reload()  # the build's Content-Security-Policy header
    return site_server.state.root


@pytest.fixture(scope="module")
def site_url(site_server: NginxServer, built_site: Path) -> str:
    """The Zensical site's base URL."""
    return site_server.url


def test_zensical_built_the_pages_with_the_tool_and_the_values(built_site: Path) -> None:
    """Zensical's pages, the form in the tool page, the values in the TOC and the search index,
    no marker left anywhere, and the precompressed siblings of every page and of the runtime."""
    tool_page = built_file(built_site, tool.TOOL_PAGE).read_text(encoding="utf-8")
    assert GENERATOR in tool_page
    assert 'id="dt"' in tool_page
    title = f"Touch base in {load_policy().channels.managers} first"
    assert toc_label(tool_page, "touch-base") == title
    # The tool's own headings are Markdown headings: Zensical's table of contents lists them too.
    assert toc_label(tool_page, "recommendation") == "Recommendation"
    assert toc_label(tool_page, "texts-to-paste") == "Texts to paste"
    entries = search_entries(built_site)
    assert [e["title"] for e in entries if e["location"].endswith("#touch-base")] == [title]
    for entry in entries:
        assert "decision-tool:" not in entry["title"] + entry["text"], entry["location"]
    for path in page_paths():
        page = built_file(built_site, path)
        html = page.read_bytes()
        assert not [marker for marker in MARKERS if marker.encode() in html], path
        assert brotli.decompress(page.with_name(page.name + ".br").read_bytes()) == html, path
        assert page.with_name(page.name + ".gz").is_file(), path
    wasm = built_site / tool.PYODIDE.strip("/") / "pyodide.asm.wasm"
    assert wasm.with_name(wasm.name + ".br").stat().st_size < wasm.stat().st_size / 2


@pytest.mark.parametrize("path", page_paths())
def test_page_loads_clean_under_its_csp(tab: Tab, site_url: str, path: str) -> None:
    """Each page runs under the policy (Zensical's inline scripts hashed), asking only its host."""
    assert_page_loads_clean(tab, site_url, path)


def test_the_search_result_reads_the_policy_value(tab: Tab, site_url: str) -> None:
    """Zensical's own search (a dialog in a shadow root, its style hashed) finds the section
    under the title the reader sees in the page."""
    page = tab.page
    open_page(page, "")
    page.keyboard.press("/")
    page.get_by_role("combobox", name="Search").fill("touch base")
    title = f"Touch base in {load_policy().channels.managers} first"
    results = page.get_by_role("listbox", name="Search results").get_by_role("option")
    expect(results.filter(has_text=title).first).to_be_visible()
    assert "decision-tool:" not in " ".join(results.all_inner_texts())
    assert_clean(tab, site_url)


def test_a_permalink_decides_as_the_cli_and_a_typed_answer_updates_it(
    tab: Tab, site_url: str, built_site: Path
) -> None:
    """The link's answers give the CLI's decision and texts, from the restored snapshot; an
    answer typed then gives the CLI's decision for the changed answers."""
    page = tab.page
    answers = samples.ESCALATE
    tool.open_tool(page, tool.permalink(answers))
    expected = cli_decision(tool.as_sent(page, answers))  # the stage the page shows included
    tool.wait_recommendation(page, expected["recommendation"])
    assert tool.wait_texts_for(page, answers) == texts(expected)
    paths = [urlsplit(url).path for url in tab.requests]
    snapshot = tool.snapshot_file(built_site)
    assert snapshot is not None and snapshot in paths, "restored from the memory snapshot"
    assert tool.url_path(built_site, tool.engine_wheel(built_site)) not in paths

    tool.type_into(page, "hours_running", "1")
    tool.click_choice(page, "resolution_in_sight", "yes")
    tool.click_choice(page, "blocked", "renewal")  # unticked: nothing outside blocked now
    changed = cli_decision(
        tool.as_sent(
            page, {**answers, "hours_running": 1, "resolution_in_sight": "yes", "blocked": []}
        )
    )
    assert changed["recommendation"] != expected["recommendation"]
    tool.wait_recommendation(page, changed["recommendation"])
    assert_clean(tab, site_url)


def test_the_tool_starts_when_the_reader_arrives_by_instant_navigation(
    tab: Tab, site_url: str
) -> None:
    """From the home page through the navigation: same document, and the tool answers."""
    page = tab.page
    tool.serve_sitemap_for(page, site_url)
    open_page(page, "")
    page.evaluate("() => { window.__sameDocument = true; }")
    nav = page.locator(".md-nav--primary")
    nav.get_by_role("link", name="Emergency -> Escalation").first.click()
    page.wait_for_url("**/emergency-to-escalation/")
    tool.wait_ready(page)
    assert page.evaluate("() => window.__sameDocument === true"), "not an instant navigation"
    tool.type_into(page, "hours_running", "4")
    tool.click_choice(page, "resolution_in_sight", "no")
    tool.wait_recommendation(page, "escalate")
    assert_clean(tab, site_url)


def test_a_build_whose_generator_skipped_the_step_fails() -> None:
    """Plain `zensical build` keeps our markers; the step after it refuses that site."""
    work = Path(tempfile.mkdtemp(prefix="skipped-", dir=REPO / ".cache"))
    config = REPO / f".zensical-{work.name}.yml"
    config.write_text(
        f"INHERIT: mkdocs.yml\nsite_dir: {work.relative_to(REPO).as_posix()}/site\n",
        encoding="utf-8",
    )
    try:
        built = subprocess.run(
            [sys.executable, "-m", "zensical", "build", "--config-file", str(config)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        assert built.returncode == 0, built.stderr
        finished = subprocess.run(
            [sys.executable, "-m", "sitebuild", "finish", str(work / "site")],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        config.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    assert finished.returncode == 1
    assert "<!-- decision-tool:questionnaire -->" in finished.stderr
    assert "the site generator skipped the decision-tool step" in finished.stderr
    assert "Traceback" not in finished.stderr
