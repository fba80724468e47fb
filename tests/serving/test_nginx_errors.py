"""nginx's own answers, read off the socket: the errors it raises while reading a request.

The requests go out byte for byte as written here: a client library would normalise the path
(`/../../etc/passwd`), refuse a huge header or never send TRACE.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.nginx import NginxServer

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
}


@pytest.mark.parametrize("case", REPRODUCERS)
def test_nginx_s_own_answers_carry_each_security_header_once(
    server: NginxServer, built_site: Path, case: str
) -> None:
    """Errors nginx raises while reading the request: the site's headers, once."""
    status, *request = REPRODUCERS[case]
    answer = send(server, *request)
    assert answer.status == status
    assert answer.values("content-security-policy") == [policy(built_site)]
    for name in SECURITY_HEADERS:
        assert len(answer.values(name)) == 1, (name, answer.headers)
