"""Driving the questionnaire page like a user, and reading what it shows (trust tests)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Locator, Page

from tests.trust.corpus import RELATIVE
from tests.trust.escaping import TOKENS

TOOL_PAGE = "emergency-to-escalation/"
TIMEOUT_MS = 120_000

# Answers that escalate and fill every text: the baseline of the corpus tests.
BASE_ANSWERS: dict[str, str | list[str] | bool] = {
    "hours_running": "5",
    "resolution_in_sight": "no",
    "blocked": [],
    "has_tam": True,
    "severity": "high",
    "call_hours": "1",
    "next_touchpoint": f"{RELATIVE}4",
    **TOKENS,
}

# Watches the document from its creation: when it changed last, and any node the page should
# never create (markup from user text): script-capable tags, event handlers, the corpus's marker.
WATCH_SCRIPT = """
(() => {
  const watch = { last: performance.now(), armed: !!window.__trustArmAtOnce, suspicious: [] };
  window.__trust = watch;
  const BAD_TAG = /^(script|iframe|object|embed|style|img|svg|math|details|base|meta|link|form)$/i;
  const check = (el) => {
    const handler = [...el.attributes].some((a) => /^on/i.test(a.name) || a.name === 'data-pwn');
    if (handler || BAD_TAG.test(el.tagName)) watch.suspicious.push(el.outerHTML.slice(0, 200));
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


def open_tool(page: Page, *, watch: bool = True, wait_ready: bool = True) -> None:
    """Load the questionnaire page; wait for the engine unless told not to."""
    if watch:
        page.add_init_script(WATCH_SCRIPT)
    page.goto(TOOL_PAGE)
    if wait_ready:
        wait_ready_engine(page)


def wait_ready_engine(page: Page) -> None:
    """Wait until window.decisionTool.ready resolves."""
    page.wait_for_function(
        "() => window.decisionTool !== undefined && window.decisionTool.ready !== undefined",
        timeout=TIMEOUT_MS,
    )
    page.evaluate("() => window.decisionTool.ready.then(() => true)")


def shown(page: Page) -> Shown:
    """Read the page's current recommendation, texts and field errors."""
    return Shown(**page.evaluate(STATE_SCRIPT))


def field(page: Page, name: str) -> Locator:
    """The form control(s) answering the contract key `name`."""
    return page.locator(f'[name="{name}"]')


def local_time(page: Page, hours: float) -> str:
    """A datetime-local value `hours` from now in the browser's own time zone."""
    return page.evaluate(
        """(hours) => {
          const d = new Date(Date.now() + hours * 3600e3);
          const p = (n) => String(n).padStart(2, '0');
          return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
            + `T${p(d.getHours())}:${p(d.getMinutes())}`;
        }""",
        hours,
    )


def set_answer(page: Page, name: str, value: Any) -> None:
    """Give one answer through the form control, firing the real input and change events."""
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
            text = local_time(page, float(text.removeprefix(RELATIVE)))
        first.fill(text)
        first.evaluate("(el) => el.dispatchEvent(new Event('change', { bubbles: true }))")
    first.blur()


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


def fill_base(page: Page, answers: dict[str, Any] | None = None) -> Shown:
    """Give every base answer, then wait for the page to settle."""
    for name, value in (answers or BASE_ANSWERS).items():
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
