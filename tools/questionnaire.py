"""The one driver of the questionnaire page: open it, answer like a person, read what it shows.

Used by the browser, trust, site and bench tests alike (and its constants by the benchmark).
`open_tool(page, watch=True)` also installs a watch on the document, which `settle`, `answer`,
`fill`, `arm` and `intrusions` read.
"""

from __future__ import annotations

import base64
import json
import re
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Locator, Page, Route, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from sitebuild.paths import PYODIDE_DIR

#: The handbook page that holds the questionnaire, relative to the site's root.
TOOL_PAGE = "emergency-to-escalation/"

#: The runtime folder as a URL path.
PYODIDE = f"/{PYODIDE_DIR}/"
#: How long the engine may take to load (a cold runtime on a busy machine).
TIMEOUT_MS = 120_000
#: How long the page may take to show the consequence of one answer.
SETTLE_MS = 20_000
#: A value starting with this is a time: hours from now, typed into a datetime-local input.
RELATIVE = "now+"

# Watches the document from its creation: when it changed last, and any node the page should
# never create (markup from user text): script-capable tags, event handlers, the corpus's marker
# (the page's own record strip, an svg of lines, circles and polygons with no text, excepted).
WATCH_SCRIPT = """
(() => {
  const watch = { last: performance.now(), armed: !!window.__trustArmAtOnce, suspicious: [] };
  window.__trust = watch;
  const BAD_TAG = /^(script|iframe|object|embed|style|img|svg|math|details|base|meta|link|form)$/i;
  // The page's own drawing (the record strip, made with createElementNS from numbers): an svg of
  // the page's class holding lines, circles and polygons only, and no text.
  const STRIP_TAG = /^(svg|line|circle|polygon)$/;
  const ownStrip = (el) => {
    const strip = el.closest('svg.dt-strip__svg');
    return strip !== null && strip.textContent === ''
      && [strip, ...strip.querySelectorAll('*')].every((node) => STRIP_TAG.test(node.tagName));
  };
  const check = (el) => {
    const handler = [...el.attributes].some((a) => /^on/i.test(a.name) || a.name === 'data-pwn');
    if (handler || (BAD_TAG.test(el.tagName) && !ownStrip(el))) {
      watch.suspicious.push(el.outerHTML.slice(0, 200));
    }
  };
  new MutationObserver((records) => {
    watch.last = performance.now();
    if (!watch.armed) return;
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        check(node);
        node.querySelectorAll('*').forEach(check);
      }
      if (record.type === 'attributes' && record.attributeName
          && (/^on/i.test(record.attributeName) || record.attributeName === 'data-pwn')) {
        check(record.target);
      }
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  window.__trustSignature = () => {
    const rec = document.querySelector('[data-recommendation]');
    const texts = [...document.querySelectorAll('[data-template]')].map((e) => e.textContent);
    const invalid = [...document.querySelectorAll('[aria-invalid="true"]')].map((e) => e.name);
    return JSON.stringify([rec && rec.getAttribute('data-recommendation'), texts, invalid]);
  };
})();
"""

STATE_SCRIPT = """
() => {
  const rec = document.querySelector('[data-recommendation]');
  const described = (el) => (el.getAttribute('aria-describedby') || '').split(/\\s+/)
    .filter(Boolean).map((id) => document.getElementById(id))
    .filter((m) => m !== null && m.closest('[hidden]') === null && m.textContent.trim())
    .map((m) => m.textContent.trim());
  const texts = {};
  document.querySelectorAll('[data-template]').forEach((el) => {
    if (el.closest('[hidden]') === null) texts[el.dataset.template] = el.textContent;
  });
  const invalid = {};
  document.querySelectorAll('[aria-invalid="true"]').forEach((el) => {
    invalid[el.getAttribute('name') || el.id] = described(el);
  });
  const descriptions = {};
  document.querySelectorAll('#dt-form [name]').forEach((el) => {
    descriptions[el.getAttribute('name')] = described(el);
  });
  return {
    recommendation: rec === null ? null : rec.getAttribute('data-recommendation'),
    texts,
    invalid,
    descriptions,
  };
}
"""


