"""Run inside Pyodide (Node) before the memory snapshot: import, warm up, clean up.

After a restore the filesystem is empty (site-packages included), so every module of every
package the engine uses (the engine and its dependencies, e.g. markdown-it-py and mdurl) is
imported here, and the policy, the templates and the time zones are read into memory (warm_up)
and used by real evaluations.

The calendar's libraries are left out on purpose: installed wheels whose packages the warm-up
never imports (icalendar and python-dateutil, only imported by `decision_tool.ics` when a
calendar is asked for) are listed in `ON_DEMAND`; the worker installs them on the first calendar
request. `calendar_warm_up()` exercises that path; stdlib_modules.mjs runs it so that the
standard library modules it needs stay in the cut zip, snapshot.mjs does not.

Less in the heap is less on the wire: the wheels' modules are compiled without their docstrings
(`docstrings`, put in BUILD by warm_engine.mjs; the standard library zip is stripped at build
time already) and without column positions (warm_engine.mjs sets PYTHONNODEBUGRANGES), and the
warm-up's own bookkeeping reads the installed wheels' files instead of importing
`importlib.metadata` and `pkgutil` (with `email`, `csv` and more, 0.2 MB of the snapshot).
"""

import gc
import importlib
import json
import os
import sys
import zipimport

BUILD = "/build"  # warm_engine.mjs writes the build-time helpers here
sys.path.insert(0, BUILD)
import docstrings  # noqa: E402

docstrings.stripping_imports(True)

import decision_tool  # noqa: E402
from decision_tool import samples  # noqa: E402

#: Modules that only a wheel's own test suite or command line uses: never imported here. The
#: command lines (the engine's `decision_tool.cli*`, markdown-it's) never run in a browser;
#: leaving them out keeps argparse and gettext out of the heap, and the heap within the
#: runtime's initial 30 MiB (a 31.5 MB snapshot instead of 37.7 MB).
SKIPPED = (".__main__", ".tests", ".test_", "._tests", ".cli")

WARM_UP = [
    samples.HOSTILE,
    samples.CONTINUE,
    samples.PAST_THRESHOLD,
    samples.STARTED,
    samples.INVALID,
    samples.TIME,  # Time (v2): zones and moments
    {**samples.TIME, "customer_timezone": "Europe/Berln"},
]


def installed_distributions() -> dict[str, list[str]]:
    """Top-level import name -> names of the installed distributions that provide it.

    Read from each `*.dist-info` folder's METADATA (`Name:`) and RECORD (the files), like
    `importlib.metadata.packages_distributions()`, which would leave `email` in the heap.
    """
    found: dict[str, list[str]] = {}
    for folder in filter(os.path.isdir, sys.path):
        for entry in sorted(os.listdir(folder)):
            if not entry.endswith(".dist-info"):
                continue
            info = os.path.join(folder, entry)
            with open(os.path.join(info, "METADATA"), encoding="utf-8") as file:
                name = next(line[6:].strip() for line in file if line.startswith("Name: "))
            with open(os.path.join(info, "RECORD"), encoding="utf-8") as file:
                tops = {line.split(",")[0].split("/")[0] for line in file}
            for top in sorted(tops):
                top = top.removesuffix(".py")
                if top and top != "__pycache__" and not top.endswith((".dist-info", ".data")):
                    found.setdefault(top, []).append(name)
    return found


def module_names(package: object) -> list[str]:
    """Every module under an imported package, parents before children (files, not pkgutil)."""
    names = []
    for folder in getattr(package, "__path__", []):
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if os.path.isfile(f"{root}/{d}/__init__.py"))
            relative = os.path.relpath(root, folder)
            prefix = getattr(package, "__name__", "")
            if relative != ".":
                prefix += "." + relative.replace(os.sep, ".")
                names.append(prefix)
            modules = sorted(f[:-3] for f in files if f.endswith(".py") and f != "__init__.py")
            names += [f"{prefix}.{module}" for module in modules]
    return names


def import_everything(top_levels: list[str], shipped: frozenset[str]) -> None:
    """Import every module of these packages (a missing module of a shipped wheel fails)."""
    for top_level in top_levels:
        package = importlib.import_module(top_level)
        for name in module_names(package):
            if any(part in name for part in SKIPPED):
                continue
            try:
                importlib.import_module(name)
            except ModuleNotFoundError as error:
                # A module for another platform or an optional extra (dateutil.tz.win needs
                # winreg, icalendar's pytz provider needs pytz): not importable in the browser
                # either, so never used there. A missing module of a shipped wheel still fails.
                if (error.name or "").partition(".")[0] in shipped:
                    raise


def calendar_warm_up() -> None:
    """Make the calendar files of the samples (imports the on-demand libraries)."""
    for answers in WARM_UP:
        decision_tool.calendar_json(json.dumps(answers, ensure_ascii=False))


decision_tool.warm_up()  # the zone files too: zoneinfo would read them lazily, after the restore
for answers in WARM_UP:
    decision_tool.evaluate_json(json.dumps(answers, ensure_ascii=False))
    decision_tool.calendar_json(json.dumps({**answers, "hours_running": "x"}))  # no library needed
decision_tool.evaluate_json("not json")
decision_tool.evaluate_json('{"hours_running": 1}', now=samples.NOW)

DISTRIBUTIONS = installed_distributions()
USED = sorted(name for name in DISTRIBUTIONS if name in sys.modules)
import_everything(USED, frozenset(DISTRIBUTIONS))
#: Distributions the snapshot leaves out, sorted: the worker's `loadPackage` names for them.
ON_DEMAND = sorted(
    {dist for name, dists in DISTRIBUTIONS.items() if name not in sys.modules for dist in dists}
    - {dist for name, dists in DISTRIBUTIONS.items() if name in sys.modules for dist in dists}
)

# A restore mounts a smaller standard library zip (stdlib_cut.py): forget this one's directory,
# so that an import after the restore reads the directory of the zip then mounted.
zipimport._zip_directory_cache.clear()

# The build-time helper goes: later imports (the on-demand wheels) compile as usual.
docstrings.stripping_imports(False)
sys.path.remove(BUILD)
sys.path_importer_cache.pop(BUILD, None)
del sys.modules["docstrings"], docstrings

# No build-machine path in the snapshot: Node sets `_` and sys.executable to the script's path.
os.environ.pop("_", None)
sys.executable = ""
del answers
gc.collect()
# What is left lives as long as the page: the collector need not walk it again after the
# restore (the longest pause while typing fell from 10.9 to 3.0 ms, measured in Node).
gc.freeze()
