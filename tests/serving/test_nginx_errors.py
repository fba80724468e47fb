"""nginx's own answers, read off the socket: early errors, 416, redirects, no version, /_deploy/.

The requests go out byte for byte as written here: a client library would normalise the path
(`/../../etc/passwd`), refuse a huge header or never send TRACE.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

import pytest

from tools.nginx import NginxServer

pytestmark = pytest.mark.slow

SECURITY_HEADERS = (
    "content-security-policy",
    "cache-control",
    "x-content-type-options",
    "referrer-policy",
)


@dataclass(frozen=True)
class Answer:
    """A response as it came: the status, every header line in order, the body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def values(self, name: str) -> list[str]:
        """The values of every header line with this name (any case), in order."""
        return [value for key, value in self.headers if key.lower() == name]


def send(server: NginxServer, request_line: bytes, *headers: bytes, host: bytes = b"") -> Answer:
    """Send one request exactly as given (Connection: close) and read the whole response."""
    lines = [request_line, b"Host: " + (host or b"127.0.0.1"), b"Connection: close", *headers]
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(b"\r\n".join(lines) + b"\r\n\r\n")
        received = b""
        try:
            while chunk := connection.recv(65536):
                received += chunk
        except ConnectionResetError:
            if not received:
                raise
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    pairs = [line.split(": ", 1) for line in header_lines]
    return Answer(int(status_line.split()[1]), [(key, value) for key, value in pairs], body)


def policy(site: Path) -> str:
    """The build's header value (tests/serving/test_nginx.py checks it is the pages' policy)."""
    return (site / "_deploy/csp-header.txt").read_text(encoding="utf-8").strip()


#: What a red-team pass sent, and the status nginx answers it with.
REPRODUCERS = {
    "path above the root": (400, b"GET /../../etc/passwd HTTP/1.1"),
    "oversized header": (400, b"GET / HTTP/1.1", b"X-Padding: " + b"a" * 20_000),
    "huge URI": (414, b"GET /" + b"a" * 20_000 + b" HTTP/1.1"),
    "TRACE": (405, b"TRACE / HTTP/1.1"),
    "missing page": (404, b"GET /no-such-page/ HTTP/1.1"),
    "range past the end": (416, b"GET / HTTP/1.1", b"Range: bytes=99999999-"),
    "range past the end, worker": (
        416,
        b"GET /assets/decision-tool/worker/worker.js HTTP/1.1",
        b"Range: bytes=99999999-",
    ),
    "range past the end, HEAD": (416, b"HEAD / HTTP/1.1", b"Range: bytes=99999999-"),
    "folder without its slash": (301, b"GET /security HTTP/1.1"),
    "build's files for servers": (404, b"GET /_deploy/nginx-csp.conf HTTP/1.1"),
}


@pytest.mark.parametrize("case", REPRODUCERS)
def test_nginx_s_own_answers_carry_each_security_header_once(
    server: NginxServer, built_site: Path, case: str
) -> None:
    """Errors nginx raises while reading the request, a 416, a redirect: the site's headers once."""
    status, *request = REPRODUCERS[case]
    answer = send(server, *request)
    assert answer.status == status
    assert answer.values("content-security-policy") == [policy(built_site)]
    for name in SECURITY_HEADERS:
        assert len(answer.values(name)) == 1, (name, answer.headers)


@pytest.mark.parametrize("case", REPRODUCERS)
def test_no_answer_names_nginx_s_version(server: NginxServer, case: str) -> None:
    """Neither the Server header nor nginx's error pages say which nginx this is."""
    _, *request = REPRODUCERS[case]
    answer = send(server, *request)
    assert answer.values("server") == ["nginx"]
    assert b"nginx/" not in answer.body


def test_redirects_are_relative(server: NginxServer) -> None:
    """A folder without its slash: Location names the path only, right behind a TLS proxy."""
    for host in (b"127.0.0.1", b"handbook.example.com"):
        answer = send(server, b"GET /security?x=1 HTTP/1.1", b"X-Forwarded-Proto: https", host=host)
        assert (answer.status, answer.values("location")) == (301, ["/security/?x=1"])


@pytest.mark.parametrize(
    "path",
    [
        b"/_deploy/nginx-csp.conf",
        b"/_deploy/csp-header.txt",
        b"/_deploy/",
        b"/_deploy",
        b"/%5Fdeploy/csp-header.txt",
        b"//_deploy/csp-header.txt",
        b"/assets/../_deploy/csp-header.txt",
    ],
)
def test_the_builds_files_for_servers_are_not_served(
    server: NginxServer, built_site: Path, path: bytes
) -> None:
    """/_deploy/ in any spelling: the site's 404 page, never the policy file."""
    answer = send(server, b"GET " + path + b" HTTP/1.1")
    assert answer.status == 404
    assert answer.body == (built_site / "404.html").read_bytes()
