"""The memory snapshot decides exactly like a fresh runtime, and the page survives a bad one."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from decision_tool import samples
from tests.pyodide.corpus_runner import DEFAULT_NOW, run_corpus
from tools.browser import Tab
from tools.nginx import Fault, NginxServer
from tools.questionnaire import PYODIDE_DIR, TOOL_PAGE, permalink, recommendation

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "pyodide" / "corpus.json"
PYODIDE = f"{PYODIDE_DIR}/"
TIMEOUT_MS = 90_000

pytestmark = pytest.mark.slow

EVALUATE_ALL = """async (cases) => {
  await window.decisionTool.ready;
  const out = [];
  for (const answers of cases) out.push(await window.decisionTool.evaluate(answers));
  return out;
}"""


def cpython_results() -> list[dict]:
    """The corpus evaluated by CPython: name and result text per case."""
    return json.loads(run_corpus(CORPUS.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def restored(built_site: Path) -> dict:
    """The corpus run in Node on the restored snapshot (restore_corpus.mjs's JSON output)."""
    node = shutil.which("node")
    assert node is not None, "node is not installed (make setup)"
    result = subprocess.run(
        [node, str(HERE / "restore_corpus.mjs"), str(built_site / PYODIDE), str(CORPUS)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_node_restore_decides_like_cpython_and_fresh_pyodide(restored: dict) -> None:
    """Every corpus case gives byte-identical JSON from the restored snapshot and from CPython:
    every decision from the snapshot alone, every calendar once the on-demand wheels are in.

    tests/pyodide shows fresh Pyodide == CPython on the same corpus, so restored == fresh.
    """
    expected = cpython_results()
    for results in (restored["before"], restored["results"]):
        assert [case["name"] for case in results] == [case["name"] for case in expected]
    decisions = [case["name"] for case, theirs in zip(restored["before"], expected, strict=True)
                 if case["result"] != theirs["result"]]  # fmt: skip
    assert not decisions
    differing = [
        ours["name"]
        for ours, theirs in zip(expected, restored["results"], strict=True)
        if ours != theirs
    ]
    assert not differing


def test_time_zones_work_after_a_restore_though_their_files_are_gone(restored: dict) -> None:
    """Time (v2): after a restore tzdata's files are absent and zoneinfo alone finds no zone,
    yet the corpus's zone cases (DST in Berlin and New York) match CPython: the engine keeps the
    zone data in memory. The .ics files match too once the calendar's libraries are in."""
    assert restored["files"] == {"tzdata_file": False, "plain_zoneinfo": "ZoneInfoNotFoundError"}
    expected = {case["name"]: case for case in cpython_results()}
    cases = json.loads(CORPUS.read_text(encoding="utf-8"))["cases"]
    names = {c["name"] for c in cases if "customer_timezone" in c.get("answers", {})}
    zoned = [case for case in restored["before"] if case["name"] in names]
    # Berlin's spring-forward: 02:00 UTC is 04:00 there (summer time), not 03:00.
    shown = [case for case in zoned if "04:00 Central European Time (02:00 UTC)" in case["result"]]
    assert len(zoned) >= 6 and shown
    assert all(case["result"] == expected[case["name"]]["result"] for case in zoned)
    calendars = [case for case in restored["results"] if "VEVENT" in case.get("calendar", "")]
    assert len(calendars) >= 4
    assert all(case == expected[case["name"]] for case in calendars)


def test_the_snapshot_holds_code_without_docstrings_or_column_positions(restored: dict) -> None:
    """Less code on the wire: the engine's, its wheels' and the standard library's functions
    come without docstrings and column positions; a wheel installed after the restore (the
    calendar's) is compiled as usual, so the build's import hook is not left behind."""
    assert restored["compiled"] == {
        "docstrings": [None, None, None, None],
        "column_positions": False,
        "on_demand_docstring": True,
    }


def whole_snapshot(file: bytes, holes: list[list[int]]) -> bytes:
    """The snapshot made again from its file and the manifest's holes (runs of zeros)."""
    whole, read = bytearray(), 0
    for offset, length in holes:
        take = offset - len(whole)
        whole += file[read : read + take] + bytes(length)
        read += take
    return bytes(whole + file[read:])


def test_the_manifest_names_the_snapshot_with_its_sha256(built_site: Path) -> None:
    """snapshot.json points at a file in the folder whose sha256 is the stated integrity."""
    folder = built_site / PYODIDE
    manifest = json.loads((folder / "snapshot.json").read_text(encoding="utf-8"))
    data = (folder / manifest["file"]).read_bytes()
    digest = base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")
    assert manifest["integrity"] == f"sha256-{digest}"
    assert manifest["bytes"] == len(data)


def test_the_file_leaves_out_the_snapshots_runs_of_zeros(built_site: Path) -> None:
    """Over half of the 31.5 MB snapshot is zeros: the file leaves those runs out (less to
    decode, hash, keep and read back), and with them put back it is a whole memory again."""
    folder = built_site / PYODIDE
    manifest = json.loads((folder / "snapshot.json").read_text(encoding="utf-8"))
    data = (folder / manifest["file"]).read_bytes()
    whole = whole_snapshot(data, manifest["holes"])
    header = int.from_bytes(whole[4:8], "little")
    assert (len(whole) - header) % 65536 == 0, "the heap is whole wasm pages"
    assert len(data) < len(whole) / 2
    assert all(length >= 65536 for _, length in manifest["holes"])


def test_the_snapshot_does_not_carry_the_wasm_static_data_again(built_site: Path) -> None:
    """The heap's first `base` bytes (the runtime's data segments, which pyodide.asm.wasm already
    brings) are stored as their difference from the memory as instantiated: nearly all zeros.

    Stored whole, that region is 3.8 MB of tables and strings (1.3 MB of brotli on every cold
    visit); the restore tests above prove the difference is undone exactly.
    """
    folder = built_site / PYODIDE
    manifest = json.loads((folder / "snapshot.json").read_text(encoding="utf-8"))
    data = whole_snapshot((folder / manifest["file"]).read_bytes(), manifest["holes"])
    header = int.from_bytes(data[4:8], "little")
    stored = data[header : header + manifest["base"]]
    assert manifest["base"] > 1_000_000, "the runtime's static data is stored against its base"
    assert stored.count(0) / len(stored) > 0.95


@pytest.mark.browser
def test_chromium_restores_the_snapshot_and_decides_like_cpython(
    tab: Tab, server: NginxServer
) -> None:
    """The page's engine comes from the snapshot (no wheel fetched) and matches CPython."""
    cases = json.loads(CORPUS.read_text(encoding="utf-8"))["cases"]
    usable = [case for case in cases if "answers" in case and "now" not in case]
    tab.page.goto(TOOL_PAGE)
    # At the corpus runner's moment, as CPython (v3: the texts say as of when).
    answers = [{"now": DEFAULT_NOW, **case["answers"]} for case in usable]
    decisions = tab.page.evaluate(EVALUATE_ALL, answers)
    expected = {case["name"]: json.loads(case["result"]) for case in cpython_results()}
    assert len(usable) >= 20
    for case, decision in zip(usable, decisions, strict=True):
        assert decision == expected[case["name"]], case["name"]
    fetched = " ".join(tab.requests)
    assert "/snapshot-" in fetched
    assert ".whl" not in fetched
    assert tab.console_errors == []


def _open_with_answers(tab: Tab) -> None:
    """Open the tool with the handover answers and wait for the recommendation."""
    tab.page.goto(permalink(samples.ESCALATE))
    tab.page.wait_for_function(
        "() => document.querySelector('[data-recommendation]').dataset.recommendation !== ''",
        timeout=TIMEOUT_MS,
    )


@pytest.mark.browser
def test_a_damaged_snapshot_falls_back_to_a_normal_start(
    tab: Tab, server: NginxServer, built_site: Path
) -> None:
    """Bytes that fail the integrity check: the worker installs the wheels and still decides."""
    manifest = json.loads((built_site / PYODIDE / "snapshot.json").read_text(encoding="utf-8"))
    server.state.faults[f"/{PYODIDE}{manifest['file']}"] = Fault(body=b"not a snapshot")
    _open_with_answers(tab)
    assert recommendation(tab.page) == "escalate"
    assert any(url.endswith(".whl") for url in tab.requests)


@pytest.mark.browser
def test_a_snapshot_that_does_not_restore_falls_back_to_a_normal_start(
    tab: Tab, server: NginxServer, built_site: Path
) -> None:
    """A file that passes its integrity check but is no snapshot: restore throws, start fresh."""
    lock = (built_site / PYODIDE / "pyodide-lock.json").read_bytes()
    integrity = "sha256-" + base64.b64encode(hashlib.sha256(lock).digest()).decode("ascii")
    manifest = json.dumps({"file": "pyodide-lock.json", "integrity": integrity}).encode()
    server.state.faults[f"/{PYODIDE}snapshot.json"] = Fault(body=manifest)
    _open_with_answers(tab)
    assert recommendation(tab.page) == "escalate"
    assert any(url.endswith(".whl") for url in tab.requests)


@pytest.mark.browser
def test_holes_that_do_not_fit_the_snapshot_fall_back_to_a_normal_start(
    tab: Tab, server: NginxServer, built_site: Path
) -> None:
    """The right file, but a manifest whose holes are out of order: start fresh, still decide."""
    manifest = json.loads((built_site / PYODIDE / "snapshot.json").read_text(encoding="utf-8"))
    manifest["holes"] = [[1_000_000, 4096], [500_000, 4096]]
    server.state.faults[f"/{PYODIDE}snapshot.json"] = Fault(body=json.dumps(manifest).encode())
    _open_with_answers(tab)
    assert recommendation(tab.page) == "escalate"
    assert any(url.endswith(".whl") for url in tab.requests)


# The worker's Cache Storage name: scoped to the site's path (the test server's root).
SNAPSHOT_CACHE = "decision-tool-snapshot:/"

CACHED = """async ([cacheName, name, wanted]) => {
  for (let i = 0; i < 200; i += 1) {
    const cache = await caches.open(cacheName);
    const urls = (await cache.keys()).map((request) => request.url);
    if (urls.some((url) => url.endsWith(name)) === wanted) return urls;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the snapshot cache never ${wanted ? 'held' : 'dropped'} ${name}`);
}"""

PUT_GARBAGE = """async ([cacheName, url]) => {
  const cache = await caches.open(cacheName);
  await cache.put(url, new Response('not a snapshot'));
}"""

CACHED_BYTES = """async ([cacheName, url]) => {
  for (let i = 0; i < 200; i += 1) {
    const hit = await (await caches.open(cacheName)).match(url);
    const size = hit ? (await hit.arrayBuffer()).byteLength : 0;
    if (size > 100) return size;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return 0;
}"""


def _snapshot_file(built_site: Path) -> str:
    """The snapshot's file name, from the built site's manifest."""
    manifest = json.loads((built_site / PYODIDE / "snapshot.json").read_text(encoding="utf-8"))
    return manifest["file"]


@pytest.mark.browser
def test_a_repeat_visit_restores_from_the_browsers_copy_without_downloading(
    tab: Tab, server: NginxServer, built_site: Path
) -> None:
    """The first visit keeps the verified snapshot; the next one decides without fetching it."""
    name = _snapshot_file(built_site)
    _open_with_answers(tab)
    tab.page.evaluate(CACHED, [SNAPSHOT_CACHE, name, True])
    server.state.requests.clear()
    tab.page.reload()
    tab.page.wait_for_function(
        "() => document.querySelector('[data-recommendation]').dataset.recommendation !== ''",
        timeout=TIMEOUT_MS,
    )
    assert recommendation(tab.page) == "escalate"
    assert f"/{PYODIDE}snapshot.json" in server.state.requests
    assert not [path for path in server.state.requests if path.endswith((name, ".whl"))]


@pytest.mark.browser
def test_a_broken_copy_in_the_browser_is_dropped_and_the_page_still_decides(
    tab: Tab, server: NginxServer, built_site: Path
) -> None:
    """A cached snapshot that fails the manifest's integrity: refused before any restore, the
    real one downloaded, restored and kept in its place."""
    name = _snapshot_file(built_site)
    manifest = json.loads((built_site / PYODIDE / "snapshot.json").read_text(encoding="utf-8"))
    url = server.url + PYODIDE + name
    tab.page.goto("assets/decision-tool/pyodide/snapshot.json")
    tab.page.evaluate(PUT_GARBAGE, [SNAPSHOT_CACHE, url])
    _open_with_answers(tab)
    assert recommendation(tab.page) == "escalate"
    assert any(request.endswith(name) for request in tab.requests), "the real one was fetched"
    assert not any(request.endswith(".whl") for request in tab.requests)
    assert tab.page.evaluate(CACHED_BYTES, [SNAPSHOT_CACHE, url]) == manifest["bytes"]
