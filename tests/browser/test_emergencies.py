"""Issue 21, the page's state model, in Chromium: several emergencies in one browser, each under
its own id, surviving the browser's restart; Forget reaching every tab; a cut link said to be
damaged and never replaced by a stored emergency; a link for an emergency held with other answers
asked about first; links compressed; nothing typed ever in the address bar or the History file."""

from __future__ import annotations

import json
import random
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tools import questionnaire as tool
from tools.browser import Tab, launch_profile
from tools.nginx import NginxServer

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs"

ACME = {"hours_running": 4, "resolution_in_sight": "no", "customer": "Acme Freight"}
GLOBEX = {"hours_running": 1, "resolution_in_sight": "unsure", "customer": "Globex Shipping"}


@pytest.fixture
def profile(tmp_path: Path, browser: Browser, server: NginxServer) -> Iterator[Profile]:
    """A Chromium profile on disk that a test closes and launches again."""
    launched = Profile(browser, tmp_path / "profile", server.url)
    yield launched
    launched.close()


class Profile:
    """One browser profile folder: launch it, close it (as a person quits the browser)."""

    def __init__(self, browser: Browser, folder: Path, base_url: str) -> None:
        self.browser_type = browser.browser_type
        self.folder = folder
        self.base_url = base_url
        self.context: BrowserContext | None = None

    def launch(self) -> BrowserContext:
        """Start the browser on this profile."""
        self.context = launch_profile(self.browser_type, self.folder, self.base_url)
        return self.context

    def close(self) -> None:
        """Quit the browser (its files are written)."""
        if self.context is not None:
            self.context.close()
            self.context = None


def type_answers(page: Page, answers: dict[str, object]) -> None:
    """Type the hours and the customer, click the resolution, as a person does; wait for them."""
    tool.type_into(page, "hours_running", str(answers["hours_running"]))
    tool.click_choice(page, "resolution_in_sight", str(answers["resolution_in_sight"]))
    tool.type_into(page, "customer", str(answers["customer"]))
    tool.wait_texts_for(page, answers)


def open_list(page: Page) -> None:
    """Open "Emergencies in this browser" (one control below the verdict)."""
    panel = page.locator("#dt-emergencies")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    expect(panel.locator("#dt-new")).to_be_visible()


def new_emergency(page: Page) -> None:
    """Start a new, empty emergency from the list."""
    open_list(page)
    page.locator("#dt-new").click()
    expect(tool.field(page, "hours_running")).to_have_value("")


def customers(page: Page) -> list[str]:
    """The customers of every emergency this browser stores."""
    return sorted(
        json.loads(entry["text"]).get("customer", "")
        for entry in tool.stored_emergencies(page).values()
    )


def forget(page: Page, button: str) -> None:
    """Press a Forget button twice, as a person does (in the tab in front: a tab behind others
    gets its frames seconds apart, and the second click must come within two seconds)."""
    page.bring_to_front()
    control = page.locator(button)
    control.click()
    control.click()
    expect(control).to_have_text("Forgotten")


def test_two_emergencies_in_two_tabs_survive_closing_the_browser(profile: Profile) -> None:
    """Acme in one tab, Globex as a new emergency in another; the browser quits and starts
    again: both are listed (customer, last change) and each opens with its own answers."""
    context = profile.launch()
    first = context.new_page()
    tool.open_tool(first)
    type_answers(first, ACME)
    second = context.new_page()
    tool.open_tool(second)
    new_emergency(second)
    type_answers(second, GLOBEX)
    assert customers(second) == ["Acme Freight", "Globex Shipping"]
    profile.close()

    page = profile.launch().new_page()
    tool.open_tool(page)
    open_list(page)
    items = page.locator("#dt-emergencies-list button")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("Globex Shipping")  # the last changed first
    expect(items.nth(0)).to_contain_text("UTC")
    expect(items.nth(1)).to_contain_text("Acme Freight")
    for answers in (ACME, GLOBEX):
        page.locator("#dt-emergencies-list button").filter(has_text=answers["customer"]).click()
        expect(tool.field(page, "customer")).to_have_value(str(answers["customer"]))
        expect(tool.field(page, "hours_running")).to_have_value(str(answers["hours_running"]))
        tool.wait_texts_for(page, answers)


