"""The test server revalidates precompressed files like nginx, so warm visits get 304s."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.static_server import StaticServer


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """A server on a folder with one file and its brotli sibling."""
    (tmp_path / "runtime.wasm").write_bytes(b"\0asm" + b"x" * 1000)
    (tmp_path / "runtime.wasm.br").write_bytes(b"compressed")
    server = StaticServer(tmp_path).start()
    yield server.url
    server.stop()


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """GET with headers; the status, headers and body (a 304 included)."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_a_precompressed_file_revalidates_to_304(served: str) -> None:
    """The sibling carries Last-Modified; asking again with it gives a 304 and no body."""
    status, headers, body = _get(served + "runtime.wasm", **{"Accept-Encoding": "br"})
    assert (status, headers["Content-Encoding"], body) == (200, "br", b"compressed")
    since = headers["Last-Modified"]
    status, _, body = _get(
        served + "runtime.wasm", **{"Accept-Encoding": "br", "If-Modified-Since": since}
    )
    assert (status, body) == (304, b"")


def test_an_older_copy_gets_the_file_again(served: str) -> None:
    """A cache copy older than the file is not confirmed: the full sibling comes back."""
    status, _, body = _get(
        served + "runtime.wasm",
        **{"Accept-Encoding": "br", "If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"},
    )
    assert (status, body) == (200, b"compressed")
