"""Precompressed siblings: the served bytes are the built file's bytes, CSP and all."""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from types import SimpleNamespace

import brotli
import pytest
from mkdocs_decision_tool.precompress.plugin import PrecompressPlugin

from sitebuild.precompress.compress import precompress_tree

RUNTIME = Path("assets/decision-tool/pyodide")


def test_siblings_decompress_to_the_file_and_stale_ones_go(tmp_path: Path) -> None:
    """Text gets .br and .gz equal to it once decoded; incompressible data gets none."""
    page = tmp_path / "index.html"
    page.write_text("<p>escalate</p>\n" * 200, encoding="utf-8")
    noise = tmp_path / "noise.zip"
    noise.write_bytes(os.urandom(4096))
    (tmp_path / "noise.zip.br").write_bytes(b"stale from an earlier build")

    written = precompress_tree(tmp_path)

    assert sorted(path.name for path in written) == ["index.html.br", "index.html.gz"]
    assert brotli.decompress((tmp_path / "index.html.br").read_bytes()) == page.read_bytes()
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()) == page.read_bytes()
    assert not (tmp_path / "noise.zip.br").exists()


def test_big_files_are_compressed_once_then_taken_from_the_cache(tmp_path: Path) -> None:
    """The second build serves the cached bytes for an unchanged big file."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    wasm = site / "runtime.wasm"
    wasm.write_bytes(b"\0asm" + bytes(range(256)) * 400)
    precompress_tree(site, cache)
    (cached,) = cache.glob("*.br")
    quick = brotli.compress(wasm.read_bytes(), quality=1)
    cached.write_bytes(quick)

    precompress_tree(site, cache)

    assert (site / "runtime.wasm.br").read_bytes() == quick


def test_the_built_site_serves_the_final_pages_and_the_runtime_compressed(
    built_site: Path,
) -> None:
    """Every page's .br is the page as finally written (after the CSP pass); the wasm has one."""
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    for page in pages:
        packed = page.with_name(page.name + ".br")
        assert brotli.decompress(packed.read_bytes()) == page.read_bytes(), page
        assert b"Content-Security-Policy" in brotli.decompress(packed.read_bytes())
    wasm = built_site / RUNTIME / "pyodide.asm.wasm"
    served = wasm.with_name(wasm.name + ".br").stat().st_size
    assert served < wasm.stat().st_size / 2


@pytest.mark.parametrize(("command", "expected"), [("build", True), ("serve", False)])
def test_siblings_are_written_by_build_not_by_serve(
    tmp_path: Path, command: str, expected: bool
) -> None:
    """`mkdocs build` writes siblings; `mkdocs serve` (which never serves them) skips the work."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>escalate</p>\n" * 200, encoding="utf-8")
    plugin = PrecompressPlugin()
    plugin.load_config({})
    plugin.project_dir = tmp_path
    plugin.on_startup(command=command, dirty=False)
    plugin.on_post_build(config=SimpleNamespace(site_dir=str(site)))
    assert (site / "index.html.br").exists() is expected
