"""The hostile-input corpus, typed into the real page: errors where the contract says, else texts
that neutralise the input for their format; never markup or script from user text."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.trust.corpus import BASE_ANSWERS, GROUPS, PWN
from tests.trust.escaping import STRING_FIELDS, TOKENS
from tests.trust.in_page import check_case
from tools import questionnaire as tool
from tools.browser import Tab

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_hostile_and_clumsy_answers(tab: Tab, site_url: str, group: str) -> None:
    """Every corpus case of one field group, typed into one page in turn."""
    page = tab.page
    tool.open_tool(page, watch=True)
    formats = tool.template_formats(page)
    base = tool.fill(page, BASE_ANSWERS)
    assert base.invalid == {}, f"the base answers were refused: {base.invalid}"
    assert base.recommendation == "escalate"
    assert set(base.texts) == set(formats), "every text of an escalation is shown"
    shown_tokens = " ".join(base.texts.values())
    # judgement_reason shows only with the judgement call, which would turn every "continue" case
    # into "escalate"; its escaping is checked by the engine fuzz tests (tests/engine_fuzz).
    unseen = [f for f in STRING_FIELDS if TOKENS[f] not in shown_tokens]
    assert [f for f in unseen if f != "judgement_reason"] == [], (
        "every string answer reaches a visible text"
    )
    tool.arm(page)
    failures = {}
    for case in GROUPS[group]:
        problems = check_case(tab, case, base, formats)
        if problems:
            failures[case.id[:80]] = problems
    origin = urlsplit(site_url).netloc
    foreign = [url for url in tab.requests if urlsplit(url).netloc not in (origin, "")]
    assert foreign == [], f"requests to other hosts: {foreign}"
    stray = [url for url in tab.requests if urlsplit(url).path.endswith("/x")]
    assert stray == [], f"user text made the browser fetch: {stray}"
    assert failures == {}, "\n".join(f"{cid}: {ps}" for cid, ps in failures.items())


HOSTILE_LINK = {
    "hours_running": f"<b {PWN}>5</b>",
    "resolution_in_sight": "<script>window.__pwned=1</script>",
    "blocked": [f"<svg {PWN} onload=window.__pwned=1>"],
    "has_tam": f"<i {PWN}>yes</i>",
    "severity": f"<u {PWN}>high</u>",
    "customer": f"<img src=x onerror=window.__pwned=1 {PWN}>",
    f"<img src=x onerror=window.__pwned=1 {PWN}>": "unknown key",
}


def test_a_hostile_permalink_creates_no_markup(tab: Tab, site_url: str) -> None:
    """A crafted #answers= link: errors at the fields, unknown keys named as text, no markup."""
    page = tab.page
    page.add_init_script(tool.WATCH_SCRIPT)
    page.add_init_script("window.__trustArmAtOnce = true;")
    page.goto(tool.permalink(HOSTILE_LINK))
    tool.wait_ready(page)
    now = tool.settle(page, None)
    traces = tool.intrusions(page)
    assert not traces["pwned"] and not traces["marked"] and not traces["suspicious"], traces
    assert tab.csp_violations == []
    assert not [url for url in tab.requests if urlsplit(url).path.endswith("/x")]
    assert now.recommendation == ""
    said = page.locator("#dt-doc-errors").inner_text() + page.locator("#dt-banner").inner_text()
    silent = [
        key
        for key in HOSTILE_LINK
        if key in ("hours_running", "resolution_in_sight", "blocked", "has_tam", "severity")
        and key not in now.invalid
        and not re.search(rf"\b{key}\b", said)
    ]
    assert silent == [], f"bad values from the link dropped without a word: {silent}"
    assert "<img src=x" in said, "the unknown key is not named (as text) anywhere"
