"""Issue 20, in Chromium at 1280x900 and 390x844: a page an engineer under pressure can use. The
first screen holds the rule and the questions only; the verdict and the touch base's Copy are in
view after the two answers and after a link; typing never moves the page; a link to a field opens
its folded group; nothing scrolls sideways at 320 px; no page shows a marker."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.site.pages import open_page, page_paths
from tools import questionnaire as tool
from tools.browser import Tab

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
#: The two handbook questions and the outside factors: the only fields of the first screen.
FIRST_SCREEN = {"hours_running", "started_at", "resolution_in_sight", "blocked"}
TOUCH_BASE = "managers_touch_base"

# Whether an element is on screen: below Material's fixed header, above the bottom, and not
# covered (what is at the centre of its first line box is the element itself, or inside it).
IN_VIEW = """(el) => {
  if (!el || el.closest('[hidden]')) return false;
  const r = el.getBoundingClientRect();
  const top = document.querySelector('.md-header').getBoundingClientRect().bottom;
  if (r.width === 0 || r.height === 0) return false;
  if (r.top < top - 1 || r.bottom > innerHeight + 1) return false;
  if (getComputedStyle(el).visibility !== 'visible') return false;
  const line = el.getClientRects()[0];
  const hit = document.elementFromPoint(line.left + line.width / 2, line.top + line.height / 2);
  return hit !== null && (el === hit || el.contains(hit));
}"""

VERDICT_IN_VIEW = f"""() => {{
  const inView = {IN_VIEW};
  const headline = document.querySelector('#dt-banner .dt-banner__headline');
  const line = document.querySelector('#dt-summary .dt-summary__line');
  const copies = [...document.querySelectorAll('[data-copy-template="{TOUCH_BASE}"]')];
  return {{
    headline: inView(headline) ? headline.textContent : inView(line) ? line.textContent : null,
    copy: copies.some(inView),
  }};
}}"""


def tool_at_top(page: Page) -> None:
    """Scroll the tool's first line to just below the header, where a reader starts using it."""
    page.evaluate(
        """() => {
          const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
          const top = document.querySelector('#dt').getBoundingClientRect().top;
          window.scrollTo(0, window.scrollY + top - header);
        }"""
    )


def open_at(tab: Tab, viewport: str, url: str = tool.TOOL_PAGE) -> Page:
    """A fresh page at this viewport, the tool loaded and its engine ready."""
    page = tab.page
    page.set_viewport_size(VIEWPORTS[viewport])
    tool.open_tool(page, url)
    return page


def answer_the_two_questions(page: Page) -> None:
    """Type 5 hours and click No, as a reader does, where the questions are."""
    page.locator('[name="hours_running"]').click()
    page.keyboard.type("5")
    page.locator('label[for="dt-resolution_in_sight-no"]').click()
    tool.wait_recommendation(page, "escalate")


