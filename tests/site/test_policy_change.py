"""Changing the 3-hour threshold in policy.toml alone changes the form, the page, the CLI and
the handbook: a copy of the repository with `long_running_hours = 5` is built and run."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tools import questionnaire as tool
from tools.build import REPO, copy_project, mkdocs_build, project_env
from tools.nginx import Fault, NginxServer

pytestmark = pytest.mark.browser

OLD, NEW = "long_running_hours = 3 ", "long_running_hours = 5 "


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository whose only change is the threshold: 5 hours instead of 3."""
    project = copy_project(tmp_path_factory.mktemp("policy-change"))
    policy = project / "decision_tool" / "policy.toml"
    text = policy.read_text(encoding="utf-8")
    assert text.count(OLD) == 1, "the threshold line of policy.toml changed its shape"
    policy.write_text(text.replace(OLD, NEW), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def changed_server(project: Path) -> Iterator[NginxServer]:
    """The copy's site, built with `mkdocs build --strict` and served."""
    root = Path(tempfile.mkdtemp(prefix="handbook-policy-change-"))
    root.chmod(0o755)  # nginx's unprivileged workers read it
    server = NginxServer(root).start()
    result = mkdocs_build(server.state.root, project=project, site_url=server.url)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    server.reload()  # the build's Content-Security-Policy header
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def changed_page(browser: Browser, changed_server: NginxServer) -> Iterator[Page]:
    """A fresh tab on the copy's site."""
    changed_server.state.faults.clear()
    context = browser.new_context(base_url=changed_server.url)
    yield context.new_page()
    context.close()
    changed_server.state.faults.clear()


def tool_page_html(site: Path) -> str:
    """The built questionnaire page."""
    return (site / tool.TOOL_PAGE / "index.html").read_text(encoding="utf-8")


def visible_text(markup: str) -> str:
    """The text of some HTML, tags dropped and entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def cli(project: Path, *args: str, answers: dict[str, object] | None = None) -> str:
    """Run the copy's `decision-tool` with the answers on stdin; return what it printed."""
    result = subprocess.run(
        [sys.executable, "-m", "decision_tool", *args],
        cwd=project,
        input=json.dumps(answers or {}),
        capture_output=True,
        text=True,
        check=False,
        env=project_env(project),
    )
    return result.stdout + result.stderr


def test_the_copy_runs_its_own_engine(project: Path) -> None:
    """The CLI of the copy imports the copy's engine (so the other checks mean something)."""
    found = subprocess.run(
        [sys.executable, "-c", "import decision_tool; print(decision_tool.__file__)"],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
        env=project_env(project),
    ).stdout.strip()
    assert Path(found).resolve().is_relative_to(project.resolve())
    assert os.fspath(REPO) not in found


def test_the_form_help_says_the_new_threshold(changed_server: NginxServer) -> None:
    """The hours question's help in the built form names 5 hours, never 3."""
    page = tool_page_html(changed_server.state.root)
    found = re.search(r'id="dt-hours_running-help"[^>]*>(.*?)</', page, re.S)
    assert found is not None, "no help for hours_running in the built form"
    help_text = visible_text(found.group(1))
    assert "More than 5 hours" in help_text
    assert "3 hours" not in help_text


def test_the_handbook_page_says_the_new_threshold(changed_server: NginxServer) -> None:
    """The handbook's own question (and anything else on the page) names 5 hours, never 3."""
    text = visible_text(tool_page_html(changed_server.state.root))
    mentions = re.findall(r"more than \d+ hours[^.]*", text, re.IGNORECASE)
    rule = "more than 5 hours with no clear resolution in sight"
    assert any(mention.startswith(rule) for mention in mentions), mentions
    assert not [mention for mention in mentions if "3 hours" in mention], mentions


def test_the_cli_decides_and_explains_with_the_new_threshold(project: Path) -> None:
    """4 hours without a resolution: continue under a 5-hour rule; the help says 5 hours."""
    below = cli(project, "evaluate", answers={"hours_running": 4, "resolution_in_sight": "no"})
    assert "Recommendation: CONTINUE" in below
    assert "5-hour mark" in below
    above = cli(project, "evaluate", answers={"hours_running": 6, "resolution_in_sight": "no"})
    assert "Recommendation: ESCALATE" in above
    assert "more than 5 hours" in above
    assert "More than 5 hours" in " ".join(cli(project, "--help").split())


def test_the_page_banner_follows_the_new_threshold(changed_page: Page) -> None:
    """In Chromium: 4 hours continues, 6 hours escalates with the 5-hour reason in the banner."""
    tool.open_tool(changed_page)
    tool.type_into(changed_page, "hours_running", "4")
    tool.click_choice(changed_page, "resolution_in_sight", "no")
    tool.wait_recommendation(changed_page, "continue")
    tool.type_into(changed_page, "hours_running", "6")
    tool.wait_recommendation(changed_page, "escalate")
    banner = changed_page.locator("#dt-banner")
    banner.locator(".dt-banner__reasons li").first.wait_for(timeout=tool.SETTLE_MS)
    assert "more than 5 hours" in banner.inner_text()


def test_the_failure_banner_states_the_new_threshold(
    changed_page: Page, changed_server: NginxServer
) -> None:
    """When the engine cannot run, the banner's fallback rule names 5 hours, never 3."""
    site = changed_server.state.root
    wheel = tool.url_path(site, tool.engine_wheel(site))
    changed_server.state.faults[tool.PYODIDE + "snapshot.json"] = Fault(status=404)
    changed_server.state.faults[wheel] = Fault(body=b"PK\x03\x04 not the wheel the lock hashed")
    tool.open_tool(changed_page, wait=False)
    tool.type_into(changed_page, "hours_running", "4")
    tool.click_choice(changed_page, "resolution_in_sight", "no")
    changed_page.wait_for_function(
        "() => window.decisionTool.status.phase === 'failed'", timeout=tool.TIMEOUT_MS
    )
    detail = changed_page.locator("#dt-banner .dt-banner__detail")
    changed_page.wait_for_function(
        "() => document.querySelector('#dt-banner .dt-banner__detail').textContent !== ''",
        timeout=tool.SETTLE_MS,
    )
    text = detail.inner_text()
    assert "more than 5 hours" in text
    assert "3 hours" not in text
