"""The build's service worker: what it lists, what it leaves alone, and the switch that removes it.

(The worker at work, offline, is tests/browser/test_offline.py.)
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from pathlib import Path

from sitebuild.offline.worker import DIGEST_NAME, PAGE_MODULE, WORKER_FILE, write_worker
from sitebuild.paths import BROWSER_DIR
from tools import REPO

BUILD_LINE = re.compile(r"^const BUILD = (.*); // sitebuild\.offline writes this line$", re.M)


def small_site(root: Path) -> Path:
    """A built site in miniature: a page, a digest-named bundle, the snapshot, server files."""
    files = {
        "index.html": b"<!doctype html><head></head>",
        "assets/javascripts/bundle.a5f9d56c.min.js": b"console.log(1)",
        "assets/javascripts/bundle.a5f9d56c.min.js.br": b"compressed",
        "assets/decision-tool/pyodide/snapshot-5cc6c9fdd780749e.bin": b"\0" * 64,
        "assets/decision-tool/pyodide/pyodide.asm.wasm": b"\0asm",
        "_deploy/nginx-csp.conf": b"add_header ...;",
    }
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    module = root / PAGE_MODULE
    module.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(BROWSER_DIR / "page" / "offline.js", module)
    return root


def build_of(worker: Path) -> dict:
    """The `BUILD` object the build wrote into the worker."""
    found = BUILD_LINE.search(worker.read_text(encoding="utf-8"))
    assert found is not None, "the worker lost its BUILD line"
    return json.loads(found.group(1))


def test_digest_named_files_are_listed_with_their_integrity(tmp_path: Path) -> None:
    """Cache first only for digest-named files, each with the SRI of its bytes; the snapshot
    left to the engine's cache; no page, sibling or server file listed."""
    site = small_site(tmp_path)
    build = build_of(write_worker(site, enabled=True))
    bundle = "assets/javascripts/bundle.a5f9d56c.min.js"
    sri = "sha256-" + base64.b64encode(hashlib.sha256(b"console.log(1)").digest()).decode()
    assert build["files"] == {bundle: sri}
    assert build["skip"] == ["assets/decision-tool/pyodide/snapshot-5cc6c9fdd780749e.bin"]
    assert "const ENABLED = true;" in (site / PAGE_MODULE).read_text(encoding="utf-8")


def test_every_build_is_a_new_worker(tmp_path: Path) -> None:
    """A changed page makes a new version (the browser installs it at the next online visit)."""
    site = small_site(tmp_path)
    first = build_of(write_worker(site, enabled=True))["version"]
    assert build_of(write_worker(site, enabled=True))["version"] == first
    (site / "index.html").write_bytes(b"<!doctype html><head></head>changed")
    assert build_of(write_worker(site, enabled=True))["version"] != first


def test_switched_off_the_worker_removes_itself_and_the_page_registers_none(
    tmp_path: Path,
) -> None:
    """`offline = false`: a worker that unregisters and drops its caches; ENABLED false."""
    site = small_site(tmp_path)
    worker = write_worker(site, enabled=False)
    assert worker == site / WORKER_FILE
    text = worker.read_text(encoding="utf-8")
    assert "registration.unregister()" in text and "caches.delete" in text
    assert "addEventListener('fetch'" not in text
    assert "const ENABLED = false;" in (site / PAGE_MODULE).read_text(encoding="utf-8")


def test_digest_names_are_the_ones_nginx_keeps_immutable() -> None:
    """One rule: the worker's cache-first files are nginx's `immutable` ones."""
    conf = (REPO / "deploy" / "nginx" / "handbook-http.conf").read_text(encoding="utf-8")
    immutable = re.search(r'"~(\S+)" "public, max-age=31536000, immutable";', conf)
    assert immutable is not None
    assert immutable.group(1) == DIGEST_NAME.pattern
