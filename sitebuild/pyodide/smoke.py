"""Run the engine once from the built wheels at build time: policy or template errors fail it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from decision_tool import samples
from sitebuild.errors import BuildError

#: Every answer given, so every template renders every field: an escalation and a continue.
SAMPLES = dict(samples.BY_RECOMMENDATION)
NOW = samples.NOW

# Runs under `python -I -S`: no site-packages, only the stdlib and the wheels on sys.path,
# as in the browser. Prints each sample's decision and where the engine was imported from.
_PROBE = """
import json, sys
samples, now = json.loads(sys.argv[1]), sys.argv[2]
sys.path[0:0] = sys.argv[3:]
import decision_tool
decisions = {
    name: json.loads(decision_tool.evaluate_json(json.dumps(answers), now=now))
    for name, answers in samples.items()
}
calendars = {
    name: json.loads(decision_tool.calendar_json(json.dumps(answers), now=now))
    for name, answers in samples.items()
}
print(json.dumps({"file": decision_tool.__file__, "decisions": decisions, "calendars": calendars}))
"""


def check_engine(wheels: list[Path], engine_wheel: Path) -> None:
    """Evaluate the samples with only `wheels` importable; fail on any error or empty text."""
    command = [sys.executable, "-I", "-S", "-c", _PROBE, json.dumps(SAMPLES), NOW]
    command += [str(wheel) for wheel in wheels]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError(
            f"decision-tool: the engine in {engine_wheel.name} crashed on a sample answer:\n"
            f"{result.stderr.strip()}"
        )
    report = json.loads(result.stdout)
    if not report["file"].startswith(str(engine_wheel)):
        raise BuildError(f"decision-tool: the check imported the engine from {report['file']}.")
    problems = [
        problem
        for name, decision in report["decisions"].items()
        for problem in _problems(name, decision)
    ]
    problems += [
        f"{name}: the calendar file failed: {json.dumps(calendar['errors'])}"
        for name, calendar in report["calendars"].items()
        if calendar["errors"] or "BEGIN:VEVENT" not in (calendar["ics"] or "")
    ]
    if problems:
        raise BuildError(
            "decision-tool: the engine fails on a complete sample answer:\n  - "
            + "\n  - ".join(problems)
        )


def _problems(name: str, decision: dict) -> list[str]:
    """List what is wrong with one sample's decision: errors, no recommendation, empty texts."""
    problems = [f"{name}: error {json.dumps(error)}" for error in decision.get("errors", [])]
    if decision.get("recommendation") != name:
        problems.append(f"{name}: recommendation is {decision.get('recommendation')!r}")
    templates = decision.get("templates") or {}
    if not templates:
        problems.append(f"{name}: no templates")
    for template_id, template in templates.items():
        if not str(template.get("text", "")).strip():
            problems.append(f"{name}: template {template_id} rendered an empty text")
    return problems
