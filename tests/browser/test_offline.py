"""Offline after one visit: a site built for and served under a project path (`/handbook/`).

The tool is loaded once, the server stopped, the page reloaded: it shows, marked as an offline
copy, and its engine answers a link as the CLI does, on the memory snapshot's path and on the
normal start; a page visited before loads too. A new build (the threshold changed) is taken at
the next online visit: its engine, not only its page text, gives the new verdict.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tools import questionnaire as tool
from tools.axe import axe_violations
from tools.build import copy_project, mkdocs_build, project_env
from tools.cli import cli_decision
from tools.nginx import NginxServer, free_port

pytestmark = pytest.mark.browser

BASE = "/handbook/"
ANSWERS = {"hours_running": 4, "resolution_in_sight": "no", "customer": "Acme"}
OTHER_PAGE = "security/"
SNAPSHOT_FILES = ("snapshot-*.bin*", "snapshot.json*")
OLD, NEW = "long_running_hours = 3 ", "long_running_hours = 5 "
# What the site's worker stored (the names are scoped to the site's path), from the page.
STORED = """async () => {
  const paths = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
  }
  return paths;
}"""
CONTROLLED = "() => navigator.serviceWorker.controller !== null"


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int]]:
    """A folder nginx may read, and the port every server of this module listens on."""
    root = Path(tempfile.mkdtemp(prefix="handbook-offline-"))
    root.chmod(0o755)
    yield root, free_port()
    shutil.rmtree(root, ignore_errors=True)


def site_url(port: int) -> str:
    """The site's address under its project path."""
    return f"http://127.0.0.1:{port}{BASE}"


@pytest.fixture(scope="module")
def built(place: tuple[Path, int]) -> Path:
    """The repository's site (its service worker on, as `pyproject.toml` has it), built for
    `/handbook/` (with its memory snapshot)."""
    root, port = place
    out = root / "snapshot"
    project = copy_project(root / "project")
    result = mkdocs_build(out, project=project, site_url=site_url(port))
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    assert (out / tool.PYODIDE.strip("/") / "snapshot.json").is_file()
    return out


@pytest.fixture(scope="module")
def without_snapshot(built: Path, place: tuple[Path, int]) -> Path:
    """The same site without its snapshot: the engine starts normally."""
    out = place[0] / "plain"
    shutil.copytree(built, out, ignore=shutil.ignore_patterns(*SNAPSHOT_FILES))
    return out


def serve(site: Path, port: int) -> NginxServer:
    """nginx serving `site` under the project path on `port` (deploy/nginx/, CSP header)."""
    return NginxServer(site, port=port, base_path=BASE).start()


def stored(page: Page) -> set[str]:
    """The paths the site's caches hold."""
    return set(page.evaluate(STORED))


def wait_stored(page: Page, *paths: str) -> None:
    """Wait until the service worker controls the page and has stored `paths` (from the root)."""
    page.wait_for_function(CONTROLLED, timeout=tool.TIMEOUT_MS)
    page.wait_for_function(
        f"""async (wanted) => {{
          const held = await ({STORED})();
          return wanted.every((path) => held.includes(path));
        }}""",
        arg=list(paths),
        timeout=tool.TIMEOUT_MS,
    )


def assert_answers_as_the_cli(page: Page) -> None:
    """The page's engine decides the link's answers as `decision-tool evaluate` does."""
    tool.wait_ready(page)
    expected = cli_decision(ANSWERS)
    tool.wait_recommendation(page, expected["recommendation"])
    decision = tool.engine_decision(page, ANSWERS)
    assert decision["recommendation"] == expected["recommendation"] == "escalate"
    assert decision["headline"] == expected["headline"]


def visit_then_go_offline(browser: Browser, site: Path, port: int, *, snapshot: bool) -> None:
    """Another page, then the tool from a link, online; the server stopped; both again."""
    server = serve(site, port)
    context = browser.new_context(base_url=server.url)
    try:
        page = context.new_page()
        page.goto(OTHER_PAGE, wait_until="domcontentloaded")
        wait_stored(page, f"{BASE}{OTHER_PAGE}")  # registered once the page loaded
        page.goto(tool.link(ANSWERS))
        assert_answers_as_the_cli(page)
        runtime = f"{BASE}{tool.PYODIDE.lstrip('/')}"
        needed = [f"{BASE}{tool.TOOL_PAGE}", f"{BASE}{OTHER_PAGE}", f"{runtime}pyodide.asm.wasm"]
        wait_stored(page, *needed)
        held = stored(page)
        assert any(path.startswith(f"{runtime}snapshot-") for path in held) == snapshot
        server.stop()

        page.reload()
        note = page.locator(".dt-offline-note")
        expect(note).to_contain_text("Offline copy from")
        assert_answers_as_the_cli(page)
        assert page.evaluate("() => window.decisionTool.status.phase") != "failed"

        page.goto(OTHER_PAGE)
        expect(page.locator("h1")).to_contain_text("Security and privacy")
        expect(page.locator(".dt-offline-note")).to_contain_text("Offline copy from")
        assert axe_violations(page) == []
    finally:
        context.close()
        server.stop()


