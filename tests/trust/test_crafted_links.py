"""Crafted links and stored answers (issue 13, points 2, 3, 6 and 9): the page gives the CLI's
verdict for the link's exact JSON text (in the link format Copy link writes), never a TypeError or
a stuck banner; over-long values are refused at their field without freezing the tab; "Forget"
leaves nothing in the back history."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page

import decision_tool
from decision_tool.policy import load_policy
from tests.trust.corpus import (
    CLOCK_LINK_TEXTS,
    COMBINING_SUMMARY,
    DATE_TEXTS,
    LINK_CLOCK,
    LINK_TEXTS,
    MIXED_SCRIPTS,
)
from tools import questionnaire as tool
from tools.browser import Tab

pytestmark = pytest.mark.browser

#: What the banner says before anything is evaluated: never the answer to a crafted link.
WAITING = "Answer the questions above"
SHOWN_VERDICT = """() => {
  const banner = document.querySelector('#dt-banner');
  const invalid = {};
  for (const el of document.querySelectorAll('#dt-form [aria-invalid="true"]')) {
    const ids = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
    invalid[el.name] = ids.map((id) => document.getElementById(id))
      .filter((node) => node && !node.hidden).map((node) => node.textContent).join(' ');
  }
  return {
    recommendation: document.querySelector('[data-recommendation]').dataset.recommendation,
    headline: banner.querySelector('.dt-banner__headline').textContent.trim(),
    banner: banner.innerText,
    documentErrors: document.querySelector('#dt-doc-errors').innerText,
    invalid,
  };
}"""


def wait_answered(page: Page) -> dict[str, Any]:
    """Wait until the page shows a verdict or problems (not the waiting banners); return them."""
    page.wait_for_function(
        """(waiting) => {
          const banner = document.querySelector('#dt-banner').innerText;
          return window.decisionTool?.status.ready === true && !banner.includes(waiting)
            && !banner.includes('Loading the engine');
        }""",
        arg=WAITING,
        timeout=tool.TIMEOUT_MS,
    )
    tool.settle(page, None)
    return page.evaluate(SHOWN_VERDICT)


def assert_cli_verdict(shown: dict[str, Any], text: str, now: str | None = None) -> None:
    """The page shows what `decision_tool.evaluate_json(text)` decides: the same recommendation
    and headline, or each of its errors (at its field when the form has one, else among the
    document errors). With the page's `now`, the text's own `now` is dropped (the page's clock is
    the only one)."""
    clock = {} if now is None else {"now": now, "drop_now": True}
    decision = json.loads(decision_tool.evaluate_json(text, **clock))
    assert shown["recommendation"] == (decision["recommendation"] or ""), shown
    if decision["headline"]:
        assert shown["headline"] == decision["headline"]["text"], shown
    for error in decision["errors"]:
        where = shown["invalid"].get(error["field"], shown["documentErrors"])
        assert error["message"] in where, f"{error} not shown: {shown}"
    assert not decision["errors"] or set(shown["invalid"]) <= {
        error["field"] for error in decision["errors"]
    }, shown


@pytest.mark.parametrize("case", sorted(LINK_TEXTS))
def test_a_link_gets_the_clis_verdict_for_its_text(tab: Tab, site_url: str, case: str) -> None:
    """Objects for choices, duplicate keys, "4" for hours, 1e400: the CLI's verdict, at the field;
    from this browser's storage on a later visit too."""
    page = tab.page
    text = LINK_TEXTS[case]
    page.add_init_script(tool.WATCH_SCRIPT)
    page.goto(tool.link(text))
    assert_cli_verdict(wait_answered(page), text)
    assert tab.console_errors == [], tab.console_errors

    # The link's answers are now this browser's: a visit without the link shows the same.
    page.goto(tool.TOOL_PAGE)
    assert_cli_verdict(wait_answered(page), text)
    assert tab.console_errors == [], tab.console_errors


def keys_as_written(text: str) -> list[str]:
    """The top-level keys of a JSON object text, in order, a repeated key as often as written."""
    keys: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        """Note the outermost object's keys (it comes last)."""
        keys[:] = [key for key, _ in items]
        return dict(items)

    json.loads(text, object_pairs_hook=pairs)
    return keys


