"""The CLI as the tests' oracle: the decision `decision-tool evaluate --format json` prints."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

#: The venv's CLI, next to the running Python.
CLI = Path(sys.executable).with_name("decision-tool")


def cli_decision(answers: dict[str, Any], now: dt.datetime | None = None) -> dict[str, Any]:
    """The decision `decision-tool evaluate --format json --now <now>` prints.

    The page evaluates at the browser's clock, so the CLI is given that moment too: `now`
    (a page clock a test set), else the current moment.
    """
    moment = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    result = subprocess.run(
        [str(CLI), "evaluate", "--format", "json", "--now", moment.isoformat()],
        input=json.dumps(answers, ensure_ascii=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode in (0, 2), f"decision-tool failed: {result.stderr}"
    return json.loads(result.stdout)


def texts(decision: dict[str, Any]) -> dict[str, str]:
    """A decision's texts by template id."""
    return {tid: template["text"] for tid, template in decision["templates"].items()}
