"""(v2) Each text pasted for real, as the on-call engineer does: Copy, then Ctrl+V elsewhere.

The answers are typed through the form with awkward but legitimate values (markup characters,
a line that starts with `#` or `1.`, backticks, URLs with `_` and `*`, names beyond ASCII, emoji;
v3: typed `*bold*`, `_italic_` and `` `code` ``, which land as bold, italic and code in a rich
paste of a Slack text and of a Markdown text alike).
Each text is pasted with the keyboard into a plain `<textarea>` (what Slack's composer and a
plain mail take: text/plain) and into a `contenteditable` box (what a rich ticket editor or mail
composer takes: text/html), on another page of the same site. What lands is what is checked.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from decision_tool import samples
from tests.engine.rendered import GFM_BARE_URL
from tests.trust.escaping import read_html
from tests.trust.typed import read_value
from tools import questionnaire as tool
from tools.browser import Tab

pytestmark = pytest.mark.browser

CUSTOMER = "AT&T <EMEA> *Gold* _tier_"
TICKET = "https://support.example.com/t/4711_a*b?q=x_y"
DOC = "https://docs.example.com/esc/at_t*gold"
ENGINEER = "Zoë Ångström"
NEXT_ENGINEER = "Łukasz Żółć 🚒"
TAM = "Tom *TAM* Tam"
CONTACT = "Zoë"
SIGNATURE = "Åsa Öberg, Support 🙂"
STATUS = "https://status.example.com/incidents/4711?view=log_tail"
SUMMARY_LINES = [
    "# Pushes fail with 500",
    f"see {STATUS}",
    "1. first on `main`",
    "2. then *all* repos_x & forks",
]
SUMMARY = "\n".join(SUMMARY_LINES)
IMPACT = "All 2,000 devs of AT&T <EMEA> can't push 😱 (x > 0)"
#: Typed through the form, in this order (text fields by keyboard).
TYPED = {
    "hours_running": "5",
    "customer": CUSTOMER,
    "ticket_url": TICKET,
    "escalation_doc_url": DOC,
    "engineer": ENGINEER,
    "next_engineer": NEXT_ENGINEER,
    "next_manager": "Mia_Next",
    "tam": TAM,
    "customer_contact": CONTACT,
    "signature": SIGNATURE,
    "summary": SUMMARY,
    "impact": IMPACT,
}
#: (v3) How the typed values read once a rich paste renders their typed markup.
SHOWN = {value: read_value(value).text for value in (CUSTOMER, TAM, SUMMARY)}
SUMMARY_SHOWN = SHOWN[SUMMARY].split("\n")
#: What a person would never see in a pasted text unless the page leaked it.
ENTITIES = ("&amp;", "&lt;", "&gt;", "&#")

TARGET_PATH = "__paste_target__"
BLANK_TARGET = """() => {
  document.head.replaceChildren();
  const plain = document.createElement('textarea');
  plain.id = 'plain';
  plain.rows = 30;
  const rich = document.createElement('div');
  rich.id = 'rich';
  rich.contentEditable = 'true';
  document.body.replaceChildren(plain, rich);
}"""
CLEAR_TARGET = """() => {
  document.getElementById('plain').value = '';
  document.getElementById('rich').replaceChildren();
}"""
LANDED = """() => {
  const rich = document.getElementById('rich');
  const texts = (selector) => [...rich.querySelectorAll(selector)].map((el) => el.innerText);
  return {
    plain: document.getElementById('plain').value,
    text: rich.innerText,
    html: rich.innerHTML,
    strong: texts('strong'),
    em: texts('em'),
    code: texts('code'),
    items: texts('li'),
    paragraphs: texts('p'),
    links: [...rich.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.innerText]),
    elements: [...new Set([...rich.querySelectorAll('*')].map((el) => el.localName))],
    attributes: [...new Set([...rich.querySelectorAll('*')]
      .flatMap((el) => [...el.attributes].map((attr) => attr.name)))],
  };
}"""
REFUSE_CLIPBOARD = """(() => {
  const refuse = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
  Object.defineProperty(Clipboard.prototype, 'write', { value: refuse });
  Object.defineProperty(Clipboard.prototype, 'writeText', { value: refuse });
})();"""


def type_awkward_answers(page: Page) -> dict[str, Any]:
    """Answer like a person, awkward values included; return the answers the engine gets."""
    tool.click_choice(page, "resolution_in_sight", "no")
    tool.reveal(page, "severity")  # its group is folded: open it as a person does
    page.locator('select[name="severity"]').select_option("high")
    page.get_by_label("The customer has a TAM").check()
    page.locator('[name="next_touchpoint"]').fill("2030-01-02T15:30")
    for name, text in TYPED.items():
        tool.type_into(page, name, text)
    offset = page.evaluate("() => -new Date('2030-01-02T15:30').getTimezoneOffset()")
    touchpoint = datetime(2030, 1, 2, 15, 30, tzinfo=timezone(timedelta(minutes=offset)))
    return {
        **TYPED,
        "hours_running": 5,
        "resolution_in_sight": "no",
        "severity": "high",
        "has_tam": True,
        "next_touchpoint": touchpoint.isoformat(),
    }


def paste_target(tab: Tab) -> Page:
    """A blank page of the same site with a plain text box and a rich (contenteditable) box."""
    target = tab.page.context.new_page()
    target.goto(TARGET_PATH)
    target.evaluate(BLANK_TARGET)
    tab.page.bring_to_front()
    return target


def paste(source: Page, target: Page) -> dict[str, Any]:
    """Paste the clipboard with Ctrl+V into both boxes of `target`; return what landed."""
    target.bring_to_front()
    target.evaluate(CLEAR_TARGET)
    for box in ("#plain", "#rich"):
        target.locator(box).click()
        target.keyboard.press("Control+V")
    target.wait_for_function(
        """() => document.getElementById('plain').value !== ''
          && document.getElementById('rich').innerText.trim() !== ''""",
        timeout=tool.SETTLE_MS,
    )
    landed = target.evaluate(LANDED)
    source.bring_to_front()
    return landed


def copy_and_paste(tab: Tab, target: Page, template_id: str) -> dict[str, Any]:
    """Click a text's Copy button (clipboard emptied first), then paste it into `target`."""
    page = tab.page
    page.evaluate("() => navigator.clipboard.writeText(' ')")
    button = page.locator(f'article[data-template-id="{template_id}"] button.dt-copy')
    expect(button).to_have_text(re.compile(r"^Copy( anyway…)?$"), timeout=tool.SETTLE_MS)
    tool.click_copy(page, template_id)
    expect(button).to_have_text("Copied", timeout=tool.SETTLE_MS)
    return paste(page, target)