@dataclass
class Shown:
    """What the page shows: the recommendation, the visible texts, the fields in error (with
    what their aria-describedby says), and what every field's description says."""

    recommendation: str | None
    texts: dict[str, str]
    invalid: dict[str, list[str]]
    descriptions: dict[str, list[str]]

    def signature(self) -> str:
        """A comparable summary."""
        return json.dumps([self.recommendation, self.texts, self.invalid], sort_keys=True)


def open_tool(page: Page, url: str = TOOL_PAGE, *, watch: bool = False, wait: bool = True) -> None:
    """Load the questionnaire page (watching the document if asked); wait for the engine."""
    if watch:
        page.add_init_script(WATCH_SCRIPT)
    page.goto(url)
    if wait:
        wait_ready(page)


def wait_ready(page: Page) -> None:
    """Wait until the engine reports ready (window.decisionTool.status)."""
    page.wait_for_function(
        "() => window.decisionTool !== undefined && window.decisionTool.status.ready === true",
        timeout=TIMEOUT_MS,
    )


def recommendation(page: Page) -> str:
    """The banner's `data-recommendation` value ('' while there is none)."""
    value = page.locator("[data-recommendation]").get_attribute("data-recommendation")
    return value or ""


def wait_recommendation(page: Page, expected: str) -> None:
    """Wait until the banner shows `expected` ('escalate', 'continue' or '')."""
    page.wait_for_function(
        """(expected) => {
          const el = document.querySelector('[data-recommendation]');
          return el !== null && el.dataset.recommendation === expected;
        }""",
        arg=expected,
        timeout=SETTLE_MS,
    )


def reveal(page: Page, name: str) -> Callable[[], None]:
    """Bring a field within reach as a person does: open its folded group (a click on the group's
    summary line); for a detail box not shown yet, tick the first box (or choice) of the question
    it details. Returns what undoes that once the detail is typed (the box then stays: it holds
    text)."""
    control = page.locator(f'[name="{name}"]').first
    if control.is_visible():
        return lambda: None
    summary = page.locator(f'details:not([open]):has([name="{name}"]) > summary')
    for index in range(summary.count()):
        summary.nth(index).click()
    owner = control.evaluate("(el) => el.closest('[data-detail-of]')?.dataset.detailOf ?? null")
    if control.is_visible() or owner is None:
        return lambda: None
    # The first choice that answers the question (a radio's "none" choice, value "", does not).
    box = page.locator(f'[name="{owner}"]:not([value=""])').first
    if box.is_checked():
        return lambda: None
    box.check()
    none = page.locator(f'[name="{owner}"][value=""]')
    return none.check if none.count() else box.uncheck


def type_into(page: Page, name: str, text: str) -> None:
    """Click a text field and type into it like a person (select all first, then type)."""
    reveal(page, name)
    field = page.locator(f'[name="{name}"]')
    field.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Backspace")
    if text:
        page.keyboard.type(text)


def click_choice(page: Page, name: str, value: str) -> None:
    """Click the label of a radio or checkbox choice."""
    reveal(page, name)
    page.locator(f'label:has(input[name="{name}"][value="{value}"])').click()


def templates(page: Page) -> dict[str, str]:
    """Every visible template text, by template id, exactly as its element holds it."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('[data-template]')]
          .filter((el) => el.closest('[hidden]') === null)
          .map((el) => [el.dataset.template, el.textContent]))"""
    )