def in_view(page: Page, selector: str) -> bool:
    """Whether the first element matching `selector` is on screen and not covered."""
    return page.evaluate(f"(s) => ({IN_VIEW})(document.querySelector(s))", selector)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_first_screen_is_the_rule_and_the_questions(tab: Tab, viewport: str) -> None:
    """Before any answer, the tool's first screen shows the rule line, both questions and the
    outside factors, and no optional field (the rest is folded, the judgement call waits)."""
    page = open_at(tab, viewport)
    tool_at_top(page)
    assert in_view(page, "#dt-rule")
    for name in ("hours_running", "started_at"):
        assert in_view(page, f'[name="{name}"]'), name
    for name, values in (("resolution_in_sight", ("yes", "no", "unsure")),
                         ("blocked", ("renewal", "migration", "other_initiative"))):  # fmt: skip
        for value in values:
            assert in_view(page, f'label[for="dt-{name}-{value}"]'), (name, value)
    shown = page.evaluate(
        f"""() => [...document.querySelectorAll('#dt-form [name]')]
          .filter((el) => ({IN_VIEW})(el) || ({IN_VIEW})(el.closest('label') || el))
          .map((el) => el.name)"""
    )
    assert set(shown) == FIRST_SCREEN, f"optional fields on the first screen: {shown}"
    expect(page.locator("#dt-status")).to_be_hidden()  # the engine is ready: no status line
    rule = page.locator("#dt-rule").inner_text()
    assert "guide" in rule and "#support-managers first" in rule and "decide" not in rule


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_verdict_and_the_touch_base_copy_are_in_view_after_the_two_answers(
    tab: Tab, viewport: str
) -> None:
    """Hours and No, where the questions are: the page did not scroll, and the engine's headline
    and the touch base's Copy are on screen; that Copy copies the #support-managers text."""
    page = open_at(tab, viewport)
    tool_at_top(page)
    before = page.evaluate("() => window.scrollY")
    answer_the_two_questions(page)
    page.wait_for_function(f"() => ({VERDICT_IN_VIEW})().copy", timeout=tool.SETTLE_MS)
    seen = page.evaluate(VERDICT_IN_VIEW)
    decision = tool.engine_decision(page, {"hours_running": 5, "resolution_in_sight": "no"})
    assert seen == {"headline": decision["headline"]["text"], "copy": True}
    assert page.evaluate("() => window.scrollY") == before, "the page scrolled by itself"
    copy = page.locator(f'[data-copy-template="{TOUCH_BASE}"]').filter(visible=True)
    on_screen = [i for i in range(copy.count()) if copy.nth(i).evaluate(f"({IN_VIEW})")]
    copy.nth(on_screen[0]).click()
    expect(copy.nth(on_screen[0])).to_have_text("Copied")
    assert tool.clipboard(page) == decision["templates"][TOUCH_BASE]["text"]


