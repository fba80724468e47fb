"""Run inside Pyodide (Node) before the memory snapshot: import everything, warm up, clean up.

After a restore the filesystem is empty (site-packages included), so every module of the three
wheels is imported here, and the policy and templates are read and compiled by real evaluations.
"""

import gc
import importlib
import json
import os
import pkgutil
import sys

import jinja2
import markupsafe

import decision_tool
from decision_tool import samples

for package in (jinja2, markupsafe, decision_tool):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if not info.name.endswith(".__main__"):
            importlib.import_module(info.name)

WARM_UP = [
    samples.HOSTILE,
    samples.CONTINUE,
    samples.PAST_THRESHOLD,
    samples.STARTED,
    samples.INVALID,
]
for answers in WARM_UP:
    decision_tool.evaluate_json(json.dumps(answers, ensure_ascii=False))
decision_tool.evaluate_json("not json")
decision_tool.evaluate_json('{"hours_running": 1}', now=samples.NOW)

# No build-machine path in the snapshot: Node sets `_` and sys.executable to the script's path.
os.environ.pop("_", None)
sys.executable = ""
del answers, info, package
gc.collect()
