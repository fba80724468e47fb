"""A standard library cut at build time to the modules the engine imports, stored for brotli.

Pyodide's `python_stdlib.zip` (614 files, 2.5 MB of deflated entries that nothing compresses
further) is downloaded on every cold visit, although after a snapshot restore nothing is
imported from it, and a normal start imports about 160 of its files. The build starts Pyodide in
Node on the site's own files, runs the snapshot's warm-up (every module of the wheels imported,
real evaluations), and keeps only the files then imported from the zip, plus `EXTRA`. The new
zip is written with every entry stored, so that its `.br` sibling compresses across files.

It replaces `python_stdlib.zip` in the site's `pyodide/` folder BEFORE the memory snapshot is
made, so the snapshot refers to this zip byte for byte. The result is cached under a digest of
its inputs, like the snapshot. A module that only some rare input imports lazily, and that the
warm-up never reached, would be missing at run time: add it to the warm-up (or to `EXTRA`).
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import logging
import shutil
import subprocess
import zipfile
from pathlib import Path

from mkdocs.exceptions import PluginError

from . import snapshot

log = logging.getLogger("mkdocs.plugins.decision_tool")

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "stdlib_modules.mjs"
STDLIB = "python_stdlib.zip"
PREFIX = "stdlib-"
#: Kept although the warm-up does not import them: modules the standard library imports lazily
#: on paths an input could reach (strptime; codecs looked up by name).
EXTRA = frozenset(
    {
        "_strptime.py",
        "encodings/ascii.py",
        "encodings/latin_1.py",
        "encodings/utf_8_sig.py",
        "encodings/utf_16.py",
        "encodings/utf_32.py",
        "encodings/idna.py",
        "encodings/punycode.py",
        "encodings/raw_unicode_escape.py",
    }
)


def imported_files(pyodide_dir: Path) -> list[str]:
    """Paths inside the zip of the modules imported once the warm-up has run (Node)."""
    node = shutil.which("node")
    if node is None:
        raise PluginError("decision-tool: `node` is needed to cut the standard library")
    result = subprocess.run(
        [node, str(SCRIPT), str(pyodide_dir), str(snapshot.WARM_UP)],
        capture_output=True,
        text=True,
        timeout=snapshot.TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0:
        raise PluginError(f"decision-tool: listing the imported modules failed:\n{result.stderr}")
    return json.loads(result.stdout)["files"]


def cut_zip(full: bytes, keep: set[str]) -> bytes:
    """The zip with only the `keep` files (and their folders), every entry stored, same order."""
    folders = {name.rsplit("/", 1)[0] + "/" for name in keep if "/" in name}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(full)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename in keep or info.filename in folders:
                entry = copy.copy(info)  # writestr updates the ZipInfo it is given
                entry.compress_type = zipfile.ZIP_STORED
                target.writestr(entry, source.read(info))
    return out.getvalue()


def cut_stdlib(pyodide_dir: Path, cache_dir: Path) -> list[Path]:
    """Replace the site's python_stdlib.zip with the cut one (cached); return the path."""
    target = pyodide_dir / STDLIB
    digest = hashlib.sha256(snapshot.inputs_digest(pyodide_dir).encode())
    for path in (SCRIPT, Path(__file__)):
        digest.update(path.read_bytes())
    cached = cache_dir / f"{PREFIX}{digest.hexdigest()}.zip"
    if not cached.is_file():
        full = target.read_bytes()
        keep = set(imported_files(pyodide_dir)) | EXTRA
        data = cut_zip(full, keep)
        cache_dir.mkdir(parents=True, exist_ok=True)
        for stale in cache_dir.glob(f"{PREFIX}*.zip"):
            stale.unlink()
        partial = cached.with_suffix(".partial")
        partial.write_bytes(data)
        partial.replace(cached)
        log.info(
            "decision-tool: standard library cut to %d of its files (%d -> %d bytes, stored)",
            len(keep),
            len(full),
            len(data),
        )
    shutil.copyfile(cached, target)
    return [target]