def as_sent(page: Page, answers: dict[str, Any]) -> dict[str, Any]:
    """`answers` as the page sends them: a question with a default (`data-default`: the stage)
    that `answers` leave out is at its default, as the page shows it."""
    defaults = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.dt-q[data-default]')]
          .map((el) => [el.dataset.key, el.dataset.default]))"""
    )
    return defaults | answers


def engine_decision(page: Page, answers: dict[str, Any]) -> dict[str, Any]:
    """The decision the page's engine gives for `answers` as the page sends them (its defaults
    filled in; window.decisionTool.evaluate)."""
    sent = as_sent(page, answers)
    return page.evaluate("(answers) => window.decisionTool.evaluate(answers)", sent)


def wait_texts_for(page: Page, answers: dict[str, Any]) -> dict[str, str]:
    """Wait until every shown text is the engine's text for `answers`; return those texts.

    The page evaluates on every keystroke, so right after typing it may still show the texts
    of an earlier keystroke for a moment: wait for the final answers, never read mid-flight.
    A running time in a text says as of which minute (contract v3), and the page evaluates
    again as each minute turns: the engine is asked again until the two agree.
    """
    deadline = time.monotonic() + SETTLE_MS / 1000
    while True:
        decision = engine_decision(page, answers)
        expected = {tid: t["text"] for tid, t in decision["templates"].items()}
        try:
            page.wait_for_function(
                """(expected) => Object.entries(expected).every(([id, text]) => {
                  const el = [...document.querySelectorAll('[data-template]')]
                    .find((node) => node.dataset.template === id);
                  return el !== undefined && el.textContent === text;
                })""",
                arg=expected,
                timeout=2_000,
            )
        except PlaywrightTimeout:
            if time.monotonic() > deadline:
                raise
            continue
        return expected


def hours_as_of(page: Page) -> str | None:
    """(v3) When the page recorded the hours typed into its form (`hours_as_of`), or None."""
    value = page.locator('.dt-q[data-key="hours_running"]').get_attribute("data-hours_as_of")
    return None if value is None else json.loads(value)


#: Where this tab's emergency and each stored emergency live in the page's storage (storage.js).
STORE = """() => {
  const tab = Object.keys(sessionStorage).find((k) => /^decision-tool:.*:this-tab$/.test(k));
  const entries = Object.keys(localStorage)
    .filter((k) => /^decision-tool:.*:emergency:/.test(k))
    .map((k) => [k.split(':emergency:')[1], JSON.parse(localStorage.getItem(k))]);
  return { tab: tab === undefined ? null : sessionStorage.getItem(tab), entries };
}"""


def stored_emergencies(page: Page) -> dict[str, dict[str, Any]]:
    """Every emergency this browser keeps, by id: {text, ticks, changed} as stored."""
    return dict(page.evaluate(STORE)["entries"])


def stored_text(page: Page) -> str | None:
    """The answers' JSON text this browser keeps for the emergency this tab shows, as stored."""
    store = page.evaluate(STORE)
    entry = dict(store["entries"]).get(store["tab"])
    return None if entry is None else entry["text"]


def stored_answers(page: Page) -> dict[str, Any] | None:
    """The answers this browser keeps for the emergency this tab shows, as the engine was sent."""
    text = stored_text(page)
    return None if text is None else json.loads(text)


def click_copy(page: Page, template_id: str) -> Locator:
    """Click a text's Copy button; a text that is not ready (its button "Copy anyway…") asks for
    a second click, given once it says so. The button."""
    button = page.locator(f'article[data-template-id="{template_id}"] button.dt-copy')
    if button.get_attribute("data-label") == "Copy anyway…":
        button.click()
        expect(button).to_have_text("Click again to copy it anyway", timeout=SETTLE_MS)
    button.click()
    return button


def copy_link(page: Page) -> str:
    """Click Copy link, wait until the page says the link is copied; the link."""
    page.evaluate("() => { document.querySelector('#dt-announce').textContent = ''; }")
    page.get_by_role("button", name="Copy link").click()
    page.wait_for_function(
        "() => document.querySelector('#dt-announce').textContent === 'Link copied'",
        timeout=SETTLE_MS,
    )
    return clipboard(page)


def wait_stored_answers(page: Page, expected: dict[str, Any] | None) -> None:
    """Wait until this browser keeps `expected` for the emergency this tab shows (it is stored
    once the result for the answers is on the page), the page's defaults (the stage it shows)
    among them."""
    if expected is not None:
        expected = as_sent(page, expected)
    deadline = time.monotonic() + SETTLE_MS / 1000
    while (found := stored_answers(page)) != expected:
        assert time.monotonic() < deadline, f"this browser keeps {found}, not {expected}"
        page.wait_for_timeout(50)


def _text(answers: dict[str, Any] | str) -> str:
    """An answers object as compact JSON text, or a text as it is."""
    if isinstance(answers, str):
        return answers
    return json.dumps(answers, separators=(",", ":"), ensure_ascii=False)


