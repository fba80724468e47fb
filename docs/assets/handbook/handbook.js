// Handbook accessibility fixes that need the DOM Material builds at runtime.
// Runs on every page, including after instant navigation (Material's document$).

/** Give every scrollable table wrapper keyboard focus (axe: scrollable-region-focusable). */
function focusableScrollWrappers(root) {
  for (const wrapper of root.querySelectorAll(".md-typeset__scrollwrap")) {
    if (!wrapper.hasAttribute("tabindex")) {
      wrapper.setAttribute("tabindex", "0");
    }
  }
}

document$.subscribe(() => {
  focusableScrollWrappers(document);
});
