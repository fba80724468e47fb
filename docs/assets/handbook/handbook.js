// Handbook accessibility fixes for the DOM that Material builds at runtime.
// Loaded once; applied on every page, also after instant navigation (Material's document$)
// and to elements Material adds later (a MutationObserver).

/** Make table scroll wrappers reachable by keyboard (axe: scrollable-region-focusable). */
function focusableScrollWrappers(root) {
  for (const wrapper of root.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])")) {
    wrapper.setAttribute("tabindex", "0");
  }
}

/** Give each code block's button bar a landmark name of its own (axe: landmark-unique). */
function nameCodeNavs(root) {
  const navs = root.querySelectorAll(".md-code__nav");
  navs.forEach((nav, index) => {
    nav.setAttribute("aria-label", `Code block ${index + 1} actions`);
  });
}

/**
 * Tags in search results are plain labels, not links: their <nav> is no landmark
 * (axe: landmark-unique, one unnamed navigation landmark per result).
 */
function unlandmarkResultTags(root) {
  for (const nav of root.querySelectorAll(".md-search-result nav.md-tags:not([role])")) {
    nav.setAttribute("role", "none");
  }
}

/** Apply every fix to the current document. */
function applyFixes() {
  focusableScrollWrappers(document);
  nameCodeNavs(document);
  unlandmarkResultTags(document);
}

let pending = false;

/** Inside the decision tool, whose updates (at every keystroke) hold nothing fixed here. */
function inTool(record) {
  return record.target instanceof Element && record.target.closest("#dt") !== null;
}

/** Re-apply the fixes once per frame after Material changes the DOM. */
function scheduleFixes(records) {
  if (records.every(inTool)) return;
  if (!pending) {
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      applyFixes();
    });
  }
}

document$.subscribe(applyFixes);
new MutationObserver(scheduleFixes).observe(document.body, { childList: true, subtree: true });