def fnv1a(data: bytes) -> str:
    """FNV-1a, 32 bit, as 8 hex digits (the link's check, fragment.js)."""
    value = 0x811C9DC5
    for byte in data:
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"{value:08x}"


def link(answers: dict[str, Any] | str, emergency: str = "0123456789abcdef") -> str:
    """The tool page with `#dt2=<id>.<bytes>.<check>.<data>`, the link Copy link writes: the
    answers' UTF-8 JSON text, its size and FNV-1a hash, deflate-raw and base64url (fragment.js).

    `answers` is an answers object, or the exact JSON text the link must carry.
    """
    plain = _text(answers).encode("utf-8")
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packer.compress(plain) + packer.flush()
    data = base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")
    return f"{TOOL_PAGE}#dt2={emergency}.{len(plain)}.{fnv1a(plain)}.{data}"


def permalink(answers: dict[str, Any] | str) -> str:
    """The tool page with the older `#answers=<base64url(UTF-8 JSON)>` format (still opened).

    `answers` is an answers object, or the exact JSON text the link must carry.
    """
    data = base64.urlsafe_b64encode(_text(answers).encode("utf-8")).decode("ascii").rstrip("=")
    return f"{TOOL_PAGE}#answers={data}"


def link_parts(url: str) -> tuple[str | None, str] | None:
    """A link's emergency id (None in the older format) and the exact JSON text it carries."""
    fragment = urlsplit(url).fragment
    if fragment.startswith("dt2="):
        emergency, size, check, data = fragment.removeprefix("dt2=").split(".")
        plain = zlib.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)), -15)
        assert len(plain) == int(size) and fnv1a(plain) == check, url
        return emergency, plain.decode("utf-8")
    found = parse_qs(fragment).get("answers", [None])[0]
    if found is None:
        return None
    return None, base64.urlsafe_b64decode(found + "=" * (-len(found) % 4)).decode("utf-8")


def fragment_text(url: str) -> str | None:
    """The JSON text a link carries (either format), exactly as written; None for no link."""
    parts = link_parts(url)
    return None if parts is None else parts[1]


def decode_fragment(url: str) -> dict[str, Any] | None:
    """The answers a link carries (either format), or None."""
    text = fragment_text(url)
    return None if text is None else json.loads(text)


def engine_wheel(site: Path) -> Path:
    """The engine wheel of a built site, as its pyodide-lock.json names it."""
    lock = json.loads((site / PYODIDE_DIR / "pyodide-lock.json").read_text("utf-8"))
    return site / PYODIDE_DIR / lock["packages"]["decision-tool"]["file_name"]


def url_path(site: Path, file: Path) -> str:
    """The server path of a file of the built site."""
    return "/" + file.relative_to(site).as_posix()


def snapshot_file(site: Path) -> str | None:
    """The URL path of the build's Pyodide memory snapshot (snapshot.json), None without one."""
    manifest = site / PYODIDE_DIR / "snapshot.json"
    if not manifest.is_file():
        return None
    return PYODIDE + json.loads(manifest.read_text("utf-8"))["file"]


def restore_stdlib_file(site: Path) -> str | None:
    """The URL path of the standard library zip a snapshot restore mounts, None without one."""
    manifest = site / PYODIDE_DIR / "snapshot.json"
    if not manifest.is_file():
        return None
    name = json.loads(manifest.read_text("utf-8")).get("stdlib")
    return PYODIDE + name if name else None


def clipboard(page: Page) -> str:
    """What the clipboard holds, read in the page."""
    return page.evaluate("() => navigator.clipboard.readText()")


def local_value(page: Page, hours_from_now: float) -> str:
    """A datetime-local value `hours_from_now` from now, in the browser's time zone."""
    return page.evaluate(
        """(hours) => {
          const d = new Date(Date.now() + hours * 3600e3);
          const p = (n) => String(n).padStart(2, '0');
          return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
            + `T${p(d.getHours())}:${p(d.getMinutes())}`;
        }""",
        hours_from_now,
    )