def test_forget_in_one_tab_empties_the_other(browser: Browser, server: NginxServer) -> None:
    """The same emergency in two tabs: Forget in one empties the other at once, and neither its
    next keystroke nor its reload stores the forgotten answers again. Forget all, likewise, for
    another emergency open in the other tab."""
    context = browser.new_context(base_url=server.url)
    try:
        one, two = context.new_page(), context.new_page()
        tool.open_tool(one)
        type_answers(one, ACME)
        tool.open_tool(two)  # the last changed emergency: the same one
        expect(tool.field(two, "customer")).to_have_value("Acme Freight")
        forget(one, "#dt-forget")
        expect(tool.field(two, "customer")).to_have_value("")
        expect(tool.field(two, "hours_running")).to_have_value("")
        tool.wait_recommendation(two, "")
        tool.type_into(two, "hours_running", "3")
        tool.wait_texts_for(two, {"hours_running": 3})
        two.reload()
        tool.wait_ready(two)
        assert "Acme" not in json.dumps(tool.stored_emergencies(two))
        expect(tool.field(two, "customer")).to_have_value("")

        type_answers(two, GLOBEX)
        new_emergency(one)
        type_answers(one, ACME)
        open_list(one)
        forget(one, "#dt-forget-all")
        expect(tool.field(two, "customer")).to_have_value("")
        two.reload()
        tool.wait_ready(two)
        assert tool.stored_emergencies(two) == {}
        expect(tool.field(two, "customer")).to_have_value("")
    finally:
        context.close()


def test_the_same_emergency_in_two_tabs_follows_the_last_change(
    browser: Browser, server: NginxServer
) -> None:
    """One emergency open in two tabs: an answer typed and a step ticked in one show in the
    other, whose next keystroke then stores them too (never the older answers it showed)."""
    context = browser.new_context(base_url=server.url)
    try:
        one, two = context.new_page(), context.new_page()
        tool.open_tool(one)
        type_answers(one, ACME)
        tool.open_tool(two)
        expect(tool.field(two, "customer")).to_have_value("Acme Freight")
        one.bring_to_front()
        tool.type_into(one, "customer", "Acme Freight Europe")
        one.locator("#dt-step-touch_base_managers").check()
        expect(tool.field(two, "customer")).to_have_value("Acme Freight Europe")
        expect(two.locator("#dt-step-touch_base_managers")).to_be_checked()
        two.bring_to_front()
        tool.type_into(two, "hours_running", "5")
        expected = {**ACME, "customer": "Acme Freight Europe", "hours_running": 5}
        tool.wait_texts_for(two, expected)
        [entry] = tool.stored_emergencies(two).values()
        stored = json.loads(entry["text"])
        assert {key: stored[key] for key in expected} == expected
        assert entry["ticks"] == ["touch_base_managers"]
    finally:
        context.close()


#: Where a link is cut, as the length kept after its `#` (of `size` characters): in its data
#: (early, later, one character short), in its header, and in its marker (`#dt2`).
CUTS = {
    "data early": lambda size: size * 6 // 10,
    "data later": lambda size: size * 9 // 10,
    "one short": lambda size: size - 1,
    "header": lambda size: 12,
    "marker": lambda size: 3,
}


@pytest.mark.parametrize("cut", CUTS)
def test_a_cut_link_says_it_is_damaged_and_shows_nothing(tab: Tab, cut: str) -> None:
    """A link cut short, as chat tools do, at several points: the top of the tool says the link
    is damaged; the form stays empty (never this browser's stored emergency), the address bar
    holds no link, and the stored emergency is still listed."""
    page = tab.page
    tool.open_tool(page)
    type_answers(page, ACME)
    answers = {**GLOBEX, "summary": "Checkout fails for every customer in the EU region. " * 8}
    full = tool.link(answers, "00112233445566ff")
    start = full.index("#") + 1
    page.goto("index.html")
    tool.open_tool(page, full[: start + CUTS[cut](len(full) - start)])
    damaged = page.locator("#dt-link-damaged")
    expect(damaged).to_be_visible()
    expect(damaged).to_contain_text("damaged")
    above = "(el) => el.compareDocumentPosition(document.querySelector('#dt-form')) & 4"
    assert damaged.evaluate(above), "the notice stands at the top of the tool"
    for name in ("customer", "hours_running", "summary"):
        expect(tool.field(page, name)).to_have_value("")
    page.wait_for_timeout(500)
    assert tool.recommendation(page) == ""
    assert "#" not in page.url
    assert customers(page) == ["Acme Freight"]


