"""What each engine's driver does on the page, and what the CLI says it must show."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from decision_tool import evaluate_json, samples
from decision_tool.contract import STAGES
from tests.pyodide.corpus_runner import DEFAULT_NOW
from tools.cli import cli_decision, texts
from tools.questionnaire import PYODIDE, TOOL_PAGE, permalink

#: The permalink's answers: every question answered, escalating.
HANDOVER = samples.ESCALATE
#: The page always sends the stage it shows: without one in its answers, the first.
SHOWN = {"stage": STAGES[0]}
REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "pyodide" / "corpus.json"
SNAPSHOT_MANIFEST = PYODIDE + "snapshot.json"
TIMEOUT_MS = 240_000
# Copied and pasted: a text ready at the first stage (the ticket note waits for the open stage).
COPY_TEMPLATE = "handover"
# Typed into the empty form: the two required questions, escalate then continue.
TYPED = (("4", "no"), ("2", "unsure"))


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


#: (v3) A running time in a text says as of which minute it was evaluated (`4 h as of 10:30 UTC`).
AS_OF = re.compile(r"as of \d\d:\d\d UTC")


def any_minute(value: Any) -> Any:
    """`value` (texts, a decision) with the minute of every "as of" left out: the CLI and the
    page evaluate minutes apart, each at its own clock."""
    return json.loads(AS_OF.sub("as of HH:MM UTC", json.dumps(value, ensure_ascii=False)))


def build_plan(base: str) -> dict[str, Any]:
    """The plan a driver follows on the site at `base`, with the answers it must reproduce."""
    handover = cli_decision(SHOWN | HANDOVER)
    form = []
    for hours, resolution in TYPED:
        typed = cli_decision(
            SHOWN | {"hours_running": json.loads(hours), "resolution_in_sight": resolution}
        )
        form.append({"hours": hours, "resolution": resolution, "expected": texts(typed)})
    return {
        "base": base,
        "permalink": permalink(HANDOVER),
        "toolPage": TOOL_PAGE,
        "templateCount": len(handover["templates"]),
        "cases": corpus_cases(),
        "copyTemplate": COPY_TEMPLATE,
        "form": form,
        "timeoutMs": TIMEOUT_MS,
    }
