"""The questionnaire in Firefox ESR and WebKitGTK (Safari's engine), next to Chromium's tests.

One browser session per engine and start path (the memory snapshot, or a normal start when
snapshot.json is missing): the permalink's texts, corpus cases through the page's hook, a copied
text, and the two required questions typed into the empty form, each compared with the CLI's
JSON; no console error, no CSP violation, no request to another origin. A missing browser fails
the test (`make test` installs both), it is never skipped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.engines import plan
from tools import questionnaire as tool
from tools.engines import drivers
from tools.nginx import Fault, NginxServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MISSING = {"firefox": drivers.missing_firefox, "webkit": drivers.missing_webkit}


@pytest.fixture(scope="module")
def base_plan(site_url: str) -> dict[str, Any]:
    """The drivers' plan on the served site, with the CLI's texts it must reproduce."""
    return {**plan.build_plan(site_url), "firefox": str(drivers.FIREFOX)}


@pytest.fixture(scope="module")
def handover() -> dict[str, Any]:
    """The CLI's decision for the permalink's answers."""
    return plan.cli_decision(plan.SHOWN | plan.HANDOVER)


@pytest.mark.parametrize("path", ["snapshot", "fallback"])
@pytest.mark.parametrize("engine", ["firefox", "webkit"])
def test_questionnaire_in_engine(
    engine: str,
    path: str,
    server: NginxServer,
    site_url: str,
    built_site: Path,
    base_plan: dict[str, Any],
    handover: dict[str, Any],
    tmp_path: Path,
) -> None:
    """Same decisions and texts as the CLI, typed or linked; copied exactly; a clean console."""
    missing = MISSING[engine]()
    if missing:
        pytest.fail(missing)
    if path == "fallback":
        server.state.faults[plan.SNAPSHOT_MANIFEST] = Fault(status=404)
    # With the snapshot, a second visit must start from this browser's Cache Storage copy.
    run = drivers.run_driver(engine, {**base_plan, "reload": path == "snapshot"}, tmp_path)
    report = run.report
    assert "fatal" not in report, f"{engine}: {report['fatal']}\n{run.output[-4000:]}"
    steps = report["steps"]
    errors = {name: step["error"] for name, step in steps.items() if _failed(step)}
    assert errors == {}, f"{engine} ({path}) steps failed: {errors}\n{run.output[-3000:]}"
    print(f"{report['version']} {path}: {report['timings']}")

    assert steps["page"]["status"]["phase"] == "ready"
    assert steps["permalink"]["recommendation"] == handover["recommendation"] == "escalate"
    minute = plan.any_minute
    assert minute(steps["permalink"]["texts"]) == minute(plan.texts(handover))

    corpus = steps["corpus"]
    assert len(corpus) >= 10
    for case in base_plan["cases"]:
        expected = plan.engine_decision(case["answers"])
        assert minute(corpus[case["name"]]) == minute(expected), f"{engine}: {case['name']} differs"

    copied = steps["copy"]
    assert copied["label"] == "Copied"
    assert minute(copied["pasted"]) == minute(plan.texts(handover)[plan.COPY_TEMPLATE])

    for typed, entry in zip(steps["form"], base_plan["form"], strict=True):
        assert typed["hours"] == entry["hours"], "the typed hours are in the field"
        assert minute(typed["texts"]) == minute(entry["expected"]), f"{engine}: {entry} differs"
    assert [typed["recommendation"] for typed in steps["form"]] == ["escalate", "continue"]

    assert steps["listeners"] == [], f"{engine}: CSP violations or uncaught errors"
    if path == "snapshot":
        reload = steps["reload"]
        assert minute(reload["texts"]) == minute(base_plan["form"][-1]["expected"]), "restored"
        assert reload["checks"] == [], f"{engine}: CSP violations or uncaught errors on reload"
    assert run.console_errors == [], f"{engine}: console errors"
    _assert_requests(report["requests"], site_url, built_site, path)


def _failed(step: Any) -> bool:
    """Whether a driver step reported an error instead of a result."""
    return isinstance(step, dict) and set(step) == {"error"}


def _assert_requests(requests: list[str], site_url: str, site: Path, path: str) -> None:
    """Every request to the site's origin; the start path the test asked for was taken."""
    origin = urlsplit(site_url).netloc
    inline = ("data", "blob")  # Material's icons and fonts inlined in its CSS: no request leaves
    foreign = [
        url
        for url in requests
        if urlsplit(url).scheme not in inline and urlsplit(url).netloc != origin
    ]
    assert foreign == [], f"requests to other hosts: {foreign}"
    paths = {urlsplit(url).path for url in requests}
    assert "/assets/decision-tool/worker/worker.js" in paths, "the worker's requests are seen"
    assert plan.SNAPSHOT_MANIFEST in paths
    wheel = tool.url_path(site, tool.engine_wheel(site))
    if path == "snapshot":
        snapshot = tool.snapshot_file(site)
        workers = [url for url in requests if urlsplit(url).path.endswith("/worker.js")]
        assert len(workers) == 2, "two visits, one worker each"
        downloads = [url for url in requests if urlsplit(url).path == snapshot]
        # Forget (the form step) drops the site's snapshot cache with the answers, so the second
        # visit downloads the snapshot again (issue 13: nothing outlives Forget).
        assert len(downloads) == 2, "Forget dropped the cached snapshot; the next visit fetched it"
        assert wheel not in paths, "restored from the snapshot: no wheel"
    else:
        assert wheel in paths, "without the snapshot the engine is installed from its wheel"
