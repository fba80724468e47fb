"""A standard library cut at build time to the modules the engine imports, stored for brotli.

Pyodide's `python_stdlib.zip` (614 files, 2.5 MB of deflated entries that nothing compresses
further) is downloaded on every cold visit. The build starts Pyodide in Node on the site's own
files, runs the snapshot's warm-up (every module of the packages the engine uses, real
evaluations, then the calendar), and writes two zips, every entry stored so that their `.br`
siblings compress across files:

- `python_stdlib.zip`, for a normal start: the files then imported from the zip, plus `EXTRA`;
- `snapshot-stdlib-<sha>.zip`, for a restore: only what may still be imported after one (the
  calendar libraries' modules and `EXTRA`, less what the snapshot already holds in memory). The
  snapshot forgets the zip's directory (snapshot_warmup.py), so it reads this one's.

Their modules have no docstrings (docstrings.py): less to download for a normal start, and less
code in the snapshot, whose runtime imports its standard library from the first zip.

The first replaces the site's `python_stdlib.zip` BEFORE the memory snapshot is made. Both are
cached under a digest of their inputs, like the snapshot. A module that only some rare input
imports lazily, and that the warm-up never reached, would be missing at run time: add it to the
warm-up (or to `EXTRA`).
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

from sitebuild.errors import BuildError

from . import docstrings, snapshot

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "node" / "stdlib_modules.mjs"
STDLIB = "python_stdlib.zip"
PREFIX = "stdlib-"
#: The restore zip's name in the site: `snapshot-stdlib-<first 16 hex of its sha256>.zip`.
RESTORE_PREFIX = f"{snapshot.PREFIX}stdlib-"
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


def imported_files(pyodide_dir: Path) -> tuple[set[str], set[str]]:
    """Zip paths of the modules the warm-up imports (Node): (all of them, those before calendar)."""
    node = shutil.which("node")
    if node is None:
        raise BuildError("decision-tool: `node` is needed to cut the standard library")
    result = subprocess.run(
        [node, str(SCRIPT), str(pyodide_dir), str(snapshot.WARM_UP)],
        capture_output=True,
        text=True,
        timeout=snapshot.TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0:
        raise BuildError(f"decision-tool: listing the imported modules failed:\n{result.stderr}")
    listed = json.loads(result.stdout)
    return set(listed["files"]), set(listed["warm"])


def cut_zip(full: bytes, keep: set[str]) -> bytes:
    """The zip with only the `keep` files (and their folders), every entry stored, same order;
    modules without their docstrings."""
    folders = {name.rsplit("/", 1)[0] + "/" for name in keep if "/" in name}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(full)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename in keep or info.filename in folders:
                entry = copy.copy(info)  # writestr updates the ZipInfo it is given
                entry.compress_type = zipfile.ZIP_STORED
                data = source.read(info)
                if info.filename.endswith(".py"):
                    data = docstrings.strip(data)
                target.writestr(entry, data)
    return out.getvalue()


def cut_stdlib(pyodide_dir: Path, cache_dir: Path) -> tuple[Path, Path]:
    """Write the two cut zips (cached) into `pyodide_dir`: python_stdlib.zip and the restore zip."""
    target = pyodide_dir / STDLIB
    digest = hashlib.sha256(snapshot.inputs_digest(pyodide_dir).encode())
    for path in (SCRIPT, Path(__file__), snapshot.DOCSTRINGS):
        digest.update(path.read_bytes())
    cached = cache_dir / f"{PREFIX}{digest.hexdigest()}.zip"
    cached_restore = cached.with_suffix(".restore.zip")
    if not (cached.is_file() and cached_restore.is_file()):
        full = target.read_bytes()
        files, warm = imported_files(pyodide_dir)
        keep = files | EXTRA
        cache_dir.mkdir(parents=True, exist_ok=True)
        for stale in cache_dir.glob(f"{PREFIX}*.zip"):
            stale.unlink()
        zips = {cached: cut_zip(full, keep), cached_restore: cut_zip(full, keep - warm)}
        for path, data in zips.items():
            partial = path.with_suffix(".partial")
            partial.write_bytes(data)
            partial.replace(path)
        log.info(
            "decision-tool: standard library cut to %d of its files (%d -> %d bytes, stored); "
            "%d of them after a restore (%d bytes)",
            len(keep),
            len(full),
            cached.stat().st_size,
            len(keep - warm),
            cached_restore.stat().st_size,
        )
    shutil.copyfile(cached, target)
    restore_data = cached_restore.read_bytes()
    restore = pyodide_dir / f"{RESTORE_PREFIX}{hashlib.sha256(restore_data).hexdigest()[:16]}.zip"
    restore.write_bytes(restore_data)
    return target, restore