@pytest.mark.parametrize("case", sorted(CLOCK_LINK_TEXTS))
def test_a_links_now_never_reaches_the_engine(tab: Tab, site_url: str, case: str) -> None:
    """Started 9 h ago, the link's `now` 8 h ago: the page says what the CLI says for the text
    without `now` at the page's clock (escalate, not the frozen clock's continue), and says the
    `now` is ignored. This browser's storage and Copy link keep every other key as written (a
    repeated one too) but not `now`, and the address bar none; the next visit, from storage,
    says the same.
    The test hook keeps its documented `now`."""
    page = tab.page
    text, expected = CLOCK_LINK_TEXTS[case]
    page.clock.set_fixed_time(LINK_CLOCK)
    page.add_init_script(tool.WATCH_SCRIPT)
    page.goto(tool.link(text))
    shown = wait_answered(page)
    assert shown["recommendation"] == expected, shown
    assert_cli_verdict(shown, text, now=LINK_CLOCK)
    assert "Ignored from the link" in shown["documentErrors"], shown
    assert "now" in shown["documentErrors"].split("Ignored from the link")[1], shown

    kept = [key for key in keys_as_written(text) if key != "now"]
    assert "#" not in page.url
    assert keys_as_written(tool.stored_text(page) or "") == kept
    page.locator("#dt-copy-link").click()
    page.wait_for_function(
        "() => document.querySelector('#dt-announce').textContent === 'Link copied'",
        timeout=tool.SETTLE_MS,
    )
    sent = kept + ([] if "stage" in kept else ["stage"])  # the page sends the stage it shows
    assert keys_as_written(tool.fragment_text(tool.clipboard(page))) == sent

    page.goto(tool.TOOL_PAGE)
    assert wait_answered(page)["recommendation"] == expected
    if expected:  # the hook: an answers object whose `now` is the caller's to give
        assert tool.engine_decision(page, json.loads(text))["recommendation"] == "continue"


@pytest.mark.parametrize("case", sorted(DATE_TEXTS))
def test_a_far_off_or_foreign_digit_date_is_the_clis_field_error(
    tab: Tab, site_url: str, case: str
) -> None:
    """Year 9999 in Kiritimati, a shift end in year 1, Arabic-Indic digits (issue 18): the CLI's
    error at the date's field, never "please report"."""
    page = tab.page
    text, field = DATE_TEXTS[case]
    page.add_init_script(tool.WATCH_SCRIPT)
    page.goto(tool.link(text))
    shown = wait_answered(page)
    assert_cli_verdict(shown, text)
    assert field in shown["invalid"], shown
    assert "please report" not in json.dumps(shown), shown
    assert tab.console_errors == [], tab.console_errors


PROBLEM_SHOWN = """() => window.decisionTool?.status.ready === true
  && (document.querySelector('#dt-doc-errors').innerText.trim() !== ''
      || document.querySelector('#dt-form [aria-invalid="true"]') !== null)"""

#: What the page holds of a value: the longest value of any control, and of its text.
HELD = """(mark) => ({
  longestValue: Math.max(0, ...[...document.querySelectorAll('input, textarea')]
    .map((control) => control.value.length)),
  textLength: document.body.innerText.length,
  marked: document.body.innerText.includes(mark),
})"""