def test_the_tool_answers_offline_on_the_snapshot_path(
    browser: Browser, built: Path, place: tuple[Path, int]
) -> None:
    """One online visit; then, with no server, the page, the engine (restored) and a page read
    before all load from this browser's store."""
    visit_then_go_offline(browser, built, place[1], snapshot=True)


def test_the_tool_answers_offline_on_the_normal_start(
    browser: Browser, without_snapshot: Path, place: tuple[Path, int]
) -> None:
    """The same without a snapshot: the runtime and the wheels come from the store."""
    visit_then_go_offline(browser, without_snapshot, place[1], snapshot=False)


def test_under_a_project_path_the_build_files_for_servers_are_not_served(
    built: Path, place: tuple[Path, int]
) -> None:
    """`/handbook/_deploy/` (the CSP header's include) is a 404, like `/_deploy/` at the root;
    the service worker is served with the site's CSP header and revalidated on every use."""
    server = serve(built, place[1])
    try:
        for name in ("nginx-csp.conf", "csp-header.txt"):
            assert (built / "_deploy" / name).is_file()
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(f"{server.url}_deploy/{name}", timeout=10)
            assert refused.value.code == 404
        with urllib.request.urlopen(f"{server.url}service-worker.js", timeout=10) as worker:
            assert worker.headers["Cache-Control"] == "no-cache"
            assert "worker-src 'self'" in worker.headers["Content-Security-Policy"]
    finally:
        server.stop()


def copy_verdict(project: Path) -> str:
    """The recommendation the changed copy's CLI gives the link's answers."""
    result = subprocess.run(
        [sys.executable, "-m", "decision_tool", "evaluate", "--format", "json"],
        cwd=project,
        input=json.dumps(ANSWERS),
        capture_output=True,
        text=True,
        check=False,
        env=project_env(project),
    )
    return json.loads(result.stdout)["recommendation"]


def test_a_new_build_is_taken_at_the_next_online_visit(
    browser: Browser, built: Path, place: tuple[Path, int], tmp_path: Path
) -> None:
    """Kept by the worker, then redeployed with a 5-hour threshold (the copy built without a
    snapshot, to spare minutes; the worker treats snapshot.json like every other file): the
    next online visit's engine no longer escalates 4 hours, as the copy's CLI says."""
    root, port = place
    site = root / "deployed"
    shutil.copytree(built, site)
    server = serve(site, port)
    context = browser.new_context(base_url=server.url)
    try:
        page = context.new_page()
        page.goto(tool.link(ANSWERS))
        assert_answers_as_the_cli(page)
        wait_stored(page, f"{BASE}{tool.TOOL_PAGE}")

        project = copy_project(tmp_path / "project")
        policy = project / "decision_tool" / "policy.toml"
        text = policy.read_text(encoding="utf-8")
        assert text.count(OLD) == 1, "the threshold line of policy.toml changed its shape"
        policy.write_text(text.replace(OLD, NEW), encoding="utf-8")
        settings = project / "pyproject.toml"
        settings.write_text(
            settings.read_text(encoding="utf-8").replace("snapshot = true", "snapshot = false"),
            encoding="utf-8",
        )
        server.stop()
        shutil.rmtree(site)
        result = mkdocs_build(site, project=project, site_url=site_url(port))
        assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
        server = serve(site, port)

        expected = copy_verdict(project)
        assert expected != "escalate"
        page.reload()
        tool.wait_ready(page)
        tool.wait_recommendation(page, expected)
        assert tool.engine_decision(page, ANSWERS)["recommendation"] == expected
        expect(page.locator(".dt-offline-note")).to_have_count(0)
    finally:
        context.close()
        server.stop()
