"""Build-time Pyodide memory snapshot: the engine already imported and warmed up, made in Node.

The worker restores it (`_loadSnapshot`) instead of starting Python, installing the wheels and
importing Jinja2 and the engine: the first decision comes several times sooner. The snapshot is
tied to the exact runtime files, so it is made from the site's own `pyodide/` folder and cached
under a digest of those files, the wheels and the scripts: it is remade whenever any of them
changes. The worker finds it through `snapshot.json`: file name, sha256 integrity, `base` (how
many heap bytes are stored XOR the runtime's memory as instantiated, see snapshot.mjs), `holes`
(the runs of zeros left out of the file, [offset, length] in the snapshot: put back before a
restore), `on_demand` (the wheels left out of it, which the worker installs at the first
calendar request) and `stdlib` (the smaller standard library zip to mount for a restore, see
stdlib_cut.py).
It starts normally when the snapshot is missing, fails its integrity check, or does not restore.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import shutil
import subprocess
from pathlib import Path
from typing import Any

from sitebuild.errors import BuildError

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "node" / "snapshot.mjs"
#: The start snapshot.mjs shares with stdlib_modules.mjs (part of the snapshot's inputs).
START = HERE / "node" / "warm_engine.mjs"
#: The warm-up's build-time helper (compiles the wheels' modules without docstrings).
DOCSTRINGS = HERE / "docstrings.py"
WARM_UP = HERE / "in_pyodide" / "snapshot_warmup.py"
MANIFEST = "snapshot.json"
PREFIX = "snapshot-"
TIMEOUT_S = 300


def inputs_digest(pyodide_dir: Path) -> str:
    """sha256 over the runtime, wheels and lock in `pyodide_dir` plus the snapshot scripts."""
    digest = hashlib.sha256()
    served = [
        path
        for path in sorted(pyodide_dir.iterdir())
        if path.is_file()
        and path.suffix not in {".br", ".gz"}
        and not path.name.startswith(PREFIX)
        and path.name != MANIFEST
    ]
    for path in [*served, SCRIPT, START, WARM_UP, DOCSTRINGS]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def make_snapshot(pyodide_dir: Path, out: Path) -> dict[str, Any]:
    """Run snapshot.mjs in Node on `pyodide_dir`; return its facts for the manifest.

    `{"base": int, "holes": [[offset, length]], "on_demand": [str]}`; a failure fails the
    build with Node's message.
    """
    node = shutil.which("node")
    if node is None:
        raise BuildError("decision-tool: `node` is needed to make the Pyodide snapshot")
    partial = out.with_suffix(".partial")
    result = subprocess.run(
        [node, str(SCRIPT), str(pyodide_dir), str(WARM_UP), str(partial)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0 or not partial.is_file():
        partial.unlink(missing_ok=True)
        raise BuildError(f"decision-tool: making the Pyodide snapshot failed:\n{result.stderr}")
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    partial.replace(out)
    return {
        "base": int(facts["base"]),
        "holes": [[int(offset), int(length)] for offset, length in facts["holes"]],
        "on_demand": [str(name) for name in facts["on_demand"]],
    }


def write_snapshot(pyodide_dir: Path, cache_dir: Path, stdlib: Path | None = None) -> list[Path]:
    """Put the snapshot (from the cache, or made now) and its manifest into `pyodide_dir`.

    `stdlib` is the standard library zip to mount for a restore (stdlib_cut.py), if any.
    """
    digest = inputs_digest(pyodide_dir)
    cached = cache_dir / f"{digest}.bin"
    cached_facts = cached.with_suffix(".json")
    if not (cached.is_file() and cached_facts.is_file()):
        cache_dir.mkdir(parents=True, exist_ok=True)
        for stale in [*cache_dir.glob("*.bin"), *cache_dir.glob("*.json")]:
            stale.unlink()
        facts = make_snapshot(pyodide_dir, cached)
        cached_facts.write_text(json.dumps(facts) + "\n", encoding="utf-8")
        size = cached.stat().st_size
        log.info("decision-tool: made the Pyodide memory snapshot (%d bytes)", size)
    facts = json.loads(cached_facts.read_text(encoding="utf-8"))
    data = cached.read_bytes()
    sha = hashlib.sha256(data)
    target = pyodide_dir / f"{PREFIX}{sha.hexdigest()[:16]}.bin"
    shutil.copyfile(cached, target)
    manifest = pyodide_dir / MANIFEST
    integrity = "sha256-" + base64.b64encode(sha.digest()).decode("ascii")
    manifest.write_text(
        json.dumps(
            {
                "file": target.name,
                "integrity": integrity,
                "bytes": len(data),
                **facts,
                **({"stdlib": stdlib.name} if stdlib else {}),
            }
        )
        + "\n",
        encoding="utf-8",
    )
    return [target, manifest]
