"""Run inside Pyodide (Node) before the memory snapshot: import everything, warm up, clean up.

After a restore the filesystem is empty (site-packages included), so every module of every
installed wheel (the engine and its dependencies) is imported here, and the policy and templates
are read and compiled by real evaluations.
"""

import gc
import importlib
import importlib.metadata
import json
import os
import pkgutil
import sys

import decision_tool

#: Subpackages that only a wheel's own test suite or command line uses: never imported here.
SKIPPED = (".__main__", ".tests", ".test_", "._tests")

for top_level in sorted(importlib.metadata.packages_distributions()):
    package = importlib.import_module(top_level)
    for info in pkgutil.walk_packages(getattr(package, "__path__", []), top_level + "."):
        if not any(part in info.name for part in SKIPPED):
            importlib.import_module(info.name)

HOSTILE = "@here <b>*x*</b> [a](javascript:x) # Ünïcödé & co"
WARM_UP = [
    {
        "hours_running": 5.5,
        "resolution_in_sight": "no",
        "blocked": ["renewal", "migration", "other_initiative"],
        "blocked_detail": HOSTILE,
        "has_tam": True,
        "severity": "critical",
        "customer": "Ünïcödé Corp",
        "ticket_url": "https://support.example.com/t/1",
        "escalation_doc_url": "https://docs.example.com/e/1",
        "call_hours": 4,
        "next_touchpoint": "2026-11-27T15:00:00+01:00",
        "engineer": "A",
        "manager": "B",
        "next_engineer": "C",
        "next_manager": "D",
        "tam": "E",
        "summary": HOSTILE,
        "latest_update": HOSTILE,
        "tried": HOSTILE,
        "next_steps": HOSTILE,
        "impact": HOSTILE,
        "judgement": True,
        "judgement_reason": HOSTILE,
        "customer_contact": "F",
        "signature": "G",
    },
    {"hours_running": 1, "resolution_in_sight": "yes", "has_tam": False},
    {"hours_running": 5, "resolution_in_sight": "yes", "severity": "low", "slack_room": "#a_x"},
    {
        "started_at": "2026-11-27T09:00:00+01:00",
        "now": "2026-11-27T14:00:00+01:00",
        "resolution_in_sight": "unsure",
    },
    {"hours_running": -1, "resolution_in_sight": "maybe", "ticket_url": "javascript:x"},
]
for answers in WARM_UP:
    decision_tool.evaluate_json(json.dumps(answers, ensure_ascii=False))
decision_tool.evaluate_json("not json")
decision_tool.evaluate_json('{"hours_running": 1}', now="2026-11-27T10:00:00+00:00")

# No build-machine path in the snapshot: Node sets `_` and sys.executable to the script's path.
os.environ.pop("_", None)
sys.executable = ""
del answers, info, package, top_level
gc.collect()
