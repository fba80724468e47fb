"""Run the answers corpus through `decision_tool.evaluate_json` alike in CPython and in Pyodide.

The Node script reads this file and runs it inside Pyodide; the pytest test imports it. Both
call `run_corpus(corpus_json)` and must return the same string.
"""

from __future__ import annotations

import json

#: (v3) The moment a case without `now` is evaluated at, in every runtime alike: a running time
#: says as of when, and typed hours have a long-running mark, so the runtimes' own clocks (read
#: seconds apart) would differ.
DEFAULT_NOW = "2026-11-27T12:00:00+01:00"


def case_text(case: dict) -> str:
    """Return the raw JSON text of a case: its `text` verbatim, or its `answers` serialised."""
    if "text" in case:
        return case["text"]
    return json.dumps(case["answers"], ensure_ascii=False)


def run_corpus(corpus_json: str) -> str:
    """Evaluate every case; return the evaluate_json (and calendar_json) results as ASCII JSON."""
    import decision_tool

    cases = json.loads(corpus_json)["cases"]
    results = []
    for case in cases:
        text, now = case_text(case), case.get("now", DEFAULT_NOW)
        result = {"name": case["name"], "result": decision_tool.evaluate_json(text, now=now)}
        if case.get("calendar"):
            result["calendar"] = decision_tool.calendar_json(text, now=now)
        results.append(result)
    # ASCII-only, so that lone surrogates and any other code point cross to Node unchanged.
    return json.dumps(results, ensure_ascii=True)


def environment() -> str:
    """Describe where the engine and MarkupSafe were imported from (JSON)."""
    import icalendar
    import jinja2
    import markupsafe
    import tzdata

    import decision_tool

    return json.dumps(
        {
            "decision_tool": decision_tool.__file__,
            "jinja2": jinja2.__version__,
            "markupsafe_escape": markupsafe._escape_inner.__module__,
            "icalendar": icalendar.__version__,
            "tzdata": tzdata.__version__,
        }
    )
