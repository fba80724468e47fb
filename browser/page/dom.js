// Small DOM helpers for the page's views: create, and change a node only when that changes it.

/** Create an element with a class and text. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// What each part of the page last showed (a JSON signature per element): an update whose part
// is unchanged leaves that part's nodes alone, so the browser restyles only what changed.
const shownAs = new WeakMap();

/** True (and remembered) when `signature` differs from what `node` last showed. */
export function changed(node, signature) {
  if (shownAs.get(node) === signature) return false;
  shownAs.set(node, signature);
  return true;
}

/** Set text only when it changed (keeps live regions quiet). */
export function setText(node, text) {
  const value = text === undefined || text === null ? '' : String(text);
  if (node.textContent !== value) node.textContent = value;
}

/** Show or hide a node. */
export function show(node, visible) {
  if (node && node.hidden !== !visible) node.hidden = !visible;
}

/** Set an attribute (remove it for null) only when that changes it. */
export function setAttribute(node, name, value) {
  if (node.getAttribute(name) === value) return;
  if (value === null) node.removeAttribute(name);
  else node.setAttribute(name, value);
}

/**
 * Run `render`; when it moved the control the reader is in (inside `root`) on the screen, scroll
 * by as much back: what they type in stays where it was, whatever changed above it (where the
 * browser's own scroll anchoring does not hold it, or there is none).
 */
export function keepFocusInPlace(root, render) {
  const focused = document.activeElement;
  const inside = focused !== null && focused !== document.body && root.contains(focused);
  const before = inside ? focused.getBoundingClientRect().top : null;
  render();
  if (before === null || focused.getClientRects().length === 0) return;
  const moved = focused.getBoundingClientRect().top - before;
  if (Math.abs(moved) >= 1) window.scrollBy(0, moved);
}