@pytest.mark.parametrize("asks", [False, True], ids=["new", "asks before replacing"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_link_opens_at_the_verdict(tab: Tab, viewport: str, asks: bool) -> None:
    """A permalink lands on the recommendation: headline and the first step's own Copy on
    screen, no summary bar needed; also when this browser held the emergency with other answers
    and the page asked first (its question on screen, its first answer focused)."""
    answers = {"hours_running": 5, "resolution_in_sight": "no", "customer": "Acme"}
    if asks:
        open_at(tab, viewport, tool.link({**answers, "hours_running": 4}))
        tab.page.goto("index.html")
        tab.page.goto(tool.link(answers))
        replace = tab.page.get_by_role("button", name="Open the link's answers instead")
        expect(replace).to_be_focused()
        assert replace.evaluate(f"({IN_VIEW})")
        replace.click()
        page = tab.page
    else:
        page = open_at(tab, viewport, tool.link(answers))
    tool.wait_recommendation(page, "escalate")
    step_copy = f'#dt-steps [data-copy-template="{TOUCH_BASE}"]'
    page.wait_for_function(f"() => ({IN_VIEW})(document.querySelector('{step_copy}'))")
    assert in_view(page, "#dt-banner .dt-banner__headline")
    expect(page.locator("#dt-summary")).to_be_hidden()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_typing_lower_down_moves_neither_the_page_nor_the_focus(tab: Tab, viewport: str) -> None:
    """Typing the customer's name (which changes the room and the steps above it) keeps the
    field where it is on screen and the cursor in it."""
    page = open_at(tab, viewport)
    tool_at_top(page)
    answer_the_two_questions(page)
    tool.reveal(page, "customer")
    field = page.locator('[name="customer"]')
    field.click()
    where = "() => [Math.round(document.activeElement.getBoundingClientRect().top), scrollY]"
    before = page.evaluate(where)
    page.keyboard.type("Acme Corporation International", delay=30)
    page.wait_for_function(
        """() => document.querySelector('[data-copy-source="slack_room"]').textContent
          .includes('acme-corporation-international')""",
        timeout=tool.SETTLE_MS,
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => document.activeElement.name") == "customer"
    after = page.evaluate(where)
    assert abs(after[0] - before[0]) <= 1, f"the field moved on screen: {before} -> {after}"
    expect(field).to_have_value("Acme Corporation International")


def test_a_ticked_renewal_without_hours_escalates_in_the_engine_and_on_the_page(tab: Tab) -> None:
    """Either question is enough: a renewal alone escalates; the unanswered questions are
    missing details linked to their fields; the detail box for what is blocked appears."""
    page = open_at(tab, "desktop")
    decision = tool.engine_decision(page, {"blocked": ["renewal"]})
    assert decision["recommendation"] == "escalate" and decision["errors"] == []
    assert [reason["id"] for reason in decision["reasons"]] == ["outside_factors"]
    fields = [warning["field"] for warning in decision["warnings"]]
    assert fields[:2] == ["hours_running", "resolution_in_sight"]
    detail = page.locator('[data-key="blocked_detail"]')
    expect(detail).to_be_hidden()
    tool.click_choice(page, "blocked", "renewal")
    expect(detail).to_be_visible()
    tool.wait_recommendation(page, "escalate")
    expect(page.locator(".dt-banner__headline")).to_have_text(decision["headline"]["text"])
    warnings = page.locator("#dt-warnings")
    warnings.locator("summary").click()
    for name in ("hours_running", "resolution_in_sight"):
        expect(warnings.locator(f'a[data-field="{name}"]')).to_be_visible()
    tool.click_choice(page, "blocked", "renewal")  # unticked, the empty detail box goes again
    expect(detail).to_be_hidden()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_link_to_a_folded_field_opens_its_group_and_focuses_it(tab: Tab, viewport: str) -> None:
    """An error's link in the banner opens the folded group of its field and puts the cursor in
    it; the same function (folds.js `openField`) serves any link to a field."""
    answers = {"hours_running": 5, "resolution_in_sight": "no", "ticket_url": "javascript:x"}
    page = open_at(tab, viewport, tool.link(answers))
    group = page.locator("#dt-group-context")
    expect(group).not_to_have_attribute("open", "")
    error_link = page.locator('#dt-banner a[data-field="ticket_url"]')
    expect(error_link).to_be_visible(timeout=tool.SETTLE_MS)
    expect(group.locator("summary")).to_contain_text("1 to fix")
    error_link.click()
    expect(page.locator('[name="ticket_url"]')).to_be_focused()
    expect(group).to_have_attribute("open", "")
    assert in_view(page, '[name="ticket_url"]')
    focused = page.evaluate(
        """async () => {
          const { openField } = await import('/assets/decision-tool/page/folds.js');
          openField(document.querySelector('#dt-form'), 'summary');
          return [document.activeElement.name, document.querySelector('#dt-group-texts').open];
        }"""
    )
    assert focused == ["summary", True]


def test_nothing_scrolls_sideways_at_320_px_and_no_page_shows_a_marker(tab: Tab) -> None:
    """At 320 px every page fits its width (the tool with a level chosen, every group open and
    the missing details expanded); no page's text or link text shows a `decision-tool:` marker."""
    page = tab.page
    page.set_viewport_size({"width": 320, "height": 720})
    marker = """() => [document.body.innerText,
      ...[...document.querySelectorAll('a')].map((a) => a.textContent)]
      .filter((text) => /decision-tool:|<!--/.test(text))"""
    wide = "() => [document.documentElement.scrollWidth, window.innerWidth]"
    for path in page_paths():
        open_page(page, path)
        assert page.evaluate(marker) == [], path
        width, view = page.evaluate(wide)
        assert width <= view, f"{path or 'home'} is {width} px wide at {view} px"
    answers = {"hours_running": 5, "resolution_in_sight": "no", "severity": "critical",
               "customer": "Internationale Handelsgesellschaft Zürich-Oerlikon AG"}  # fmt: skip
    tool.open_tool(page, tool.link(answers))
    tool.wait_recommendation(page, "escalate")
    expect(page.locator("#dt-severity")).to_be_visible()
    page.evaluate(
        "() => document.querySelectorAll('#dt details').forEach((d) => { d.open = true; })"
    )
    width, view = page.evaluate(wide)
    assert width <= view, f"the tool with a level chosen is {width} px wide at {view} px"
    assert page.evaluate(marker) == []


def test_the_level_facts_are_readable_on_a_wide_screen(tab: Tab) -> None:
    """A chosen level's facts: each value gets a real column, never one word per line."""
    answers = {"hours_running": 5, "resolution_in_sight": "no", "severity": "high"}
    page = open_at(tab, "desktop", tool.link(answers))
    tool.wait_recommendation(page, "escalate")
    widths = page.locator("#dt-severity dd").evaluate_all(
        "(dds) => dds.map((dd) => Math.round(dd.getBoundingClientRect().width))"
    )
    assert widths and min(widths) >= 250, widths


def test_words_once_a_neutral_continue_and_one_time_format(tab: Tab) -> None:
    """The banner never says its verdict twice; Continue is no green tick; every time the page
    itself shows is 24-hour with its zone."""
    page = open_at(tab, "desktop")
    tool.type_into(page, "hours_running", "1")
    tool.click_choice(page, "resolution_in_sight", "no")
    tool.wait_recommendation(page, "continue")
    title = page.locator(".dt-banner__title").inner_text().strip()
    words = re.findall(r"\w+", title.lower())
    assert words[0] != words[1] and not title.lower().startswith("continue"), title
    mark = page.evaluate(
        """() => getComputedStyle(document.querySelector('[data-recommendation]'), '::before')
          .content"""
    )
    assert "\u2714" not in mark, mark
    edge = page.evaluate(
        "() => getComputedStyle(document.querySelector('#dt-banner')).borderLeftColor"
    )
    assert edge not in {"rgb(46, 125, 50)", "rgb(102, 187, 106)"}, "Continue is green"
    tool.set_answer(page, "next_touchpoint", f"{tool.RELATIVE}1")
    page.wait_for_function(
        "() => document.querySelector('[data-next-moment]').textContent.includes('Next:')",
        timeout=tool.SETTLE_MS,
    )
    shown = (
        page.locator(".dt-banner__detail").inner_text()
        + " "
        + page.locator("[data-next-moment]").inner_text()
    )
    clock = r"(\d{1,2}):(\d{2})(\s?[AaPp]\.?[Mm]\.?)?(?:\s+((?:UTC|GMT)[+-]?[\d:]*|[A-Z]{2,5}\b))?"
    times = re.findall(clock, shown)
    assert len(times) >= 2, shown
    for hours, _, am_pm, zone in times:
        assert len(hours) == 2 and not am_pm and zone, (shown, hours, am_pm, zone)


def test_remind_me_says_it_needs_the_tab_and_reports_a_refusal_beside_it(tab: Tab) -> None:
    """The reminder button says where it reminds; a refused permission is a message beside it,
    never the button's label."""
    page = tab.page
    page.add_init_script("Notification.requestPermission = () => Promise.resolve('denied');")
    page = open_at(tab, "desktop")
    tool.type_into(page, "hours_running", "1")
    tool.click_choice(page, "resolution_in_sight", "no")
    tool.set_answer(page, "next_touchpoint", f"{tool.RELATIVE}1")
    remind = page.locator("#dt-remind")
    expect(remind).to_be_visible(timeout=tool.SETTLE_MS)
    label = remind.inner_text()
    assert "tab" in (label + page.locator("#dt-remind-note").inner_text()).lower()
    remind.click()
    expect(page.locator("#dt-remind-result")).to_contain_text("refused")
    page.wait_for_timeout(2500)  # longer than any feedback on a button lasts
    assert remind.inner_text() == label


def test_the_security_page_is_about_the_handbook_and_titles_do_not_repeat(tab: Tab) -> None:
    """Security and privacy sits under "About this handbook"; no page title says a name twice."""
    page = tab.page
    for path in page_paths():
        open_page(page, path)
        title = page.title()
        parts = [part.strip() for part in title.split(" - ")]
        assert len(parts) == len(set(parts)), title
    open_page(page, "")
    section = page.locator(".md-nav--primary .md-nav__item--section").filter(
        has_text="About this handbook"
    )
    expect(section.locator('a[href$="security/"]')).to_have_count(1)
