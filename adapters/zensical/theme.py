"""What Zensical's theme does in the browser that the Content-Security-Policy must allow.

Zensical's search (0.0.73) mounts its dialog in a shadow root and gives it a `<style>` element
whose text is a string in the theme's bundle: `C("style",{},Tc.toString())`, `var Tc='...'`. The
policy allows inline styles only by hash, so the build hashes that text too. When a Zensical
release changes this, the build fails here instead of shipping a search the policy blocks.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from sitebuild.errors import BuildError

BUNDLES = "assets/javascripts/bundle.*.min.js"
#: A style element made from a variable's text: `("style",{},Tc.toString())`.
STYLE_ELEMENT = re.compile(r"""\(\s*["']style["']\s*,\s*\{\s*\}\s*,\s*([\w$]+)\.toString\(\)\)""")


def _literal(source: str, name: str) -> str:
    """The text of the string literal a bundle assigns to `name` (`var name='...'`)."""
    start = re.search(rf"""(?:\bvar\s+|[,;{{]){re.escape(name)}\s*=\s*(['"])""", source)
    if start is None:
        raise BuildError(f"zensical: the theme's bundle does not define {name}")
    quote, index, chars = start[1], start.end(), []
    while source[index] != quote:
        step = 2 if source[index] == "\\" else 1
        chars.append(source[index : index + step])
        index += step
    raw = "".join(chars)
    return codecs.decode(raw, "unicode_escape") if "\\" in raw else raw


def runtime_styles(site_dir: Path) -> list[str]:
    """The texts of the `<style>` elements the theme's bundle creates in the browser."""
    bundles = sorted(site_dir.glob(BUNDLES))
    if not bundles:
        raise BuildError(f"zensical: no theme bundle ({BUNDLES}) in {site_dir}")
    styles = []
    for bundle in bundles:
        source = bundle.read_text(encoding="utf-8")
        names = STYLE_ELEMENT.findall(source)
        if "attachShadow" in source and not names:
            raise BuildError(
                f"zensical: {bundle.name} mounts a shadow root, but its stylesheet was not found: "
                "the Content-Security-Policy would block it (see adapters/zensical/theme.py)"
            )
        styles += [_literal(source, name) for name in names]
    return styles