def assert_reads_as_typed(text: str, values: list[str]) -> None:
    """Every value appears exactly as typed; no backslash and no entity the person did not type."""
    for value in values:
        assert value in text, f"{value!r} did not land as typed in:\n{text}"
    assert "\\" not in text, text
    for entity in ENTITIES:
        assert entity not in text, f"{entity} landed in:\n{text}"


def assert_rich(landed: dict[str, Any]) -> None:
    """The rich paste is the text's own small HTML, not the page's styled, attributed markup."""
    assert set(landed["elements"]) <= {"p", "br", "strong", "em", "code", "ul", "ol", "li", "a"}
    assert set(landed["attributes"]) <= {"href"}, landed["html"]
    assert "**" not in landed["text"], landed["text"]


def test_texts_paste_as_typed_in_plain_and_rich_targets(tab: Tab) -> None:
    """Slack text, ticket note, dev request and customer reply, each pasted for real twice."""
    page = tab.page
    tool.open_tool(page)
    answers = type_awkward_answers(page)
    expected = tool.wait_texts_for(page, answers)
    target = paste_target(tab)

    # Slack: the handover pasted as plain text reads as typed, with the template's own marks.
    handover = copy_and_paste(tab, target, "handover")
    assert handover["plain"] == expected["handover"]
    names = [CUSTOMER, NEXT_ENGINEER, ENGINEER, TAM, TICKET, DOC, IMPACT]
    assert_reads_as_typed(handover["plain"], [*names, SUMMARY])
    assert handover["plain"].startswith(f"*Handover:* {CUSTOMER} escalation\n")
    assert f"• Ticket: {TICKET}\n" in handover["plain"]
    assert f"*Problem*\n{SUMMARY}\n" in handover["plain"]
    # ... and pasted rich: bold labels, a real list, the ticket as a link to itself, and (v3)
    # the typed *bold*, _italic_ and `code` as bold, italic and code.
    assert_rich(handover)
    rich_names = [SHOWN.get(name, name) for name in names]
    assert_reads_as_typed(handover["text"], [*rich_names, *SUMMARY_SHOWN])
    assert {"Handover:", "Problem", "Impact", "Gold", "TAM", "all"} <= set(handover["strong"])
    assert {"tier"} <= set(handover["em"]) and {"main"} <= set(handover["code"])
    assert f"Ticket: {TICKET}" in handover["items"]
    assert [TICKET, TICKET] in handover["links"]

    # The ticket note (Markdown): plain paste is the Markdown source a ticket tool renders;
    # a rich editor gets bold, the list and the links, with no Markdown left to see.
    ticket = copy_and_paste(tab, target, "ticket_comment")
    assert ticket["plain"] == expected["ticket_comment"]
    assert_rich(ticket)
    assert_reads_as_typed(ticket["text"], [ENGINEER, SHOWN[TAM], DOC])
    assert "This emergency is now an escalation." in ticket["strong"]
    assert f"Escalation document: {DOC}" in ticket["items"]
    assert f"TAM: {SHOWN[TAM]}" in ticket["items"] and "TAM" in ticket["strong"]
    assert "**TAM**" in ticket["plain"]  # (v3) typed *TAM* is Markdown bold, as in Slack
    assert [DOC, DOC] in ticket["links"]

    # The request to development (Markdown), with the summary's markup characters.
    dev = copy_and_paste(tab, target, "dev_escalation")
    assert dev["plain"] == expected["dev_escalation"]
    # Pasted into GitLab's or GitHub's Markdown, no link a bare URL becomes takes a backslash.
    for url in GFM_BARE_URL.findall(dev["plain"]):
        assert "\\" not in url, url
    assert_rich(dev)
    assert_reads_as_typed(dev["text"], [SHOWN[CUSTOMER], IMPACT, TICKET, DOC, *SUMMARY_SHOWN])
    assert {"Dev escalation request:", "Problem", "Impact", "Gold", "all"} <= set(dev["strong"])
    assert {"tier"} <= set(dev["em"]) and {"main"} <= set(dev["code"])
    assert "\n".join(SUMMARY_SHOWN) in dev["paragraphs"]
    assert [TICKET, TICKET] in dev["links"]

    # The customer reply reads as a mail: greeting, body, signature; plain and rich alike.
    reply = copy_and_paste(tab, target, "customer_update")
    assert reply["plain"] == expected["customer_update"]
    for landed in (reply["plain"], reply["text"]):
        assert_reads_as_typed(landed, [CONTACT, SIGNATURE])
        assert landed.startswith(f"Hello {CONTACT},\n\n")
        assert landed.rstrip("\n").endswith(f"\nKind regards,\n{SIGNATURE}")
        assert "*" not in landed and ENGINEER not in landed and TICKET not in landed
    assert_rich(reply)
    assert reply["paragraphs"][0] == f"Hello {CONTACT},"
    assert reply["paragraphs"][-1] == f"Kind regards,\n{SIGNATURE}"
    assert reply["strong"] == [] and reply["items"] == []


