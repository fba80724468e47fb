"""The command line, run as a user runs it: the console script and `python -m decision_tool`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from decision_tool import contract
from decision_tool.humanize import number
from decision_tool.policy import load_policy
from tests.engine.helpers import COMMANDS, FULL, NOW

ACCEPTANCE = {
    "hours_running": 4,
    "resolution_in_sight": "no",
    "customer": "Acme",
    "ticket_url": "https://example.com/t/1",
}


def run(how: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the CLI with arguments and standard input (UTF-8 both ways, C locale)."""
    return subprocess.run(
        [*COMMANDS[how], *args],
        input=stdin.encode("utf-8"),
        capture_output=True,
        check=False,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )


def text_of(data: bytes) -> str:
    """Decode CLI output."""
    return data.decode("utf-8")


@pytest.fixture(params=sorted(COMMANDS))
def how(request: pytest.FixtureRequest) -> str:
    """Each way of starting the CLI."""
    return request.param


def test_acceptance_example_json(how: str) -> None:
    """The brief's example: escalate, long_running, the room, 10 steps, 7 texts, warnings."""
    result = run(how, "evaluate", "--format", "json", stdin=json.dumps(ACCEPTANCE))
    assert result.returncode == 0, text_of(result.stderr)
    assert result.stderr == b""
    decision = json.loads(result.stdout)
    assert decision["recommendation"] == "escalate"
    assert [r["id"] for r in decision["reasons"]] == ["long_running"]
    assert decision["slack_room"] == "#a_acme_escalation"
    assert len(decision["steps"]) == 10
    assert len(decision["templates"]) == 7
    assert {"impact", "next_touchpoint", "escalation_doc_url"} <= {
        w["field"] for w in decision["warnings"]
    }
    assert decision["errors"] == []


def test_json_output_is_exactly_one_object(how: str) -> None:
    """--format json prints the object and nothing else (one line)."""
    result = run(how, "evaluate", "-", "--format", "json", stdin=json.dumps(FULL))
    lines = text_of(result.stdout).splitlines()
    assert len(lines) == 1
    assert list(json.loads(lines[0])) == [
        "recommendation", "headline", "reasons", "reevaluate_in_hours", "severity", "slack_room",
        "steps", "templates", "moments", "record", "warnings", "errors",
    ]  # fmt: skip


def test_invalid_answers_json_exit_2(how: str) -> None:
    """Invalid answers: exit 2 and the error object on stdout."""
    result = run(how, "evaluate", "--format", "json", stdin='{"hours_running": "x"}')
    assert result.returncode == 2
    decision = json.loads(result.stdout)
    assert decision["recommendation"] is None
    assert [e["field"] for e in decision["errors"]] == ["hours_running", "resolution_in_sight"]


def test_invalid_answers_text_go_to_stderr_one_per_line(how: str) -> None:
    """Text format: `field: message` per line on stderr, nothing on stdout, exit 2."""
    result = run(how, "evaluate", stdin='{"hours_running": true, "custmer": "A"}')
    assert result.returncode == 2
    assert result.stdout == b""
    lines = text_of(result.stderr).splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "hours_running",
        "resolution_in_sight",
        "custmer",
    ]


def test_invalid_json_exit_2(how: str) -> None:
    """Broken JSON: exit 2, a document error, no traceback."""
    result = run(how, "evaluate", stdin="{not json")
    assert result.returncode == 2
    assert text_of(result.stderr).startswith("error: The answers are not valid JSON")
    assert "Traceback" not in text_of(result.stderr)


def test_text_output_for_a_person(how: str, tmp_path: Path) -> None:
    """Text format: recommendation, reasons, numbered steps, then each text under a header."""
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({**FULL, "call_hours": 4}), encoding="utf-8")
    result = run(how, "evaluate", str(answers), "--now", NOW)  # the touch-point is ahead
    assert result.returncode == 0
    out = text_of(result.stdout)
    assert out.startswith("Recommendation: ESCALATE\n")
    rule = load_policy().rule
    assert f"  - The emergency has run more than {number(rule.long_running_hours)} hours" in out
    assert f"\n   1. The call has run past {number(rule.call_break_hours)} hours" in out
    assert "\n   2. Touch base in #support-managers" in out
    for template_id in contract.TEMPLATE_IDS:
        template = load_policy().templates[template_id]
        assert f"\n=== {template.title} ({template.audience}, {template.format}) " in out
    assert "Escalation level: High" in out


def test_now_option(how: str) -> None:
    """--now fixes the clock for started_at; a bad --now is an error at `now`."""
    answers = json.dumps({"started_at": "2026-11-27T08:00:00Z", "resolution_in_sight": "no"})
    result = run(how, "evaluate", "--format", "json", "--now", "2026-11-27T10:30:00Z",
                 stdin=answers)  # fmt: skip
    assert json.loads(result.stdout)["reevaluate_in_hours"] == 0.5
    result = run(how, "evaluate", "--now", "10:30", stdin=answers)
    assert result.returncode == 2
    assert text_of(result.stderr).startswith("now: ")


def test_missing_file_exit_2_without_traceback(how: str, tmp_path: Path) -> None:
    """A file that is not there: a clear message and exit 2, in both formats."""
    missing = tmp_path / "nope.json"
    result = run(how, "evaluate", str(missing))
    assert result.returncode == 2
    assert "cannot read" in text_of(result.stderr) and "No such file" in text_of(result.stderr)
    assert "Traceback" not in text_of(result.stderr)
    result = run(how, "evaluate", str(missing), "--format", "json")
    assert result.returncode == 2
    assert json.loads(result.stdout)["errors"][0]["field"] is None


def test_non_utf8_input_exit_2(how: str) -> None:
    """Bytes that are not UTF-8: a document error, exit 2."""
    result = subprocess.run(
        [*COMMANDS[how], "evaluate"], input=b"\xff\xfe{", capture_output=True, check=False
    )
    assert result.returncode == 2
    assert b"not UTF-8" in result.stderr


def test_unicode_output_in_a_c_locale(how: str) -> None:
    """Non-ASCII answers print fine whatever the terminal's locale."""
    answers = {**FULL, "customer_contact": "Crème Brûlée — 東京"}
    result = run(how, "evaluate", stdin=json.dumps(answers, ensure_ascii=False))
    assert result.returncode == 0
    assert "Hello Crème Brûlée — 東京," in text_of(result.stdout)


@pytest.mark.parametrize("args", [["--help"], ["evaluate", "--help"]])
def test_help_explains_every_answer_key(how: str, args: list[str]) -> None:
    """Both help screens list every answer key, with its question."""
    result = run(how, *args)
    assert result.returncode == 0
    out = text_of(result.stdout)
    for question in load_policy().questions:
        assert f"\n  {question.key}\n" in out
    assert "\n  now\n" in out
    assert "0 to 720" in out and '"unsure"' in out


def test_usage_errors_exit_2(how: str) -> None:
    """No command, or a bad option: argparse's usage error, exit 2."""
    assert run(how).returncode == 2
    assert run(how, "evaluate", "--format", "yaml").returncode == 2