def test_a_link_is_stored_here_and_the_address_bar_cleared(tab: Tab) -> None:
    """Opening a link moves it into this browser's store under its id and clears the address bar;
    typing afterwards never writes the address bar; an old `#answers=` link still opens."""
    page = tab.page
    tool.open_tool(page, tool.link(ACME, "aaaaaaaaaaaaaaaa"))
    tool.wait_texts_for(page, ACME)
    assert page.url.endswith(tool.TOOL_PAGE)
    assert json.loads(tool.stored_emergencies(page)["aaaaaaaaaaaaaaaa"]["text"]) == ACME
    entries = page.evaluate("() => history.length")
    tool.type_into(page, "customer", "Acme Freight Ltd")
    tool.wait_texts_for(page, {**ACME, "customer": "Acme Freight Ltd"})
    page.wait_for_timeout(500)
    assert page.url.endswith(tool.TOOL_PAGE)
    assert page.evaluate("() => history.length") == entries
    page.goto("index.html")
    tool.open_tool(page, tool.permalink(GLOBEX))
    tool.wait_texts_for(page, GLOBEX)
    assert page.url.endswith(tool.TOOL_PAGE)
    assert customers(page) == ["Acme Freight Ltd", "Globex Shipping"]


def test_a_link_for_an_emergency_held_with_other_answers_asks_first(tab: Tab) -> None:
    """The same emergency id with other answers: a dialog asks, with nothing of either shown
    behind it; Escape keeps both, "Keep this browser's" opens the stored one, "Open the link's"
    replaces it. A link with the answers already held opens without a question."""
    page = tab.page
    held = "bbbbbbbbbbbbbbbb"
    tool.open_tool(page, tool.link(ACME, held))
    tool.wait_texts_for(page, ACME)
    later = {**ACME, "hours_running": 7}
    dialog = page.get_by_role("dialog", name="This browser already holds this emergency")

    page.goto("index.html")
    tool.open_tool(page, tool.link(later, held))
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Acme Freight")
    expect(page.get_by_role("button", name="Open the link's answers instead")).to_be_focused()
    expect(tool.field(page, "customer")).to_have_value("")
    page.keyboard.press("Escape")
    expect(tool.field(page, "hours_running")).to_have_value("7")
    assert sorted(json.loads(e["text"])["hours_running"]
                  for e in tool.stored_emergencies(page).values()) == [4, 7]  # fmt: skip

    page.goto("index.html")
    tool.open_tool(page, tool.link(later, held))
    page.get_by_role("button", name="Keep this browser's answers").click()
    expect(tool.field(page, "hours_running")).to_have_value("4")
    assert json.loads(tool.stored_emergencies(page)[held]["text"]) == ACME

    page.goto("index.html")
    tool.open_tool(page, tool.link(later, held))
    page.get_by_role("button", name="Open the link's answers instead").click()
    expect(tool.field(page, "hours_running")).to_have_value("7")
    assert json.loads(tool.stored_emergencies(page)[held]["text"]) == later

    page.goto("index.html")
    tool.open_tool(page, tool.link(later, held))
    expect(tool.field(page, "hours_running")).to_have_value("7")
    expect(dialog).to_be_hidden()


#: The words an engineer's notes are made of here: the handbook page's own (more varied than
#: real notes, which repeat names and phrases: a harder case for the compression).
WORDS = sorted(set(re.findall(r"[A-Za-z]{3,}", (DOCS / "emergency-to-escalation.md").read_text())))


def record(entries: int) -> list[dict[str, str]]:
    """A record of one-line notes of 100 characters each (words drawn at random, the same on
    every run), a minute apart (contract v3)."""
    pick = random.Random(21).choice
    notes = []
    for index in range(entries):
        text = ""
        while len(text) < 100:
            text += pick(WORDS) + " "
        at = f"2026-12-07T{8 + index // 60:02d}:{index % 60:02d}:00+00:00"
        notes.append({"at": at, "kind": "note", "text": text[:100]})
    return notes


TYPICAL = {
    **ACME,
    "severity": "high",
    "ticket_url": "https://support.example.com/tickets/48213",
    "engineer": "Sam Rivera",
    "manager": "Dana Okafor",
    "summary": "Checkout fails for EU customers since the 09:10 deploy; rollback did not help.",
    "stage": "open",
}


