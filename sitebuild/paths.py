"""Where the browser app comes from in the repository and where the built site serves it."""

from __future__ import annotations

from pathlib import Path

#: The browser app's source: `page/` (main thread) and `worker/` (the module worker), served as is.
BROWSER_DIR = Path(__file__).resolve().parent.parent / "browser"
#: The site folder that serves it (tests, the benchmark and the worker's `../pyodide/` rely on it).
SITE_DIR = "assets/decision-tool"
#: The page's modules and stylesheet, the worker's modules, and the Python runtime, in `SITE_DIR`.
PAGE_DIR = f"{SITE_DIR}/page"
WORKER_DIR = f"{SITE_DIR}/worker"
PYODIDE_DIR = f"{SITE_DIR}/pyodide"
#: What every page loads: the stylesheet and the module script that starts the tool.
STYLESHEET = f"{PAGE_DIR}/questionnaire.css"
SCRIPT = f"{PAGE_DIR}/questionnaire.js"


def browser_files() -> list[tuple[str, Path]]:
    """Every file of the browser app: its path in the site (under `SITE_DIR`), and its source."""
    return [
        (f"{SITE_DIR}/{path.relative_to(BROWSER_DIR).as_posix()}", path)
        for path in sorted(BROWSER_DIR.rglob("*"))
        if path.is_file() and path.parent.name != "offline"  # the service worker: sitebuild.offline
    ]
