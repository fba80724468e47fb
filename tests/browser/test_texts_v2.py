"""(v2) In Chromium: rich Copy, the judgement call at the banner, the engine's headline ('now' at
the mark)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from decision_tool.policy import load_policy
from tests.browser.forms import fill_escalation
from tools import questionnaire as tool
from tools.browser import Tab

pytestmark = pytest.mark.browser

READ_CLIPBOARD = """async () => {
  const out = {};
  for (const item of await navigator.clipboard.read()) {
    for (const type of item.types) out[type] = await (await item.getType(type)).text();
  }
  return out;
}"""


def test_copy_puts_plain_text_and_html_on_the_clipboard(tab: Tab) -> None:
    """Copy writes text/plain (the template's text) and text/html (bold and the list kept)."""
    page = tab.page
    tool.open_tool(page)
    answers = fill_escalation(tab)
    tool.type_into(page, "summary", "Pushes fail for AT&T")
    answers["summary"] = "Pushes fail for AT&T"
    expected = tool.wait_texts_for(page, answers)
    decision = tool.engine_decision(page, answers)
    for template_id in ("dev_escalation", "handover"):
        button = page.locator(f'article[data-template-id="{template_id}"] button.dt-copy')
        expect(button).to_have_text(re.compile(r"^Copy( anyway…)?$"), timeout=tool.SETTLE_MS)
        tool.click_copy(page, template_id)  # dev_escalation waits for the open stage
        expect(button).to_have_text("Copied")
        copied = page.evaluate(READ_CLIPBOARD)
        assert set(copied) >= {"text/plain", "text/html"}, copied.keys()
        assert copied["text/plain"] == expected[template_id]
        html = copied["text/html"]
        assert "<strong>" in html and "<li>" in html and "<ul>" in html
        assert "Pushes fail for AT&amp;T" in html
        assert decision["templates"][template_id]["html"].split("\n")[0] in html
    # The page shows texts as text: the html never became elements of the page.
    assert page.locator("[data-template] strong, [data-template] li").count() == 0


# The engine's answers with the texts' HTML form for the page (a `now`: not the test hook's) held
# back while `window.__holdHtml` is set, until `window.__releaseHtml()`; each clipboard write notes
# whether such an answer was still held back when the page asked the clipboard.
HOLD_HTML = """(() => {
  const held = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    const html = message && message.type === 'evaluate' && message.html === true;
    if (html && typeof message.now === 'string' && window.__holdHtml) {
      held.push(() => post.call(this, message, ...rest));
    } else post.call(this, message, ...rest);
  };
  window.__releaseHtml = () => {
    window.__holdHtml = false;
    held.splice(0).forEach((send) => send());
  };
  window.__clipboardAsked = [];
  const write = navigator.clipboard.write.bind(navigator.clipboard);
  navigator.clipboard.write = (items) => {
    window.__clipboardAsked.push(held.length ? 'while the HTML was on its way' : 'after it came');
    return write(items);
  };
})();"""
# A running time's "as of HH:MM": the page evaluates again as each minute turns.
AS_OF = re.compile(r"as of \d\d:\d\d")


def test_copy_asks_the_clipboard_within_the_click_while_the_html_is_on_its_way(tab: Tab) -> None:
    """Safari refuses a clipboard write that starts after a wait (WebKitGTK said "Press Ctrl+C"
    on a loaded machine): Copy asks the clipboard at once, within the click, and gives it the
    text and its HTML form once the engine has them (here held back until the clipboard was
    asked): the text as shown, rich. (Chromium keeps the click's activation through Playwright's
    own calls, so the test watches when the clipboard is asked, not whether Chromium refuses.)"""
    page = tab.page
    page.add_init_script(HOLD_HTML)
    tool.open_tool(page)
    answers = fill_escalation(tab)
    tool.wait_texts_for(page, answers)
    page.evaluate("() => { window.__holdHtml = true; }")
    tool.type_into(page, "summary", "Pushes fail for AT&T")  # the HTML not asked for yet
    answers["summary"] = "Pushes fail for AT&T"
    button = tool.click_copy(page, "handover")
    page.wait_for_function("() => window.__clipboardAsked.length > 0", timeout=tool.SETTLE_MS)
    page.evaluate("() => window.__releaseHtml()")
    expect(button).to_have_text("Copied", timeout=tool.SETTLE_MS)
    assert page.evaluate("() => window.__clipboardAsked") == ["while the HTML was on its way"]
    copied = page.evaluate(READ_CLIPBOARD)
    shown = tool.wait_texts_for(page, answers)["handover"]
    assert AS_OF.sub("as of HH:MM", copied["text/plain"]) == AS_OF.sub("as of HH:MM", shown)
    assert "Pushes fail for AT&amp;T" in copied["text/html"]


def test_judgement_offer_at_the_banner_escalates(tab: Tab) -> None:
    """Neither question holds: the banner leaves the call to the engineer, and (v3) the
    judgement call sits beside the headline (once, nowhere else); escalate made, its reason box
    appears."""
    page = tab.page
    tool.open_tool(page)
    expect(page.locator("#dt-judgement-call")).to_be_hidden()  # nothing answered yet
    tool.type_into(page, "hours_running", "1")
    tool.click_choice(page, "resolution_in_sight", "yes")
    tool.wait_recommendation(page, "continue")
    expect(page.locator("#dt-banner")).to_contain_text("The call stays yours")
    offer = page.locator('#dt-judgement-call input[name="judgement"][value="escalate"]')
    expect(offer).to_be_visible()
    expect(page.locator('input[name="judgement"][value="escalate"]')).to_have_count(1)
    reason = page.locator('[name="judgement_reason"]')
    expect(reason).to_be_hidden()
    tool.click_choice(page, "judgement", "escalate")
    tool.wait_recommendation(page, "escalate")
    expect(offer).to_be_checked()
    expect(reason).to_be_visible()
    expect(page.locator("#dt-banner .dt-banner__reasons")).to_contain_text("You judge")
    reason.click()
    page.keyboard.type("2,000 users locked out")
    touch_base = page.locator('pre[data-template="managers_touch_base"]')
    expect(touch_base).to_contain_text("2,000 users locked out", timeout=tool.SETTLE_MS)


def test_the_banner_shows_the_engines_headline(tab: Tab) -> None:
    """Continue, judgement, escalate, stay and the mark exactly: the banner's headline is the
    engine's `headline.text` (the page chooses none); at the mark it says now, never 'in 0 min'."""
    page = tab.page
    # (v3) Typed hours grow with the page's clock from the second they are typed: it stands
    # still here, on a whole second, so 3 h stay the mark.
    page.clock.set_fixed_time(datetime.now(UTC).replace(microsecond=0))
    tool.open_tool(page)
    headline = page.locator("#dt-banner .dt-banner__headline")
    mark = load_policy().rule.long_running_hours
    cases = [
        ({"hours_running": 1, "resolution_in_sight": "no", "judgement": ""}, "continue"),
        ({"hours_running": 1, "resolution_in_sight": "no", "judgement": "escalate"}, "judgement"),
        ({"hours_running": 8, "resolution_in_sight": "no", "judgement": "escalate"}, "escalate"),
        ({"hours_running": 8, "resolution_in_sight": "no", "judgement": "stay"}, "stay"),
        ({"hours_running": mark, "resolution_in_sight": "no", "judgement": ""}, "continue"),
    ]
    for answers, headline_id in cases:
        for name, value in answers.items():
            tool.set_answer(page, name, value)
        decision = tool.engine_decision(page, {k: v for k, v in answers.items() if v != ""})
        assert decision["headline"]["id"] == headline_id
        tool.wait_recommendation(page, decision["recommendation"])
        expect(headline).to_have_text(decision["headline"]["text"], timeout=tool.SETTLE_MS)
    expect(headline).to_contain_text("mark is reached now")
    expect(page.locator("#dt-banner")).not_to_contain_text("0 min")
    expect(page.locator("#dt-steps")).not_to_contain_text("in 0 min")


# Each clipboard call the page makes, in order.
CLIPBOARD_CALLS = """(() => {
  window.__clipboardCalls = [];
  for (const name of ['write', 'writeText']) {
    const original = navigator.clipboard[name].bind(navigator.clipboard);
    navigator.clipboard[name] = (value) => {
      window.__clipboardCalls.push(name);
      return original(value);
    };
  }
})();"""


def test_the_rooms_copy_writes_its_plain_name_at_once(tab: Tab) -> None:
    """The Slack room's Copy (a plain text, no HTML form) writes the name with one clipboard call:
    no rich write tried and refused first, after which Safari would refuse the plain one too."""
    page = tab.page
    page.add_init_script(CLIPBOARD_CALLS)
    tool.open_tool(page)
    answers = fill_escalation(tab)
    tool.wait_texts_for(page, answers)
    room = page.locator('[data-copy-source="slack_room"]').text_content() or ""
    assert room.startswith("#")
    page.locator('button[data-copy-from="slack_room"]').click()
    expect(page.locator('button[data-copy-from="slack_room"]')).to_have_text("Copied")
    assert page.evaluate("() => window.__clipboardCalls") == ["writeText"]
    assert page.evaluate("() => navigator.clipboard.readText()") == room
