"""The hostile-input corpus, typed into the real page: errors where the contract says, else texts
that neutralise the input for their format; never markup or script from user text."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.conftest import Tab
from tests.trust import page as tool
from tests.trust.corpus import GROUPS, Case
from tests.trust.escaping import STRING_FIELDS, TOKENS, all_template_problems

pytestmark = pytest.mark.browser


def check_case(tab: Tab, case: Case, base: tool.Shown, formats: dict[str, str]) -> list[str]:
    """Type one case into the page (then restore the field); what went wrong, if anything."""
    page = tab.page
    restore: dict[str, object] = {case.field: tool.BASE_ANSWERS.get(case.field, "")}
    for name, value in case.also:
        tool.set_answer(page, name, value)
        restore[name] = tool.BASE_ANSWERS.get(name, "")
    if case.field == "started_at" and "hours_running" not in dict(case.also):
        tool.set_answer(page, "hours_running", "")
        restore["hours_running"] = tool.BASE_ANSWERS["hours_running"]
    now = tool.answer(page, case.field, case.value)
    problems = judge(tab, case, now, base, formats)
    before = tool.raw_signature(page)
    for name, value in restore.items():
        tool.set_answer(page, name, value)
    tool.settle(page, before)
    return problems


def judge(
    tab: Tab, case: Case, now: tool.Shown, base: tool.Shown, formats: dict[str, str]
) -> list[str]:
    """Compare what the page shows after one case with what the contract requires."""
    problems: list[str] = []
    if case.error is not None:
        if case.error not in now.invalid:
            problems.append(f"no error at {case.error!r} (fields in error: {sorted(now.invalid)})")
        else:
            usual = base.descriptions.get(case.error, [])
            if not [text for text in now.invalid[case.error] if text not in usual]:
                problems.append(f"{case.error!r} is aria-invalid but describes no error message")
        if now.recommendation:
            problems.append(f"a recommendation ({now.recommendation!r}) despite the error")
    else:
        if now.invalid:
            problems.append(f"refused: {now.invalid}")
        if case.recommendation and now.recommendation != case.recommendation:
            problems.append(f"recommendation {now.recommendation!r}, not {case.recommendation!r}")
        if case.field in STRING_FIELDS and not now.invalid:
            typed = tool.field(tab.page, case.field).first.input_value()
            if typed != case.value.replace("\r\n", "\n"):
                problems.append(f"the field holds {len(typed)} chars, not the {len(case.value)}")
            found = all_template_problems(formats, now.texts, base.texts, {case.field: typed})
            problems += [f"{tid}: {p}" for tid, ps in found.items() for p in ps]
    traces = tool.intrusions(tab.page)
    if traces["pwned"]:
        problems.append("a script from user text ran (window.__pwned is set)")
    if traces["marked"] or traces["suspicious"]:
        problems.append(f"the page created markup from user text: {traces}")
    if tab.csp_violations:
        problems.append(f"CSP violations: {tab.csp_violations}")
        tab.csp_violations.clear()
    return problems


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_hostile_and_clumsy_answers(tab: Tab, site_url: str, group: str) -> None:
    """Every corpus case of one field group, typed into one page in turn."""
    page = tab.page
    tool.open_tool(page)
    formats = tool.template_formats(page)
    base = tool.fill_base(page)
    assert base.invalid == {}, f"the base answers were refused: {base.invalid}"
    assert base.recommendation == "escalate"
    assert set(base.texts) == set(formats), "every text of an escalation is shown"
    shown_tokens = " ".join(base.texts.values())
    assert [f for f in STRING_FIELDS if TOKENS[f] not in shown_tokens] == [], (
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