def test_copy_by_hand_pastes_the_text_not_the_page(tab: Tab) -> None:
    """Copy refused: the page selects the text and says Ctrl+C; what lands is the text itself."""
    page = tab.page
    page.add_init_script(REFUSE_CLIPBOARD)
    tool.open_tool(page)
    answers = type_awkward_answers(page)
    expected = tool.wait_texts_for(page, answers)
    target = paste_target(tab)
    landed = {}
    for template_id in ("dev_escalation", "customer_update"):
        button = tool.click_copy(page, template_id)  # dev_escalation: a second click
        expect(button).to_have_text("Press Ctrl+C", timeout=tool.SETTLE_MS)
        page.keyboard.press("Control+C")
        landed[template_id] = paste(page, target)
        assert landed[template_id]["plain"] == expected[template_id]
        # Rich: the text's own HTML, never the page's grey <pre> holding raw Markdown.
        assert_rich(landed[template_id])
    assert_reads_as_typed(
        landed["dev_escalation"]["text"], [SHOWN[CUSTOMER], TICKET, *SUMMARY_SHOWN]
    )
    assert "Dev escalation request:" in landed["dev_escalation"]["strong"]
    assert landed["customer_update"]["paragraphs"][0] == f"Hello {CONTACT},"

    # A part selected by hand (a drag over one line) lands as plain text only.
    line = f"Hello {CONTACT},"
    page.evaluate(
        """(id) => {
          const pre = [...document.querySelectorAll('[data-template]')]
            .find((el) => el.dataset.template === id);
          const range = document.createRange();
          range.setStart(pre.firstChild, 0);
          range.setEnd(pre.firstChild, pre.textContent.indexOf(','));
          getSelection().removeAllRanges();
          getSelection().addRange(range);
        }""",
        "customer_update",
    )
    page.keyboard.press("Control+C")
    part = paste(page, target)
    assert part["plain"] == line.removesuffix(",")
    assert part["text"] == line.removesuffix(",")
    assert part["elements"] == [], part["html"]