def serve_sitemap_for(page: Page, site_url: str) -> None:
    """Serve sitemap.xml as built for this server's URL, so Material's instant navigation engages.

    The site is built for `site_url` in mkdocs.yml; Material rebases the sitemap's host but not
    its port, so on the test server's ephemeral port it would fall back to full page loads.
    """

    def rewrite(route: Route) -> None:
        """Answer with the real sitemap, its URLs moved to the test server."""
        response = route.fetch()
        body = re.sub(r"http://[^/<]+/", site_url, response.text())
        route.fulfill(response=response, body=body)

    page.route("**/sitemap.xml", rewrite)


def shown(page: Page) -> Shown:
    """Read the page's current recommendation, texts and field errors."""
    return Shown(**page.evaluate(STATE_SCRIPT))


def field(page: Page, name: str) -> Locator:
    """The form control(s) answering the contract key `name`."""
    return page.locator(f'[name="{name}"]')


def set_answer(page: Page, name: str, value: Any) -> None:
    """Give one answer through the form control, firing the real input and change events (its
    folded group opened first, as a person opens it)."""
    undo = reveal(page, name)
    controls = field(page, name)
    first = controls.first
    kind = first.evaluate("(el) => el.tagName.toLowerCase() + ':' + (el.type || '')")
    if kind == "input:radio":
        page.locator(f'[name="{name}"][value="{value}"]').check()
    elif kind == "input:checkbox" and controls.count() > 1:
        values = value if isinstance(value, list) else [value]
        for index in range(controls.count()):
            control = controls.nth(index)
            control.set_checked(control.get_attribute("value") in values)
    elif kind == "input:checkbox":
        first.set_checked(bool(value))
    elif kind.startswith("select"):
        first.select_option(str(value))
    else:
        text = str(value)
        if text.startswith(RELATIVE):
            text = local_value(page, float(text.removeprefix(RELATIVE)))
        first.fill(text)
        first.evaluate("(el) => el.dispatchEvent(new Event('change', { bubbles: true }))")
    first.blur()
    undo()


def settle(page: Page, before: str | None = None) -> Shown:
    """Wait until the page has answered the last change: shown state changed and quiet, or quiet."""
    page.evaluate("() => { window.__trust.since = performance.now(); }")
    page.wait_for_function(
        """(before) => {
          const w = window.__trust;
          const now = performance.now();
          const quiet = now - Math.max(w.last, w.since);
          if (quiet > 1500) return true;
          if (quiet < 250 || before === null) return false;
          return window.__trustSignature() !== before;
        }""",
        arg=before,
        timeout=TIMEOUT_MS,
    )
    return shown(page)


def raw_signature(page: Page) -> str:
    """The same quick summary settle() compares against."""
    return page.evaluate("() => window.__trustSignature()")


def answer(page: Page, name: str, value: Any) -> Shown:
    """Give one answer and wait for the page to show its consequence."""
    before = raw_signature(page)
    set_answer(page, name, value)
    return settle(page, before)


def fill(page: Page, answers: dict[str, Any]) -> Shown:
    """Give every answer through the form, then wait for the page to settle (needs the watch)."""
    for name, value in answers.items():
        set_answer(page, name, value)
    return settle(page, None)


def template_formats(page: Page) -> dict[str, str]:
    """Template id -> format, from the engine in the page (a full escalation has them all)."""
    return page.evaluate(
        """() => window.decisionTool.evaluate({ hours_running: 5, resolution_in_sight: 'no' })
          .then((d) => Object.fromEntries(
            Object.entries(d.templates).map(([id, t]) => [id, t.format])))"""
    )


def arm(page: Page) -> None:
    """From now on, record every suspicious node added to the document."""
    page.evaluate("() => { window.__trust.armed = true; window.__trust.suspicious = []; }")


def intrusions(page: Page) -> dict[str, Any]:
    """Traces of user text turned into markup or script: must all be empty."""
    return page.evaluate(
        """() => ({
          pwned: window.__pwned !== undefined || window.parent.__pwned !== undefined,
          marked: [...document.querySelectorAll('[data-pwn]')].map((e) => e.outerHTML),
          suspicious: window.__trust.suspicious.slice(0, 5),
        })"""
    )
