"""Precompressed `.br` and `.gz` siblings of the built site, for nginx-style static serving.

GitLab Pages and nginx's `gzip_static` / `brotli_static` serve `file.br` or `file.gz` in place of
`file` when the browser accepts it. Brotli at quality 11 takes tens of seconds on the 9.6 MB
`pyodide.asm.wasm`, so results are cached by content digest (the runtime never changes between
builds); every other file compresses in milliseconds.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
from collections.abc import Iterable
from pathlib import Path

import brotli

log = logging.getLogger(__name__)

#: Suffixes worth compressing: text, the WebAssembly runtime, the memory snapshot (.bin), and
#: zip files (kept only if smaller).
COMPRESSIBLE = frozenset(
    {
        ".html",
        ".css",
        ".js",
        ".mjs",
        ".json",
        ".svg",
        ".xml",
        ".txt",
        ".wasm",
        ".zip",
        ".whl",
        ".bin",
    }
)
#: A sibling is written only when it is at least this much smaller than the file.
MIN_SAVING = 0.05
CODINGS = ("br", "gz")
#: Only files at least this big go through the cache (small ones are faster to redo).
CACHE_FROM_BYTES = 64 * 1024
#: Files bigger than this (the memory snapshot, 14.7 MB) are compressed by brotli with a 16 MB
#: window instead of its default 4 MiB: 3,228,976 instead of 3,276,284 bytes. The 9.6 MB runtime
#: is not: the wide window made it 25 kB bigger.
WIDE_WINDOW_FROM = 12 * 1024 * 1024
#: gzip -6 instead of -9 above this (the snapshot: -9 takes long for a fallback coding).
HUGE_BYTES = 16 * 1024 * 1024


def compress(data: bytes, coding: str) -> bytes:
    """`data` compressed for one content coding: brotli 11 / gzip -9 (without a date).

    Above `WIDE_WINDOW_FROM`, brotli uses a 16 MB window; above `HUGE_BYTES`, gzip -6. Brotli 11
    takes minutes on the runtime and the snapshot, once each (the results are cached by digest),
    for fewer bytes on every cold visit.
    """
    if coding == "br":
        lgwin = 24 if len(data) > WIDE_WINDOW_FROM else 22  # 22: brotli's default
        return brotli.compress(data, quality=11, lgwin=lgwin)
    return gzip.compress(data, compresslevel=6 if len(data) > HUGE_BYTES else 9, mtime=0)


def _cached(data: bytes, coding: str, cache_dir: Path | None) -> bytes:
    """`compress` through an on-disk cache keyed by the content's sha256."""
    if cache_dir is None or len(data) < CACHE_FROM_BYTES:
        return compress(data, coding)
    wide = coding == "br" and len(data) > WIDE_WINDOW_FROM
    settings = "-q11w24" if wide else ""  # the key says which settings made the entry
    path = cache_dir / f"{hashlib.sha256(data).hexdigest()}{settings}.{coding}"
    if path.is_file():
        return path.read_bytes()
    packed = compress(data, coding)
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{coding}.partial")
    partial.write_bytes(packed)
    partial.replace(path)
    return packed


def candidates(root: Path) -> Iterable[Path]:
    """Files under `root` that may get siblings (not siblings themselves)."""
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in COMPRESSIBLE:
            yield path


def precompress_tree(root: Path, cache_dir: Path | None = None) -> list[Path]:
    """Write `name.br` and `name.gz` next to each compressible file when they save >= 5%.

    A stale sibling (from an earlier build) is removed when the new one would not pay.
    Returns the siblings written.
    """
    written: list[Path] = []
    for path in candidates(root):
        data = path.read_bytes()
        for coding in CODINGS:
            sibling = path.with_name(f"{path.name}.{coding}")
            packed = _cached(data, coding, cache_dir)
            if len(packed) <= len(data) * (1 - MIN_SAVING):
                sibling.write_bytes(packed)
                written.append(sibling)
            else:
                sibling.unlink(missing_ok=True)
    log.debug("precompress: wrote %d precompressed siblings under %s", len(written), root)
    return written
