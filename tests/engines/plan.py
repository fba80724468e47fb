"""What each engine's driver does on the page, and what the CLI says it must show."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.answers import HANDOVER, permalink
from decision_tool import evaluate_json
from tests.pyodide.corpus_runner import DEFAULT_NOW
from tools.questionnaire import PYODIDE, TOOL_PAGE, engine_wheel, snapshot_file, url_path

__all__ = ["HANDOVER", "engine_wheel", "snapshot_file", "url_path"]

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "pyodide" / "corpus.json"
CLI = Path(sys.executable).with_name("decision-tool")
SNAPSHOT_MANIFEST = PYODIDE + "snapshot.json"
TIMEOUT_MS = 240_000
COPY_TEMPLATE = "ticket_comment"
# Typed into the empty form: the two required questions, escalate then continue.
TYPED = (("4", "no"), ("2", "unsure"))


def cli_decision(answers: dict[str, Any]) -> dict[str, Any]:
    """The decision `decision-tool evaluate --format json --now <this moment>` prints.

    The page evaluates at the browser's clock, so the CLI is given the current moment too.
    """
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    result = subprocess.run(
        [str(CLI), "evaluate", "--format", "json", "--now", now],
        input=json.dumps(answers, ensure_ascii=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode in (0, 2), f"decision-tool failed: {result.stderr}"
    return json.loads(result.stdout)


def corpus_cases() -> list[dict[str, Any]]:
    """Every answers-object case of the parity corpus, each with its `now` among its answers.

    Raw-text cases (invalid JSON, duplicate keys, ...) cannot be sent as an object by the page's
    hook, so they stay with tests/pyodide. A case's `now` (else the corpus runner's default)
    becomes the answers' `now` (which the contract lets override `--now`), so the page evaluates
    at the same moment as the CLI.
    """
    cases = json.loads(CORPUS.read_text(encoding="utf-8"))["cases"]
    chosen = []
    for case in cases:
        answers = case.get("answers")
        if not isinstance(answers, dict):
            continue
        if "now" not in answers:
            answers = {**answers, "now": case.get("now", DEFAULT_NOW)}
        chosen.append({"name": case["name"], "answers": answers})
    return chosen


def engine_decision(answers: dict[str, Any]) -> dict[str, Any]:
    """The decision `decision_tool.evaluate_json` (the CLI's function) gives in this process."""
    return json.loads(evaluate_json(json.dumps(answers, ensure_ascii=False)))


def texts(decision: dict[str, Any]) -> dict[str, str]:
    """A decision's texts by template id."""
    return {tid: template["text"] for tid, template in decision["templates"].items()}


#: (v3) A running time in a text says as of which minute it was evaluated (`4 h as of 10:30 UTC`).
AS_OF = re.compile(r"as of \d\d:\d\d UTC")


def any_minute(value: Any) -> Any:
    """`value` (texts, a decision) with the minute of every "as of" left out: the CLI and the
    page evaluate minutes apart, each at its own clock."""
    return json.loads(AS_OF.sub("as of HH:MM UTC", json.dumps(value, ensure_ascii=False)))


def build_plan(base: str) -> dict[str, Any]:
    """The plan a driver follows on the site at `base`, with the answers it must reproduce."""
    handover = cli_decision(HANDOVER)
    form = []
    for hours, resolution in TYPED:
        typed = cli_decision(
            {"hours_running": json.loads(hours), "resolution_in_sight": resolution}
        )
        form.append({"hours": hours, "resolution": resolution, "expected": texts(typed)})
    return {
        "base": base,
        "permalink": TOOL_PAGE + permalink(),
        "toolPage": TOOL_PAGE,
        "templateCount": len(handover["templates"]),
        "cases": corpus_cases(),
        "copyTemplate": COPY_TEMPLATE,
        "form": form,
        "timeoutMs": TIMEOUT_MS,
    }
