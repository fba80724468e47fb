"""A 127.0.0.1 static server for the built site, serving precompressed siblings like nginx."""

from __future__ import annotations

import email.utils
import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

MIME_TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".css": "text/css",
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
    ".bin": "application/octet-stream",
}

# Sibling suffix per content coding, in order of preference (like nginx gzip_static).
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


@dataclass
class Fault:
    """A failure injected for one path: an HTTP status, or a body served instead of the file."""

    status: int = 200
    body: bytes | None = None


@dataclass
class ServerState:
    """What the running server serves from, what it must break, and what it was asked for."""

    root: Path
    faults: dict[str, Fault] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    precompressed: bool = True


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serve files from the state's root; prefer .br/.gz siblings the client accepts."""

    state: ClassVar[ServerState]
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **MIME_TYPES,
    }

    def __init__(self, *args, **kwargs) -> None:
        """Serve from the configured root."""
        super().__init__(*args, directory=str(self.state.root), **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""

    def do_GET(self) -> None:
        """Answer a GET, applying any injected fault first."""
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        self.state.requests.append(path)
        fault = self.state.faults.get(path)
        if fault is not None:
            self._send_fault(fault)
            return
        if self._send_precompressed(path):
            return
        super().do_GET()

    def end_headers(self) -> None:
        """Never let the browser cache between tests unless the test asks for it."""
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def _send_fault(self, fault: Fault) -> None:
        """Send the injected status or body."""
        body = fault.body if fault.body is not None else b"injected failure"
        self.send_response(fault.status)
        self.send_header("Content-Type", self.guess_type(self.path.split("?", 1)[0]))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_precompressed(self, path: str) -> bool:
        """Serve a precompressed sibling when one exists and the client accepts it."""
        if not self.state.precompressed:
            return False
        accepted = {
            part.split(";", 1)[0].strip()
            for part in self.headers.get("Accept-Encoding", "").split(",")
        }
        local = Path(self.translate_path(path))
        if not local.is_file():
            return False
        for coding, suffix in ENCODINGS:
            sibling = local.with_name(local.name + suffix)
            if coding in accepted and sibling.is_file():
                modified = int(sibling.stat().st_mtime)
                if self._not_modified_since(modified):
                    self.send_response(304)
                    self.send_header("Vary", "Accept-Encoding")
                    self.end_headers()
                    return True
                data = sibling.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(local)))
                self.send_header("Content-Encoding", coding)
                self.send_header("Vary", "Accept-Encoding")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Last-Modified", self.date_time_string(modified))
                self.end_headers()
                self.wfile.write(data)
                return True
        return False

    def _not_modified_since(self, modified: int) -> bool:
        """True when the request's If-Modified-Since covers ``modified`` (revalidate to a 304)."""
        header = self.headers.get("If-Modified-Since")
        if not header or self.headers.get("If-None-Match"):
            return False
        try:
            since = email.utils.parsedate_to_datetime(header)
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        return since.tzinfo is not None and modified <= since.timestamp()


class StaticServer:
    """A threaded static server on 127.0.0.1 with an ephemeral port."""

    def __init__(self, root: Path, *, precompressed: bool = True) -> None:
        """Prepare a server for ``root``; call start() to listen."""
        self.state = ServerState(root=root, precompressed=precompressed)
        handler = type("Handler", (_Handler,), {"state": self.state})
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The base URL, ending in a slash."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> StaticServer:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        self._httpd.shutdown()
        self._httpd.server_close()
