"""Run an engine's driver (Firefox: Node + puppeteer-core; WebKit: PyGObject under Xvfb)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools import REPO

HERE = Path(__file__).resolve().parent
FIREFOX = Path("/usr/bin/firefox-esr")
SYSTEM_PYTHON = Path("/usr/bin/python3")
PUPPETEER = REPO / "node_modules" / "puppeteer-core" / "package.json"
RUN_TIMEOUT_S = 900
INSTALL_HINT = "run `make test` (or `make engines`), which installs it"
# WebKit's console lines on stdout: `CONSOLE ERROR text`, `CONSOLE JS ERROR ...`, `CONSOLE
# SECURITY ERROR Refused to load ...` (a CSP violation); a worker's start with its URL and `: `.
WEBKIT_CONSOLE_ERROR = re.compile(r"(?:^|: )CONSOLE (?:[A-Z]+ )?ERROR(?: |$)")


@dataclass
class Run:
    """What a driver reported, and the console lines it printed."""

    report: dict[str, Any]
    output: str = ""
    console_errors: list[str] = field(default_factory=list)


def missing_firefox() -> str | None:
    """Why the Firefox driver cannot run here, or None."""
    if not FIREFOX.is_file():
        return f"Firefox ESR is missing ({FIREFOX}): {INSTALL_HINT} through apt"
    if shutil.which("node") is None or not PUPPETEER.is_file():
        return f"node or node_modules/puppeteer-core is missing: {INSTALL_HINT} through npm ci"
    return None


def missing_webkit() -> str | None:
    """Why the WebKit driver cannot run here, or None."""
    if shutil.which("xvfb-run") is None or shutil.which("xauth") is None:
        return f"xvfb-run or xauth is missing: {INSTALL_HINT} through apt (xvfb xauth)"
    probe = subprocess.run(
        [
            str(SYSTEM_PYTHON),
            "-c",
            "import gi; gi.require_version('WebKit2', '4.1'); from gi.repository import WebKit2",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        return (
            f"WebKitGTK for {SYSTEM_PYTHON} is missing (python3-gi, gir1.2-webkit2-4.1): "
            f"{INSTALL_HINT} through apt\n{probe.stderr.strip()}"
        )
    return None


def run_driver(engine: str, plan: dict[str, Any], work: Path) -> Run:
    """Run `engine`'s driver on `plan`; its JSON report and what it printed."""
    plan_file, out_file = work / f"{engine}-plan.json", work / f"{engine}-report.json"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    out_file.unlink(missing_ok=True)
    if engine == "firefox":
        command = ["node", str(HERE / "firefox.mjs"), str(plan_file), str(out_file)]
    else:
        command = ["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24"]
        command += [str(SYSTEM_PYTHON), str(HERE / "webkit.py"), str(plan_file), str(out_file)]
    result = subprocess.run(
        command,
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    output = result.stdout + result.stderr
    assert out_file.is_file(), (
        f"the {engine} driver wrote no report (exit {result.returncode}):\n{output[-4000:]}"
    )
    report = json.loads(out_file.read_text(encoding="utf-8"))
    run = Run(report=report, output=output)
    if engine == "firefox":
        run.console_errors = [
            entry["text"] for entry in report.get("console", []) if entry["type"] == "error"
        ]
        run.console_errors += [f"pageerror: {text}" for text in report.get("pageErrors", [])]
    else:
        lines = output.splitlines()
        run.console_errors = [line for line in lines if WEBKIT_CONSOLE_ERROR.search(line)]
    return run
