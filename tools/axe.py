"""axe-core on a page at rest: WCAG 2.2 A/AA violations, one line per rule and node."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

#: The rules every state of the tool meets: WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_22_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}

# True once no CSS transition has run for 400 ms (the header title's cross-fade starts a frame or
# two after the scroll, so one look is not enough).
CALM = """() => {
  const busy = document.getAnimations()
    .some((a) => a instanceof CSSTransition && a.playState === 'running');
  const now = performance.now();
  if (busy || window.__calmSince === undefined) {
    window.__calmSince = busy ? undefined : now;
    return false;
  }
  return now - window.__calmSince > 400;
}"""


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.2 A/AA violations on the page, one line per rule and node."""
    # From the top of the page, with transitions over: Material's back-to-top button fades in
    # while scrolling up, and axe would measure it mid-fade (not what anyone reads).
    page.evaluate("() => { window.scrollTo(0, 0); window.__calmSince = undefined; }")
    page.wait_for_function(CALM, timeout=10_000)
    results = Axe().run(page, options=WCAG_22_AA)
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node['failureSummary']}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]
