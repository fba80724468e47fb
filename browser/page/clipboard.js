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

/**
 * (v2) Copy a text with its HTML form (rich paste), else the plain text alone; false when refused.
 * `rich`: a promise of {text, html} or null. The clipboard is asked at once, within the click,
 * and given the texts when they come: Safari refuses a write that starts after a wait (the HTML
 * may take the engine a moment), and then the plain text alone is tried. Without `rich` (a
 * plain copy, e.g. the Slack room) the plain text is written at once, never after a refused try.
 */
export async function copyRich(fallback, rich) {
  if (rich && typeof ClipboardItem === 'function' && navigator.clipboard?.write) {
    const texts = Promise.resolve(rich).then((found) => {
      if (!found?.html) throw new Error('no HTML form');
      return found;
    });
    try {
      const item = new ClipboardItem({
        'text/plain': texts.then(({ text }) => new Blob([text], { type: 'text/plain' })),
        'text/html': texts.then(({ html }) => new Blob([html], { type: 'text/html' })),
      });
      await navigator.clipboard.write([item]);
      return true;
    } catch {
      // Refused, unsupported, or no HTML form: fall back to the plain text.
    }
  }
  const found = await Promise.resolve(rich).catch(() => null);
  return copyText(found?.text ?? fallback);
}

/**
 * Copying refused: show `text` in the read-only field of `box` (a hidden block holding a label
 * and the field), focused and selected, for the person to copy by hand.
 */
export function offerByHand(box, text) {
  const field = box.querySelector('input');
  field.value = text;
  box.hidden = false;
  field.focus();
  field.select();
}

/** Hide the by-hand box and empty its field (what it held is out of date, or forgotten). */
export function withdrawByHand(box) {
  if (!box || box.hidden) return;
  box.hidden = true;
  box.querySelector('input').value = '';
}

/** Withdraw what Copy link said of the link on show (the by-hand box, the long-link warning and
 * its armed second click): the answers changed, or another emergency is on show. */
export function withdrawLinkOffers(root) {
  withdrawByHand(root.querySelector('#dt-link-by-hand'));
  root.querySelector('#dt-link-warning').hidden = true;
  delete root.querySelector('#dt-copy-link').dataset.armed;
}

/** Select an element's text so the person can copy it by hand. */
export function selectText(node) {
  const range = document.createRange();
  range.selectNodeContents(node);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

/** The text element (a template or a copy source) that holds the whole selection, or null. */
function selectedSource(range) {
  const container = range.commonAncestorContainer;
  const element = container.nodeType === Node.ELEMENT_NODE ? container : container.parentElement;
  return element?.closest('[data-template], [data-copy-source]') ?? null;
}

/**
 * (v2) A copy by hand (the selection Copy falls back to, or the person's own) inside one text: the
 * clipboard gets the text, not the page's styled `<pre>` with its source and attributes. The
 * whole text also gets its HTML form (rich paste, as the Copy button); a part, plain text only.
 */
export function copySelection(event) {
  const selection = window.getSelection();
  if (!event.clipboardData || !selection || selection.isCollapsed || !selection.rangeCount) return;
  const range = selection.getRangeAt(0);
  const node = selectedSource(range);
  if (!node) return;
  const full = document.createRange();
  full.selectNodeContents(node);
  const whole =
    range.compareBoundaryPoints(Range.START_TO_START, full) <= 0 &&
    range.compareBoundaryPoints(Range.END_TO_END, full) >= 0;
  event.clipboardData.setData('text/plain', whole ? node.textContent : selection.toString());
  if (whole && node.richHtml) event.clipboardData.setData('text/html', node.richHtml);
  event.preventDefault();
}

/** Copy an element's text with its HTML form (`rich`, a promise of {text, html}, see copyRich);
 * when refused, select it. Resolves to what to tell the person. */
export async function copyNode(node, rich = null) {
  if (await copyRich(node.textContent, rich)) return 'Copied';
  selectText(node);
  return 'Press Ctrl+C';
}
