"""What each engine's driver does on the page, and what the CLI says it must show."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from decision_tool import evaluate_json, samples
from tools.cli import cli_decision, texts
from tools.questionnaire import PYODIDE, TOOL_PAGE, permalink

#: The permalink's answers: every question answered, escalating.
HANDOVER = samples.ESCALATE
REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "pyodide" / "corpus.json"
SNAPSHOT_MANIFEST = PYODIDE + "snapshot.json"
TIMEOUT_MS = 240_000
COPY_TEMPLATE = "ticket_comment"
# Typed into the empty form: the two required questions, escalate then continue.
TYPED = (("4", "no"), ("2", "unsure"))


def corpus_cases() -> list[dict[str, Any]]:
    """Every answers-object case of the parity corpus, each with its `now` among its answers.

    Raw-text cases (invalid JSON, duplicate keys, ...) cannot be sent as an object by the page's
    hook, so they stay with tests/pyodide. A case's `now` becomes the answers' `now` (which the
    contract lets override `--now`), so the page evaluates at the same moment as the CLI.
    """
    cases = json.loads(CORPUS.read_text(encoding="utf-8"))["cases"]
    chosen = []
    for case in cases:
        answers = case.get("answers")
        if not isinstance(answers, dict):
            continue
        if "now" in case and "now" not in answers:
            answers = {**answers, "now": case["now"]}
        chosen.append({"name": case["name"], "answers": answers})
    return chosen


def engine_decision(answers: dict[str, Any]) -> dict[str, Any]:
    """The decision `decision_tool.evaluate_json` (the CLI's function) gives in this process."""
    return json.loads(evaluate_json(json.dumps(answers, ensure_ascii=False)))


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
        "permalink": permalink(HANDOVER),
        "toolPage": TOOL_PAGE,
        "templateCount": len(handover["templates"]),
        "cases": corpus_cases(),
        "copyTemplate": COPY_TEMPLATE,
        "form": form,
        "timeoutMs": TIMEOUT_MS,
    }
