// Copying text for the person: the clipboard, or a selection to copy by hand when it is refused.

/** Copy text to the clipboard; false when the browser refuses. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Select an element's text so the person can copy it by hand. */
export function selectText(node) {
  const range = document.createRange();
  range.selectNodeContents(node);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

/** Copy an element's text; when refused, select it. Resolves to what to tell the person. */
export async function copyNode(node) {
  if (await copyText(node.textContent)) return 'Copied';
  selectText(node);
  return 'Press Ctrl+C';
}