#: What the clipboard holds in each form (null when it holds no such form).
CLIPBOARD_FORMS = """async () => {
  const [item] = await navigator.clipboard.read();
  const read = async (type) =>
    item.types.includes(type) ? (await item.getType(type)).text() : null;
  return { plain: await read('text/plain'), html: await read('text/html') };
}"""
SELECT_TEXT = """(id) => {
  const pre = [...document.querySelectorAll('[data-template]')]
    .find((el) => el.dataset.template === id);
  getSelection().selectAllChildren(pre);
}"""


def html_text(html: str) -> str:
    """The visible text of an HTML fragment, its whitespace collapsed."""
    return " ".join("".join(read_html(html).parts).split())


def test_a_copy_right_after_fast_typing_carries_the_last_keystroke(tab: Tab) -> None:
    """Typed fast and copied at once, without waiting for the page: the plain text and the HTML
    (rich paste) on the clipboard both hold the last keystroke (the page derives the HTML only
    when a text is copied or the typing pauses). After a pause, a copy by hand of the whole
    text carries the HTML of what was typed last too."""
    page = tab.page
    tool.open_tool(page, tool.permalink({**samples.ESCALATE, "customer": "Umbrella Ltd"}))
    tool.wait_recommendation(page, "escalate")
    handover = page.locator('article[data-template-id="handover"]')
    text = handover.locator("[data-template]")
    expect(text).to_contain_text("Umbrella Ltd escalation")
    button = handover.locator("button.dt-copy")
    page.evaluate("() => navigator.clipboard.writeText(' ')")
    tool.reveal(page, "customer")
    field = page.locator('[name="customer"]')
    field.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Globex & Sons <EU> 7")
    button.click()
    expect(button).to_have_text("Copied", timeout=tool.SETTLE_MS)
    copied = page.evaluate(CLIPBOARD_FORMS)
    assert "Globex & Sons <EU> 7 escalation" in copied["plain"], copied["plain"]
    assert copied["plain"] == text.text_content()
    assert copied["html"] is not None, "no HTML form on the clipboard"
    assert "Handover: Globex & Sons <EU> 7 escalation" in html_text(copied["html"])
    assert "<strong>" in copied["html"] and "Umbrella" not in copied["html"]

    # Typed again, then a pause: the whole text copied by hand (no Copy button) is rich too.
    field.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Initech 8")
    expect(text).to_contain_text("Initech 8 escalation", timeout=tool.SETTLE_MS)
    page.wait_for_function(
        """() => (document.querySelector('[data-template="handover"]').richHtml ?? '')
          .includes('Initech 8')""",
        timeout=tool.SETTLE_MS,
    )
    page.evaluate(SELECT_TEXT, "handover")
    page.keyboard.press("ControlOrMeta+c")
    by_hand = page.evaluate(CLIPBOARD_FORMS)
    assert by_hand["plain"] == text.text_content()
    assert by_hand["html"] is not None, "no HTML form on the clipboard"
    assert "Handover: Initech 8 escalation" in html_text(by_hand["html"])
    assert "Globex" not in by_hand["html"]