def test_copy_link_carries_the_record_compressed_and_warns_when_long(tab: Tab) -> None:
    """Typical answers and a 50-entry record of 100-character notes: Copy link gives a link under
    4,000 characters that carries the answers and the record as they were. A record too long for
    that: the page says so before copying; a second click copies it. A changed answer or another
    emergency withdraws the warning."""
    page = tab.page
    text = json.dumps({**TYPICAL, "record": record(50)}, separators=(",", ":"))
    tool.open_tool(page, tool.link(text, "cccccccccccccccc"))
    expect(tool.field(page, "customer")).to_have_value("Acme Freight")
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator("#dt-announce")).to_have_text("Link copied")
    copied = tool.clipboard(page)
    assert len(copied) < 4000, len(copied)
    assert tool.link_parts(copied) == ("cccccccccccccccc", text)

    # 100 notes of 100 characters: the link far past 4,000 characters.
    long = json.dumps({**TYPICAL, "record": record(100)}, separators=(",", ":"))
    page.goto("index.html")
    tool.open_tool(page, tool.link(long, "dddddddddddddddd"))
    page.evaluate("() => navigator.clipboard.writeText('before')")
    copy = page.get_by_role("button", name="Copy link")
    copy.click()
    warning = page.locator("#dt-link-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("chat tools may cut")
    assert tool.clipboard(page) == "before"
    copy.click()
    expect(page.locator("#dt-announce")).to_have_text("Link copied")
    assert tool.link_parts(tool.clipboard(page)) == ("dddddddddddddddd", long)
    expect(warning).to_be_hidden()

    # A changed answer withdraws the warning, and its second click with it; so does another
    # emergency on show.
    page.evaluate("() => navigator.clipboard.writeText('before')")
    copy.click()
    expect(warning).to_be_visible()
    tool.type_into(page, "customer", "Acme Freight Ltd")
    expect(warning).to_be_hidden()
    copy.click()
    expect(warning).to_be_visible()
    assert tool.clipboard(page) == "before"
    new_emergency(page)
    expect(warning).to_be_hidden()


def test_the_history_file_holds_the_pages_visited_and_no_typed_answer(profile: Profile) -> None:
    """A session of typing (the customer, a summary, a burst of keystrokes), a visit to another
    page and back, then the browser quits: its History file lists the pages visited and holds
    no typed answer, in no form (neither as typed nor in a link's fragment)."""
    page = profile.launch().new_page()
    tool.open_tool(page)
    type_answers(page, {**ACME, "customer": "Zanzibar Freight"})
    tool.type_into(page, "summary", "Quetzal outage in the EU checkout")
    tool.wait_texts_for(page, {**ACME, "customer": "Zanzibar Freight",
                               "summary": "Quetzal outage in the EU checkout"})  # fmt: skip
    page.wait_for_timeout(1500)
    page.goto("escalation-levels/")
    page.go_back()
    tool.wait_ready(page)
    expect(tool.field(page, "customer")).to_have_value("Zanzibar Freight")
    profile.close()

    history = profile.folder / "Default" / "History"
    with sqlite3.connect(f"file:{history}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT url, title FROM urls").fetchall()
    urls = [url for url, _ in rows]
    assert any(url.endswith(f"/{tool.TOOL_PAGE}") for url in urls), urls
    assert any(url.endswith("/escalation-levels/") for url in urls), urls
    for url, title in rows:
        assert "#" not in url, url
        for typed in ("Zanzibar", "Quetzal", "Acme"):
            assert typed not in url and typed not in (title or ""), (url, title)


def test_the_single_emergency_an_older_page_kept_moves_into_the_store_once(tab: Tab) -> None:
    """What an older page kept (one answers entry, ticks under the customer's and ticket's hash)
    opens as one emergency of the store, ticks and all; the old entries are gone."""
    page = tab.page
    tool.open_tool(page)
    prefix = page.evaluate(
        "() => Object.keys(sessionStorage).find((k) => k.endsWith(':this-tab')).slice(0, -8)"
    )
    who = json.dumps(["acme freight", ""], separators=(",", ":"))
    old = {
        f"{prefix}answers": json.dumps(ACME),
        f"{prefix}steps:{tool.fnv1a(who.encode())}": json.dumps(["touch_base_managers"]),
    }
    page.evaluate("(old) => Object.entries(old).forEach(([k, v]) => localStorage.setItem(k, v))",
                  old)  # fmt: skip
    page.reload()
    tool.wait_ready(page)
    expect(tool.field(page, "customer")).to_have_value("Acme Freight")
    expect(page.locator("#dt-step-touch_base_managers")).to_be_checked()
    [entry] = tool.stored_emergencies(page).values()
    assert json.loads(entry["text"]) == ACME and entry["ticks"] == ["touch_base_managers"]
    assert page.evaluate("(keys) => keys.filter((k) => localStorage.getItem(k) !== null)",
                         list(old)) == []  # fmt: skip
