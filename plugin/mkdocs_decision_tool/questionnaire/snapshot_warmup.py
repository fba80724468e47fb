"""Run inside Pyodide (Node) before the memory snapshot: import everything, warm up, clean up.

After a restore the filesystem is empty (site-packages included), so every module of every
installed wheel (the engine and its dependencies, e.g. markdown-it-py and mdurl) is imported
here, and the policy, the templates and the time zones are read into memory (warm_up) and used
by real evaluations.
"""

import gc
import importlib
import importlib.metadata
import json
import os
import pkgutil
import sys

import decision_tool
from decision_tool import samples

#: Subpackages that only a wheel's own test suite or command line uses: never imported here.
SKIPPED = (".__main__", ".tests", ".test_", "._tests")

SHIPPED = frozenset(importlib.metadata.packages_distributions())
for top_level in sorted(SHIPPED):
    package = importlib.import_module(top_level)
    for info in pkgutil.walk_packages(getattr(package, "__path__", []), top_level + "."):
        if not any(part in info.name for part in SKIPPED):
            try:
                importlib.import_module(info.name)
            except ModuleNotFoundError as error:
                # A module for another platform or an optional extra (dateutil.tz.win needs
                # winreg, icalendar's pytz provider needs pytz): not importable in the browser
                # either, so never used there. A missing module of a shipped wheel still fails.
                if (error.name or "").partition(".")[0] in SHIPPED:
                    raise

WARM_UP = [
    samples.HOSTILE,
    samples.CONTINUE,
    samples.PAST_THRESHOLD,
    samples.STARTED,
    samples.INVALID,
    samples.TIME,  # Time (v2): zones, moments and the calendar file
    {**samples.TIME, "customer_timezone": "Europe/Berln"},
]
decision_tool.warm_up()  # the zone files too: zoneinfo would read them lazily, after the restore
for answers in WARM_UP:
    decision_tool.evaluate_json(json.dumps(answers, ensure_ascii=False))
    decision_tool.calendar_json(json.dumps(answers, ensure_ascii=False))
decision_tool.evaluate_json("not json")
decision_tool.evaluate_json('{"hours_running": 1}', now=samples.NOW)

# No build-machine path in the snapshot: Node sets `_` and sys.executable to the script's path.
os.environ.pop("_", None)
sys.executable = ""
del answers, info, package, top_level
gc.collect()
