"""The engine decides the same under the real Pyodide runtime (in Node) as under CPython."""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.pyodide.corpus_runner import run_corpus

HERE = Path(__file__).resolve().parent
RUNNER = HERE / "run_engine.mjs"
CORPUS = HERE / "corpus.json"
NODE = shutil.which("node")

pytestmark = pytest.mark.slow


def run_node(pyodide_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run the Node corpus runner on a built `pyodide/` folder (offline, files only)."""
    assert NODE is not None, "node is not installed (see the README: make setup)"
    return subprocess.run(
        [NODE, str(RUNNER), str(pyodide_dir), str(CORPUS), *extra],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def pyodide_dir(built_site: Path) -> Path:
    """The built site's Pyodide folder: runtime, wheels, lock."""
    return built_site / "assets" / "decision-tool" / "pyodide"


@pytest.fixture(scope="module")
def node_output(pyodide_dir: Path) -> dict:
    """The corpus evaluated by the engine installed from the site's lock into Pyodide."""
    result = run_node(pyodide_dir)
    assert result.returncode == 0, f"Node runner failed:\n{result.stderr}"
    return json.loads(result.stdout)


def test_pyodide_and_cpython_give_identical_json(node_output: dict) -> None:
    """Every corpus case gives byte-identical `evaluate_json` output in Pyodide and CPython."""
    cpython = json.loads(run_corpus(CORPUS.read_text(encoding="utf-8")))
    pyodide = node_output["results"]
    assert [case["name"] for case in pyodide] == [case["name"] for case in cpython]
    differing = [
        f"{ours['name']}:\n  cpython: {ours}\n  pyodide: {theirs}"
        for ours, theirs in zip(cpython, pyodide, strict=True)
        if ours != theirs
    ]
    assert not differing, "\n".join(differing)
    calendars = [case for case in pyodide if "calendar" in case]
    assert len(calendars) >= 5
    assert all(
        "BEGIN:VCALENDAR" in case["calendar"] or "null" in case["calendar"] for case in calendars
    )


def test_corpus_covers_escalate_continue_and_errors() -> None:
    """The corpus is varied: both recommendations, field errors and whole-document errors."""
    cases = json.loads(CORPUS.read_text(encoding="utf-8"))["cases"]
    decisions = [
        json.loads(case["result"]) for case in json.loads(run_corpus(json.dumps({"cases": cases})))
    ]
    recommendations = {decision["recommendation"] for decision in decisions}
    fields = {error["field"] for decision in decisions for error in decision["errors"]}
    assert len(cases) >= 30
    assert {"escalate", "continue", None} <= recommendations
    assert None in fields and {"hours_running", "started_at", "now"} <= fields
    assert any("now" in case for case in cases)
    moments = {m["id"] for decision in decisions for m in decision["moments"]}
    assert moments == {"long_running_mark", "next_touchpoint", "handover", "shift_end"}
    headlines = {(d["headline"] or {}).get("id") for d in decisions}
    assert headlines == {"escalate", "judgement", "stay", "continue", "open", "closed", None}
    readiness = {t["ready"] for d in decisions for t in d["templates"].values()}
    assert readiness == {True, False}
    # (v3) the stages and the record: steps done, the documents, errors at both fields
    assert any(step.get("done") for d in decisions for step in d["steps"])
    texts = {t for d in decisions for t in d["templates"]}
    assert {"escalated_customers_close", "timeline", "escalation_doc", "review"} <= texts
    assert {"stage", "record"} <= fields
    assert any(len(d["record"]) > 1 for d in decisions)
    assert {True, False} <= {m["overdue"] for d in decisions for m in d["moments"]}
    assert {"customer_timezone", "shift_ends_at"} <= fields
    zones = {case["answers"].get("customer_timezone") for case in cases if "answers" in case}
    assert {"Europe/Berlin", "America/New_York"} <= zones


def test_engine_runs_from_the_locked_wheel_with_pure_markupsafe(node_output: dict) -> None:
    """Pyodide imports the engine from the installed wheel, with MarkupSafe's pure fallback."""
    environment = node_output["environment"]
    assert environment["decision_tool"].startswith("/lib/python3.")
    assert "/site-packages/decision_tool/" in environment["decision_tool"]
    assert environment["markupsafe_escape"] == "markupsafe._native"
    assert environment["icalendar"] == version("icalendar")
    assert environment["tzdata"] == version("tzdata")


def test_node_runner_refuses_a_wheel_whose_sha256_differs(
    pyodide_dir: Path, tmp_path: Path
) -> None:
    """A lock whose sha256 does not match a wheel stops the run with a message naming it.

    Pyodide's Node loader reads wheels with fs and ignores sha256 (only the browser's fetch
    checks it, see test_integrity_in_browser.py), so the runner checks it itself.
    """
    lock = json.loads((pyodide_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    lock["packages"]["jinja2"]["sha256"] = "0" * 64
    tampered = tmp_path / "pyodide-lock.json"
    tampered.write_text(json.dumps(lock), encoding="utf-8")
    result = run_node(pyodide_dir, str(tampered))
    assert result.returncode != 0
    assert "sha256 mismatch for jinja2" in result.stderr
    assert result.stdout == ""


def decisions(output: dict) -> dict[str, dict]:
    """Case name -> the decision Pyodide gave for it."""
    return {case["name"]: json.loads(case["result"]) for case in output["results"]}


def assert_document_error(decision: dict, words: str) -> None:
    """One error about the whole document (field null) that says `words`."""
    assert decision["recommendation"] is None
    assert [error["field"] for error in decision["errors"]] == [None], decision["errors"]
    assert words in decision["errors"][0]["message"]


def test_pyodide_refuses_deep_documents_and_keeps_answering(node_output: dict) -> None:
    """The red team's 2,900 nested lists (once fatal in Pyodide) and other deep documents get
    the depth error in Pyodide, and the same engine answers the next answers normally."""
    results = decisions(node_output)
    for name in (
        "deep_2900_lists_in_summary_red_team",
        "unclosed_3000_lists",
        "deep_3000_objects",
        "depth_33_is_refused",
    ):
        assert_document_error(results[name], "nested too deeply")
    for name in ("normal_after_deep_2900", "normal_at_the_end"):
        assert results[name]["recommendation"] == "escalate", results[name]["errors"]
    assert [e["field"] for e in results["url_zero_width_space_red_team"]["errors"]] == [
        "ticket_url"
    ]


def test_pyodide_refuses_huge_documents_and_keeps_answering(
    pyodide_dir: Path, tmp_path: Path
) -> None:
    """Over 1 MB, or 100,000 levels deep: document errors in Pyodide, each followed by a
    normal decision from the same runtime."""
    head = '{"hours_running": 4, "resolution_in_sight": "no", '
    normal = {"hours_running": 4, "resolution_in_sight": "no"}
    cases = [
        {"name": "over_1mb", "text": head + '"summary": "' + "a" * 1_000_000 + '"}'},
        {"name": "after_over_1mb", "answers": normal},
        {"name": "unclosed_100000", "text": head + '"summary": ' + "[" * 100_000},
        {"name": "after_unclosed", "answers": normal},
        {"name": "deep_100000", "text": head + '"s": ' + "[" * 100_000 + "]" * 100_000 + "}"},
        {"name": "after_deep", "answers": normal},
    ]
    corpus = tmp_path / "huge.json"
    corpus.write_text(json.dumps({"cases": cases}), encoding="utf-8")
    assert NODE is not None
    result = subprocess.run(
        [NODE, str(RUNNER), str(pyodide_dir), str(corpus)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"Node runner failed:\n{result.stderr}"
    results = decisions(json.loads(result.stdout))
    assert_document_error(results["over_1mb"], "too large")
    assert_document_error(results["unclosed_100000"], "nested too deeply")
    assert_document_error(results["deep_100000"], "nested too deeply")
    for name in ("after_over_1mb", "after_unclosed", "after_deep"):
        assert results[name]["recommendation"] == "escalate", results[name]["errors"]
