"""The site's service worker, `service-worker.js` at the built site's base path, for any generator.

Its source is `browser/offline/service-worker.js` (our own short worker, not Workbox: see its top
comment); the build writes its `BUILD` line: a version (a digest of the build's files, so each
build is a new worker that takes over at the next online visit), the digest-named files with the
Subresource Integrity of their content (served cache first, checked), and the files it must
leave alone (the engine's memory snapshot: the Python worker keeps it in a cache of its own,
checked before every restore; a second copy would double the largest download on disk).
`[tool.sitebuild] offline = false` writes `service-worker-off.js` instead, which removes itself
and what it stored, and the page module (`browser/page/offline.js`, its `ENABLED` line written
here too) then registers none and unregisters an earlier one.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from sitebuild.errors import BuildError
from sitebuild.paths import BROWSER_DIR, PAGE_DIR

#: The worker, at the site's base path (its scope is the folder it is served from).
WORKER_FILE = "service-worker.js"
SOURCE = BROWSER_DIR / "offline" / "service-worker.js"
SOURCE_OFF = BROWSER_DIR / "offline" / "service-worker-off.js"
PAGE_MODULE = f"{PAGE_DIR}/offline.js"
#: A name whose content never changes: a hex digest before the extension. The same rule as
#: deploy/nginx/handbook-http.conf's `immutable` map (tests/serving checks they agree).
DIGEST_NAME = re.compile(r"[.-][0-9a-f]{8,}(\.min)?\.[a-z0-9]+$")
#: Files the worker leaves to the network: the memory snapshot (the Python worker caches it).
SKIPPED = re.compile(r"(^|/)snapshot-[0-9a-f]+\.bin$")
#: What is never served as a file of the site (server files, precompressed siblings).
NOT_SERVED = ("_deploy/",)
SIBLINGS = (".br", ".gz")
_BUILD_LINE = re.compile(r"^const BUILD = .*; // sitebuild\.offline writes this line$", re.M)
_ENABLED_LINE = re.compile(r"^const ENABLED = (true|false); // sitebuild\.offline .*$", re.M)


def _served(site_dir: Path) -> list[str]:
    """Every file of the built site as the browser asks for it (relative path), in order."""
    paths = []
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if not path.is_file() or relative.endswith(SIBLINGS) or relative == WORKER_FILE:
            continue
        if not relative.startswith(NOT_SERVED):
            paths.append(relative)
    return paths


def integrity(data: bytes) -> str:
    """The Subresource Integrity string (sha256) of `data`."""
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def build_manifest(site_dir: Path) -> dict[str, object]:
    """The worker's `BUILD`: version, digest-named files with their integrity, skipped files."""
    files: dict[str, str] = {}
    skip: list[str] = []
    version = hashlib.sha256()
    for relative in _served(site_dir):
        data = (site_dir / relative).read_bytes()
        version.update(relative.encode() + b"\0" + hashlib.sha256(data).digest())
        if SKIPPED.search(relative):
            skip.append(relative)
        elif DIGEST_NAME.search(relative):
            files[relative] = integrity(data)
    return {"version": version.hexdigest()[:16], "files": files, "skip": skip}


def _replace_line(text: str, pattern: re.Pattern[str], line: str, source: Path) -> str:
    """`text` with the one line `pattern` matches replaced by `line`."""
    new, count = pattern.subn(lambda _: line, text)
    if count != 1:
        raise BuildError(f"offline: {source} lacks the line the build writes: {pattern.pattern}")
    return new


def write_worker(site_dir: Path, *, enabled: bool) -> Path:
    """Write `service-worker.js` into `site_dir` and set the page module's `ENABLED` line.

    Run after every other step that writes a file the site serves, before the siblings.
    """
    module = site_dir / PAGE_MODULE
    if not module.is_file():
        raise BuildError(f"offline: {module} is missing: the browser app was not laid in")
    value = "true" if enabled else "false"
    flag = f"const ENABLED = {value}; // sitebuild.offline writes this line"
    text = _replace_line(module.read_text(encoding="utf-8"), _ENABLED_LINE, flag, module)
    module.write_text(text, encoding="utf-8")
    target = site_dir / WORKER_FILE
    if not enabled:
        target.write_text(SOURCE_OFF.read_text(encoding="utf-8"), encoding="utf-8")
        return target
    manifest = json.dumps(build_manifest(site_dir), separators=(",", ":"), sort_keys=True)
    line = f"const BUILD = {manifest}; // sitebuild.offline writes this line"
    text = _replace_line(SOURCE.read_text(encoding="utf-8"), _BUILD_LINE, line, SOURCE)
    target.write_text(text, encoding="utf-8")
    return target
