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

/** (v2) Copy a text with its HTML form (rich paste), else the plain text alone; false when refused. */
export async function copyRich(text, html) {
  if (html && typeof ClipboardItem === 'function' && navigator.clipboard?.write) {
    try {
      const item = new ClipboardItem({
        'text/plain': new Blob([text], { type: 'text/plain' }),
        'text/html': new Blob([html], { type: 'text/html' }),
      });
      await navigator.clipboard.write([item]);
      return true;
    } catch {
      // Refused or unsupported: fall back to the plain text.
    }
  }
  return copyText(text);
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
export async function copyNode(node, html = '') {
  if (await copyRich(node.textContent, html)) return 'Copied';
  selectText(node);
  return 'Press Ctrl+C';
}
