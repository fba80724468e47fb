"""The build step (`sitebuild/`) imports no site generator: the adapters do, and only they."""

from __future__ import annotations

import json
import subprocess
import sys

from tools.build import REPO

GENERATORS = ("mkdocs", "material", "zensical")

#: Imports every module of sitebuild (but the one that runs inside Pyodide) and prints what it
#: imported of each generator.
IMPORT_ALL = """
import importlib, json, pkgutil, sys
import sitebuild
names = [m.name for m in pkgutil.walk_packages(sitebuild.__path__, "sitebuild.")
         if ".in_pyodide" not in m.name]
for name in names:
    importlib.import_module(name)
generators = sorted(n for n in sys.modules if n.split(".")[0] in %r)
print(json.dumps({"modules": names, "generators": generators}))
"""


def test_the_build_step_imports_no_site_generator() -> None:
    """Every sitebuild module imports in a fresh interpreter without mkdocs, Material, Zensical."""
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL % (GENERATORS,)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert "sitebuild.pages.form" in found["modules"]
    assert "sitebuild.pyodide.snapshot" in found["modules"]
    assert found["generators"] == []
