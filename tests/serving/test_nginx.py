"""The site as nginx serves it with deploy/nginx/: CSP header, precompression, caching, types."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tools.nginx import Fault, NginxServer

pytestmark = pytest.mark.slow

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
RUNTIME = "assets/decision-tool/pyodide/"
WORKER = "/assets/decision-tool/worker/worker.js"
YEAR = "public, max-age=31536000, immutable"


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """GET with headers: the status, the headers (lower-case names) and the raw body."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            status, found, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, found, body = error.code, error.headers, error.read()
    return status, {name.lower(): value for name, value in found.items()}, body


def hashed_asset(site: Path) -> str:
    """The path of Material's content-addressed bundle (bundle.<digest>.min.js)."""
    (bundle,) = (site / "assets" / "javascripts").glob("bundle.*.min.js")
    return "/" + bundle.relative_to(site).as_posix()


def snapshot_path(site: Path) -> str:
    """The path of the content-addressed memory snapshot."""
    (snapshot,) = (site / RUNTIME).glob("snapshot-*.bin")
    return "/" + snapshot.relative_to(site).as_posix()


def test_every_response_carries_the_pages_policy_plus_frame_ancestors(
    server: NginxServer, built_site: Path
) -> None:
    """Pages, the worker, the runtime, the snapshot and a 404: one header, the meta policy's."""
    (meta,) = META.findall((built_site / "index.html").read_text(encoding="utf-8"))
    expected = f"{meta}; frame-ancestors 'none'"
    assert (built_site / "_deploy/csp-header.txt").read_text(encoding="utf-8") == expected + "\n"
    paths = [
        "/",
        "/emergency-to-escalation/",
        WORKER,
        f"/{RUNTIME}pyodide.mjs",
        f"/{RUNTIME}pyodide.asm.wasm",
        snapshot_path(built_site),
        "/no-such-page/",
    ]
    for path in paths:
        status, headers, _ = get(server.url.rstrip("/") + path, **{"Accept-Encoding": "br"})
        assert status == (404 if path == "/no-such-page/" else 200), path
        assert headers["content-security-policy"] == expected, path
        assert headers["x-content-type-options"] == "nosniff", path


@pytest.mark.parametrize(("coding", "suffix"), [("br", ".br"), ("gzip", ".gz"), ("", "")])
def test_precompressed_siblings_are_served_to_browsers_that_accept_them(
    server: NginxServer, built_site: Path, coding: str, suffix: str
) -> None:
    """The wasm and a page come as the build's .br / .gz bytes, or as the file itself."""
    for path in (f"{RUNTIME}pyodide.asm.wasm", "emergency-to-escalation/index.html"):
        status, headers, body = get(server.url + path, **{"Accept-Encoding": coding or "identity"})
        assert status == 200
        assert body == (built_site / (path + suffix)).read_bytes(), path
        assert headers.get("content-encoding", "") == coding, path
        if coding:
            assert "Accept-Encoding" in headers["vary"], path


def test_content_addressed_files_are_immutable_and_the_rest_revalidates(
    server: NginxServer, built_site: Path
) -> None:
    """A digest in the name: cached a year. HTML and the runtime: revalidated, a 304 unchanged."""
    for path in (hashed_asset(built_site), snapshot_path(built_site)):
        _, headers, _ = get(server.url.rstrip("/") + path)
        assert headers["cache-control"] == YEAR, path
    for path in ("/", "/security/", WORKER, f"/{RUNTIME}pyodide.asm.wasm"):
        status, headers, _ = get(server.url.rstrip("/") + path, **{"Accept-Encoding": "br"})
        assert (status, headers["cache-control"]) == (200, "no-cache"), path
        again = {"Accept-Encoding": "br", "If-None-Match": headers["etag"]}
        status, _, body = get(server.url.rstrip("/") + path, **again)
        assert (status, body) == (304, b""), path


def test_webassembly_and_modules_have_their_types(server: NginxServer) -> None:
    """Streaming compilation needs application/wasm; module scripts need a JavaScript type."""
    expected = {
        f"{RUNTIME}pyodide.asm.wasm": "application/wasm",
        f"{RUNTIME}pyodide.mjs": "text/javascript",
        f"{RUNTIME}pyodide.asm.mjs": "text/javascript",
        WORKER.lstrip("/"): "application/javascript",
        f"{RUNTIME}snapshot.json": "application/json",
        "": "text/html",
    }
    for path, kind in expected.items():
        _, headers, _ = get(server.url + path)
        assert headers["content-type"].split(";")[0] == kind, path


def test_faults_are_served_by_nginx_and_undone(server: NginxServer, built_site: Path) -> None:
    """A 404 and a replaced body, with the site's headers; cleared, the real file again."""
    wasm = f"/{RUNTIME}pyodide.asm.wasm"
    server.state.faults[wasm] = Fault(status=404)
    server.state.faults[WORKER] = Fault(body=b"broken();")
    status, headers, _ = get(server.url.rstrip("/") + wasm)
    assert status == 404
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    status, headers, body = get(server.url.rstrip("/") + WORKER, **{"Accept-Encoding": "br"})
    assert (status, body) == (200, b"broken();")
    assert headers["content-type"].startswith("application/javascript")
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert wasm in server.state.requests and WORKER in server.state.requests
    server.state.faults.clear()
    status, _, body = get(server.url.rstrip("/") + WORKER)
    assert (status, body) == (200, (built_site / WORKER.lstrip("/")).read_bytes())


def test_nginx_runs_unprivileged(server: NginxServer) -> None:
    """Every nginx process of the server runs as an ordinary user, never as root."""
    pid = int((server.prefix / "nginx.pid").read_text())
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    for process in [pid, *map(int, children)]:
        status = Path(f"/proc/{process}/status").read_text()
        (uid,) = re.findall(r"^Uid:\s+(\d+)", status, re.M)
        assert uid != "0", f"nginx process {process} runs as root"
