"""The shipped browser modules stay small and the page's controller only wires: read in seconds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitebuild.pages.modules import module_graph
from sitebuild.paths import BROWSER_DIR, SCRIPT, SITE_DIR

#: The most lines a shipped JS module may have: one job per module, readable in one sitting.
MAX_LINES = 300
#: The page's controller (the module every page loads), relative to BROWSER_DIR.
CONTROLLER = Path(SCRIPT).relative_to(SITE_DIR).as_posix()
MODULES = sorted(path.relative_to(BROWSER_DIR).as_posix() for path in BROWSER_DIR.rglob("*.js"))


def test_the_browser_app_has_page_and_worker_modules() -> None:
    """The modules below are found (a moved folder would make the other checks vacuous)."""
    assert CONTROLLER in MODULES
    assert "worker/worker.js" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_no_shipped_module_passes_300_lines(name: str) -> None:
    """Every JS module the site ships (browser/page, browser/worker) has at most 300 lines."""
    lines = (BROWSER_DIR / name).read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"browser/{name} has {lines} lines (at most {MAX_LINES})"


@pytest.mark.parametrize("name", MODULES)
def test_each_module_says_its_job_in_its_first_line(name: str) -> None:
    """A module opens with a one-line comment that says what it does."""
    first = (BROWSER_DIR / name).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("// ") and len(first) > len("// ") + 20, f"browser/{name}: {first!r}"


@pytest.mark.parametrize("name", [name for name in MODULES if name != CONTROLLER])
def test_no_module_imports_the_controller(name: str) -> None:
    """The controller hands context and values to the modules; none of them imports it back."""
    assert CONTROLLER not in module_graph(BROWSER_DIR, name)


@pytest.mark.parametrize("name", sorted(p.name for p in BROWSER_DIR.rglob("*.css")))
def test_each_stylesheet_closes_every_block(name: str) -> None:
    """A block left open (a merge once dropped one `}`) makes browsers drop every rule after it,
    silently: the print-only pack then showed on screen."""
    (path,) = BROWSER_DIR.rglob(name)
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"{name}:{number}: a `}}` closes no block"
    assert depth == 0, f"{name}: {depth} block(s) never closed"
