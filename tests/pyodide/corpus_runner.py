"""Run the answers corpus through `decision_tool.evaluate_json` alike in CPython and in Pyodide.

The Node script reads this file and runs it inside Pyodide; the pytest test imports it. Both
call `run_corpus(corpus_json)` and must return the same string.
"""

from __future__ import annotations

import json


def case_text(case: dict) -> str:
    """Return the raw JSON text of a case: its `text` verbatim, or its `answers` serialised."""
    if "text" in case:
        return case["text"]
    return json.dumps(case["answers"], ensure_ascii=False)


def run_corpus(corpus_json: str) -> str:
    """Evaluate every case and return the list of `evaluate_json` results as ASCII-only JSON."""
    import decision_tool

    cases = json.loads(corpus_json)["cases"]
    results = [
        {
            "name": case["name"],
            "result": decision_tool.evaluate_json(case_text(case), now=case.get("now")),
        }
        for case in cases
    ]
    # ASCII-only, so that lone surrogates and any other code point cross to Node unchanged.
    return json.dumps(results, ensure_ascii=True)


def environment() -> str:
    """Describe where the engine and MarkupSafe were imported from (JSON)."""
    import jinja2
    import markupsafe

    import decision_tool

    return json.dumps(
        {
            "decision_tool": decision_tool.__file__,
            "jinja2": jinja2.__version__,
            "markupsafe_escape": markupsafe._escape_inner.__module__,
        }
    )