def refusal(page: Page, url: str, mark: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Open `url`; once the page says what is wrong: what it shows, and what it holds of a value
    (`marked`: its text holds `mark`, a run of the refused value)."""
    page.goto(url, timeout=tool.TIMEOUT_MS)
    page.wait_for_function(PROBLEM_SHOWN, timeout=tool.TIMEOUT_MS)
    tool.settle(page, None)
    return page.evaluate(SHOWN_VERDICT), page.evaluate(HELD, mark)


def assert_goes_on(page: Page) -> None:
    """The tab still answers: a changed answer gets its verdict."""
    tool.type_into(page, "hours_running", "5")
    tool.click_choice(page, "resolution_in_sight", "no")
    tool.wait_recommendation(page, "escalate")


@pytest.mark.parametrize(
    ("field", "value"),
    [("summary", COMBINING_SUMMARY), ("summary", MIXED_SCRIPTS)],
    ids=["40000 combining marks", "mixed Latin and Hebrew over 1 MB"],
)
def test_a_long_link_is_refused_without_freezing_the_tab(
    tab: Tab, site_url: str, field: str, value: str
) -> None:
    """What would freeze the tab (issue 13, point 3) is a value of tens of thousands of characters
    laid out in a control or in the page: the value never reaches any control (none holds more
    than its own limit) nor the page's text, which stays shorter than the value; the page says
    why at the field (or for the whole link, over the engine's size limit) with the value's size,
    never its text; the next visit reads the stored answers alike; and the tab goes on answering.
    (Counts, never a time: the machine is shared.)"""
    page = tab.page
    page.add_init_script(tool.WATCH_SCRIPT)
    hostile = {"hours_running": 4, "resolution_in_sight": "no", field: value}
    text = json.dumps(hostile, ensure_ascii=False)
    mark = value[len(value) // 2 : len(value) // 2 + 40]
    limit = load_policy().question(field).max_length  # the form's longest (free text)

    size = len(text.encode("utf-8"))
    decision = json.loads(decision_tool.evaluate_json(text))
    shown, held = refusal(page, tool.link(text), mark)
    assert held["longestValue"] <= limit, held
    assert held["textLength"] < len(value) and not held["marked"], held
    assert tool.field(page, field).input_value() == ""
    assert shown["recommendation"] == ""
    said = shown["invalid"].get(field, "") + shown["documentErrors"]
    assert value[:20] not in said, "the refused text itself is shown"
    if field in {error["field"] for error in decision["errors"]}:
        for error in decision["errors"]:
            assert error["message"] in said, f"{error} not shown: {shown}"
        assert str(len(value)) in said or f"{len(value):,}" in said, said
        # The next visit reads the same answers from storage, and refuses the value alike.
        shown, held = refusal(page, tool.TOOL_PAGE, mark)
        assert held["longestValue"] <= limit and not held["marked"], held
        assert tool.field(page, field).input_value() == ""
        assert field in shown["invalid"], shown
    else:
        assert "too large" in said and f"{size:,}" in said, said
        assert tool.stored_answers(page) is None, "a link over the size limit was stored"
    assert_goes_on(page)


def forget(page: Page) -> None:
    """Press "Forget answers" twice, as a person does."""
    button = page.locator("#dt-forget")
    button.click()
    button.click()
    tool.wait_recommendation(page, "")


def test_forget_leaves_nothing_in_the_back_history(tab: Tab, site_url: str) -> None:
    """Answers, the levels page, back through a link, Forget, then Back twice: no history entry
    brings the answers back into the form or into this browser's storage."""
    page = tab.page
    page.add_init_script(tool.WATCH_SCRIPT)
    tool.open_tool(page)
    tool.type_into(page, "hours_running", "4")
    tool.click_choice(page, "resolution_in_sight", "no")
    tool.type_into(page, "customer", "Acme")
    tool.wait_recommendation(page, "escalate")
    as_of = tool.hours_as_of(page)  # (v3) the page's clock when the hours were typed
    tool.wait_stored_answers(
        page,
        {"hours_running": 4, "hours_as_of": as_of, "resolution_in_sight": "no", "customer": "Acme"},
    )
    page.locator("a[href*='escalation-levels']:visible").first.click()
    page.wait_for_url("**/escalation-levels/**")
    page.goto(tool.TOOL_PAGE)
    tool.wait_ready(page)
    tool.wait_recommendation(page, "escalate")
    forget(page)
    for _ in range(2):
        page.go_back()
        page.wait_for_load_state()
    page.wait_for_url(f"**/{tool.TOOL_PAGE}**")
    tool.wait_ready(page)
    tool.settle(page, None)
    assert tool.field(page, "customer").input_value() == ""
    assert tool.field(page, "hours_running").input_value() == ""
    assert tool.stored_answers(page) is None
    assert tool.recommendation(page) == ""
