"""The trust checks themselves can fail: they catch a page that uses innerHTML, and texts that
let user text make a mention, a link or markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.trust.corpus import BASE_ANSWERS, PWN, Case
from tests.trust.escaping import TOKENS, template_problems
from tests.trust.in_page import check_case
from tools import questionnaire as tool
from tools.browser import Tab
from tools.nginx import Fault, NginxServer

SAFE = "setText(block.querySelector('[data-template]'), template.text);"
UNSAFE = "block.querySelector('[data-template]').innerHTML = template.text;"


@pytest.mark.browser
def test_corpus_checks_catch_a_page_that_uses_innerhtml(
    tab: Tab, server: NginxServer, built_site: Path
) -> None:
    """Served a decision-details.js writing the texts with innerHTML, the corpus checks complain."""
    source = (built_site / "assets/decision-tool/page/decision-details.js").read_text()
    assert SAFE in source, "decision-details.js changed: update this detector's mutation"
    server.state.faults["/assets/decision-tool/page/decision-details.js"] = Fault(
        body=source.replace(SAFE, UNSAFE).encode()
    )
    page = tab.page
    tool.open_tool(page, watch=True)
    formats = tool.template_formats(page)
    base = tool.fill(page, BASE_ANSWERS)
    tool.arm(page)
    case = Case("engineer", f"<img src=x onerror=window.__pwned=1 {PWN}>", None, "img")
    problems = check_case(tab, case, base, formats)
    assert any("created markup" in problem for problem in problems), problems
    # The engineer reaches the internal texts only (v2: the customer reply never carries a handle).
    assert any(problem.startswith("handover:") for problem in problems), problems


@pytest.mark.parametrize(
    ("template_format", "made", "why"),
    [
        ("slack", "Hi AT&amp;T", "the user did not type"),
        ("slack", "Hi @here", "live @here"),
        ("slack", "Hi somebody else", "not as typed"),
        ("markdown", "Hi [Acme](https://evil.example)", "link_open"),
        ("markdown", "Hi ![Acme](https://evil.example/p.png)", "image"),
        (
            "markdown",
            "Hi <https://evil.example>",
            "not shown as typed",
        ),  # (v3) a link may show its URL
        ("markdown", "Hi <b>Acme</b>", "html_inline"),
        ("markdown", "Hi *Acme*", "em_open"),
        # (v3) typed bold written as text; GFM strikethrough; a GitLab/GitHub mention
        ("markdown", "Hi \\*Acme\\*", "-1 strong_open"),
        ("markdown", "Hi ~Acme~", "<del>"),
        ("markdown", "Hi @acme", "mention"),
        ("markdown", "Hi https://x.example/a\\_b", "not shown as typed"),
        ("markdown", "Hi\n# Acme", "heading_open"),
        ("markdown", "Hi\n- Acme", "list_item_open"),
        ("markdown", "Hi\n> Acme", "blockquote_open"),
        ("markdown", "Hi &copy;", "not shown as typed"),
        ("text", "Hi Acme", "not verbatim"),
    ],
)
def test_escaping_checks_catch_leaks(template_format: str, made: str, why: str) -> None:
    """Each kind of leak is reported against a baseline made with the plain token."""
    value = made.removeprefix("Hi").lstrip("\n ").replace("\\", "")
    if why in ("not as typed", "not verbatim"):
        value = "Acme & Co"
    if why == "the user did not type":  # v2: Slack's composer shows an entity literally
        value = "AT&T"
    base = "Hi " + TOKENS["customer"]
    problems = template_problems(template_format, made, base, {"customer": value})
    assert any(why in problem for problem in problems), problems


@pytest.mark.parametrize(
    ("template_format", "made", "value"),
    [
        ("slack", "Hi <!channel> @\u200bhere AT&T", "<!channel> @here AT&T"),
        ("markdown", "Hi \\[Acme\\](https://evil.example) **x** \\&copy; @\u200bacme", None),
        ("text", "Hi <b>Acme</b> @here", "<b>Acme</b> @here"),
    ],
)
def test_escaping_checks_accept_escaped_user_text(
    template_format: str, made: str, value: str | None
) -> None:
    """Correctly escaped texts pass the same checks."""
    value = value or "[Acme](https://evil.example) *x* &copy; @acme"
    base = "Hi " + TOKENS["customer"]
    assert template_problems(template_format, made, base, {"customer": value}) == []
