"""One corpus case typed into the page, judged against what the contract requires."""

from __future__ import annotations

from tests.trust.corpus import BASE_ANSWERS, Case
from tests.trust.escaping import STRING_FIELDS, all_template_problems
from tools import questionnaire as tool
from tools.browser import Tab


def check_case(tab: Tab, case: Case, base: tool.Shown, formats: dict[str, str]) -> list[str]:
    """Type one case into the page (then restore the field); what went wrong, if anything."""
    page = tab.page
    restore: dict[str, object] = {case.field: BASE_ANSWERS.get(case.field, "")}
    for name, value in case.also:
        tool.set_answer(page, name, value)
        restore[name] = BASE_ANSWERS.get(name, "")
    if case.field == "started_at" and "hours_running" not in dict(case.also):
        tool.set_answer(page, "hours_running", "")
        restore["hours_running"] = BASE_ANSWERS["hours_running"]
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
