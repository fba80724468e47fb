"""`make bench` runs end to end: one run per page, every measure present (no timing asserted).

The benchmark runs as `make bench` runs it, as a command (`python -m benchmarks.run`); the test
reads what it wrote.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tools import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def bench(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    """One bench run on the session's built site: 1 run per page and mode, 10 edits, 1 throttled
    run on each line (50 Mbit/s and the slow line)."""
    out = tmp_path_factory.mktemp("bench")
    argv = ["--site", str(built_site), "--out", str(out), "--runs", "1", "--edits", "10"]
    argv += ["--throttle-runs", "1", "--slow-runs", "1", "--engine-runs", "0"]
    command = [sys.executable, "-m", "benchmarks.run", *argv]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
    return json.loads((out / "latest.json").read_text(encoding="utf-8")), out


def test_every_page_shows_what_it_must_cold_and_warm(bench: tuple[dict, Path]) -> None:
    """F reaches a runtime; P, P2 (lean), O and N (O, no snapshot) decide; in a new and a reused
    profile (O and N warm without a link: the emergency the first visit stored)."""
    result, _ = bench
    seen = {(visit["page"], visit["mode"]): visit for visit in result["visits"]}
    pages = ("F", "P", "P2", "O", "N")
    assert set(seen) == {(page, mode) for page in pages for mode in ("cold", "warm")}
    for (page, _mode), visit in seen.items():
        assert visit["ready_ms"] is not None, visit["errors"]
        if page != "F":
            assert visit["decision_text"] == "escalate", visit["errors"]


def test_transfer_is_counted_and_warm_visits_revalidate(bench: tuple[dict, Path]) -> None:
    """Cold visits move the runtime's bytes (workers' requests included); warm ones get 304s."""
    result, _ = bench
    for visit in result["visits"]:
        if visit["mode"] == "cold":
            assert visit["transfer_bytes"] > result["floor"]["runtime_served_bytes"] // 2
        else:
            assert visit["not_modified"] > 0
            assert visit["transfer_bytes"] < 1_000_000


def test_the_start_of_o_is_broken_down_step_by_step(bench: tuple[dict, Path]) -> None:
    """O's start-up steps are recorded in order; the warm visit reads the snapshot that the cold
    one kept (Cache Storage), the cold one downloads it; both requested the wasm."""
    result, _ = bench
    for visit in result["visits"]:
        if visit["page"] != "O":
            continue
        steps = visit["startup"]
        kept = "snapshotReadFromCache" if visit["mode"] == "warm" else "snapshotDownloaded"
        for step in ("workerCreated", "workerRunning", kept, "wasmCompiled", "restored"):
            assert step in steps, f"O {visit['mode']}: no {step} in {sorted(steps)}"
        assert "pyodide.asm.wasm requested" in steps
        assert steps["workerCreated"] <= steps["workerRunning"] <= steps["restored"]
        assert visit["code_cache"] is not None


def test_edit_latency_is_measured_on_every_edit(bench: tuple[dict, Path]) -> None:
    """Each of the edits updated the page, so each has a latency."""
    result, _ = bench
    assert len(result["edit_latencies_ms"]) == 10
    assert result["edit_latency"]["p95_ms"] is not None


def test_results_are_written_as_json_and_markdown(bench: tuple[dict, Path]) -> None:
    """The JSON parses back and the Markdown table has a row per page and mode, and the targets."""
    _, out = bench
    data = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    assert data["ratios"]["O/P cold"]["n"] == 1
    table = (out / "latest.md").read_text(encoding="utf-8")
    labels = ("F: bare", "P: plain", "P\u2032: lean", "O: our page", "N: O without")
    labels += ("O/P\u2032 cold",)
    for label in (*labels, "O/P cold ≤ 0.35", "Where O's start goes", "wasm compiled"):
        assert label in table
    assert "Throttled (50 Mbit/s, 20 ms latency)" in table
    assert "Throttled (10 Mbit/s, 80 ms latency)" in table
