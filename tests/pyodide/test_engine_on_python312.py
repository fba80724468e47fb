"""The engine decides the same on CPython 3.12, the oldest Python the project supports."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.pyodide.corpus_runner import run_corpus

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus.json"

pytestmark = pytest.mark.slow

# Runs the corpus with nothing but the site's pure wheels on sys.path (zip imports).
SCRIPT = """
import sys
wheels, corpus = sys.argv[1:3]
sys.path[:0] = wheels.split("|")
sys.path.append(sys.argv[3])  # for tests.pyodide.corpus_runner only
from tests.pyodide.corpus_runner import environment, run_corpus
print(environment())
print(run_corpus(open(corpus, encoding="utf-8").read()))
"""


def python312() -> Path:
    """Locate CPython 3.12 through pyenv, as on every machine of this project's kind."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    found = sorted(root.glob("versions/3.12*/bin/python3.12"))
    assert found, f"CPython 3.12 is not installed under {root} (pyenv install 3.12)"
    return found[-1]


def test_python312_gives_identical_json(built_site: Path) -> None:
    """Every corpus case gives the same `evaluate_json` output on 3.12 as on this Python."""
    pyodide_dir = built_site / "assets" / "decision-tool" / "pyodide"
    wheels = sorted(str(path) for path in pyodide_dir.glob("*.whl"))
    assert len(wheels) >= 3, wheels  # the engine, Jinja2, MarkupSafe and any new dependency
    result = subprocess.run(
        [str(python312()), "-I", "-c", SCRIPT, "|".join(wheels), str(CORPUS), str(HERE.parents[1])],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    environment_line, results_line = result.stdout.splitlines()
    environment = json.loads(environment_line)
    assert environment["decision_tool"].startswith(str(pyodide_dir))  # the wheel, not the tree
    assert environment["markupsafe_escape"] == "markupsafe._native"
    assert results_line == run_corpus(CORPUS.read_text(encoding="utf-8"))
