"""Broken copies of the site's runtime files, to serve through the static server's faults."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from pathlib import Path

from sitebuild.paths import WORKER_DIR
from tools.questionnaire import PYODIDE_DIR as PYODIDE

WASM = f"/{PYODIDE}/pyodide.asm.wasm"
WORKER = f"/{WORKER_DIR}/worker.js"
LOCK = f"/{PYODIDE}/pyodide-lock.json"
SNAPSHOT_MANIFEST = f"/{PYODIDE}/snapshot.json"  # without it the worker loads the wheels
PYTHON_TRIGGER = "trigger-python-exception"
WORKER_TRIGGER = "trigger-worker-crash"

# Appended to decision_tool/__init__.py in a copy of the wheel: evaluate_json raises on the trigger.
RAISING_EVALUATE = f'''

_real_evaluate_json = evaluate_json


def evaluate_json(text, *args, **kwargs):
    """Injected by the trust tests: raise on the trigger, else the real evaluate_json."""
    if "{PYTHON_TRIGGER}" in text:
        raise RuntimeError("injected failure inside evaluate_json")
    return _real_evaluate_json(text, *args, **kwargs)
'''

# Prepended to worker.js: an uncaught exception while handling an evaluate request.
CRASHING_LISTENER = f"""
self.addEventListener('message', (event) => {{
  const data = event.data || {{}};
  if (data.type === 'evaluate' && String(data.text).includes('{WORKER_TRIGGER}')) {{
    event.stopImmediatePropagation();
    throw new Error('injected: the worker crashed during evaluate');
  }}
}});
"""


def record_hash(data: bytes) -> str:
    """A RECORD line's hash field (PEP 376/427: urlsafe base64 sha256, no padding)."""
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"sha256={digest.decode()}"


def patched_wheel(wheel: Path, module: str, addition: str) -> bytes:
    """A valid copy of `wheel` with `addition` appended to `module`, RECORD updated."""
    source = zipfile.ZipFile(wheel)
    files = {info.filename: source.read(info) for info in source.infolist()}
    files[module] = files[module] + addition.encode()
    (record,) = (name for name in files if name.endswith(".dist-info/RECORD"))
    lines = []
    for line in files[record].decode().splitlines():
        name = line.split(",", 1)[0]
        if name == module:
            line = f"{name},{record_hash(files[name])},{len(files[name])}"
        lines.append(line)
    files[record] = ("\n".join(lines) + "\n").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, files[info.filename])
    return out.getvalue()


def lock_with(site: Path, file_name: str, data: bytes) -> bytes:
    """The site's pyodide-lock.json with the sha256 of package file `file_name` replaced."""
    lock = json.loads((site / PYODIDE / "pyodide-lock.json").read_text())
    entries = [p for p in lock["packages"].values() if p["file_name"] == file_name]
    assert len(entries) == 1, f"{file_name} is not in the lock file"
    entries[0]["sha256"] = hashlib.sha256(data).hexdigest()
    return json.dumps(lock).encode()


def worker_with(site: Path, prefix: str) -> bytes:
    """worker.js with `prefix` run first."""
    return (prefix + "\n" + (site / WORKER_DIR / "worker.js").read_text()).encode()
