"""The Content-Security-Policy: one strict, hash-based policy in every page, none under serve."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs_decision_tool.csp.plugin import PLACEHOLDER, CspPlugin

from sitebuild.csp.policy import place_tags, write_site_policy
from sitebuild.errors import BuildError
from tests.site.pages import built_file, page_paths
from tools.build import REPO

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
DATA_TYPE = re.compile(r'type="application/(?:ld\+)?json"')
EXPECTED_DIRECTIVES = {
    "default-src": ["'self'"],
    "worker-src": ["'self'"],
    "connect-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'none'"],
}


def digest(text: str) -> str:
    """A CSP hash source, computed here independently of the plugin."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directives(policy: str) -> dict[str, list[str]]:
    """The policy as directive name -> sources."""
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        assert name not in parsed, f"{name} twice"
        parsed[name] = sources
    return parsed


def inline_script_hashes(html: str) -> set[str]:
    """Hashes of the executable inline scripts of a page (data blocks excluded)."""
    return {
        digest(match["body"])
        for match in INLINE_SCRIPT.finditer(html)
        if "src=" not in match["attrs"] and not DATA_TYPE.search(match["attrs"])
    }


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, str]:
    """The HTML of every built page."""
    return {path: built_file(built_site, path).read_text(encoding="utf-8") for path in page_paths()}


def test_every_page_carries_the_same_policy_before_any_script(pages: dict[str, str]) -> None:
    """One policy site-wide (instant navigation keeps the first page's), ahead of all scripts."""
    policies = set()
    for path, html in pages.items():
        found = META.findall(html)
        assert len(found) == 1, path
        assert html.index("<meta http-equiv") < html.index("<script"), path
        policies.add(found[0])
    assert len(policies) == 1


def test_policy_is_strict(pages: dict[str, str]) -> None:
    """Own origin only; WebAssembly allowed; inline code only by hash; no unsafe-inline/eval."""
    (policy,) = {META.findall(html)[0] for html in pages.values()}
    assert PLACEHOLDER not in policy
    assert "unsafe-inline" not in policy
    assert "'unsafe-eval'" not in policy
    parsed = directives(policy)
    scripts = parsed.pop("script-src")
    styles = parsed.pop("style-src")
    assert scripts[:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert styles[:1] == ["'self'"]
    assert all(source.startswith("'sha256-") for source in scripts[2:] + styles[1:])
    assert parsed == EXPECTED_DIRECTIVES


def test_script_hashes_are_exactly_the_site_inline_scripts(pages: dict[str, str]) -> None:
    """Every inline script of every page is allowed, and nothing else is."""
    (policy,) = {META.findall(html)[0] for html in pages.values()}
    allowed = set(directives(policy)["script-src"][2:])
    needed = set().union(*(inline_script_hashes(html) for html in pages.values()))
    assert needed, "Material's inline scripts are missing? the check would prove nothing"
    assert allowed == needed
    styles = {digest(body) for html in pages.values() for body in INLINE_STYLE.findall(html)}
    assert set(directives(policy)["style-src"][1:]) == styles


def config_for(site_dir: Path) -> MkDocsConfig:
    """A minimal MkDocs config of this project, pointing at a site folder."""
    config = MkDocsConfig(config_file_path=str(REPO / "mkdocs.yml"))
    config["site_dir"] = str(site_dir)
    return config


def plugin(command: str) -> CspPlugin:
    """A configured csp plugin after `on_startup` and `on_config` for this mkdocs command."""
    instance = CspPlugin()
    errors, warnings = instance.load_config({})
    assert errors == [] and warnings == []
    instance.on_startup(command=command, dirty=False)  # type: ignore[arg-type]
    instance.on_config(config_for(REPO / "site"))
    return instance


@pytest.mark.parametrize(("command", "tagged"), [("build", True), ("serve", False)])
def test_no_policy_under_serve(command: str, tagged: bool) -> None:
    """`mkdocs serve` injects a changing live-reload script: the tag is left out there."""
    env = plugin(command).on_env(Environment(), config=MkDocsConfig(), files=None)  # type: ignore[arg-type]
    assert bool(env.globals["csp_policy"]) is tagged


@pytest.mark.parametrize(
    "markup",
    [
        '<button onclick="go()">Go</button>',
        '<p style="color: red">x</p>',
        '<a href=" JavaScript:alert(1)">x</a>',
    ],
)
def test_inline_code_no_hash_can_allow_fails_the_build(markup: str) -> None:
    """Event handlers, style attributes and javascript: URLs would break silently: fail loudly."""
    html = f"<!doctype html><html><head></head><body>{markup}</body></html>"
    with pytest.raises(PluginError, match=r"404\.html has inline code the CSP blocks"):
        plugin("build").on_post_template(html, template_name="404.html", config=MkDocsConfig())


def test_post_build_writes_one_policy_with_style_and_script_hashes(tmp_path: Path) -> None:
    """Hashes from all tagged pages go into every tagged page; data blocks and other files not."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{PLACEHOLDER}">'
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        f"<html><head>{tag}<script>one()</script></head><body></body></html>"
    )
    (tmp_path / "a" / "index.html").write_text(
        f'<html><head>{tag}<style>p{{color:red}}</style></head><body><script type="module">'
        'two()</script><script type="application/json">{"x": 1}</script></body></html>'
    )
    untagged = "<html><head><script>three()</script></head></html>"
    (tmp_path / "raw.html").write_text(untagged)
    plugin("build").on_post_build(config=config_for(tmp_path))
    policies = {
        META.findall((tmp_path / name).read_text())[0] for name in ("index.html", "a/index.html")
    }
    (policy,) = policies
    parsed = directives(policy)
    assert sorted(parsed["script-src"][2:]) == sorted([digest("one()"), digest("two()")])
    assert parsed["style-src"] == ["'self'", digest("p{color:red}")]
    assert (tmp_path / "raw.html").read_text() == untagged


def test_a_generator_without_the_template_gets_the_tag_before_any_script(tmp_path: Path) -> None:
    """Zensical renders no `csp_policy`: the step places the tag right after `<meta charset>`,
    ahead of the theme's first inline script, and the site's policy is written into it."""
    page = tmp_path / "index.html"
    page.write_text(
        '<!doctype html><html><head>\n<meta charset="utf-8"><title>t</title>'
        "<script>__md_scope=1</script></head><body></body></html>",
        encoding="utf-8",
    )
    place_tags(tmp_path)
    write_site_policy(tmp_path)
    html = page.read_text(encoding="utf-8")
    assert (
        html.index('<meta charset="utf-8">')
        < html.index("<meta http-equiv")
        < html.index("<script")
    )
    assert digest("__md_scope=1") in directives(META.findall(html)[0])["script-src"]


def test_placing_tags_checks_each_page(tmp_path: Path) -> None:
    """A page the template never saw is still checked for what no hash can allow."""
    (tmp_path / "a.html").write_text('<html><head></head><body onload="go()"></body></html>')
    with pytest.raises(BuildError, match=r"a\.html has inline code the CSP blocks"):
        place_tags(tmp_path)
