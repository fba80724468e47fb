// The texts' HTML form (rich paste), asked of the engine only when it is needed: while the
// person types, the page evaluates without it (each keystroke derives less, and less crosses from
// the worker); a Copy asks for the HTML of the decision on show (the same answers' text at the
// same `now`, so the same texts), and so does a pause in the typing, so that a copy by hand of a
// whole text (clipboard.js copySelection, which cannot wait) carries it too.

/** How long the answers stay unchanged before the HTML is asked for without a Copy. */
const PAUSE_MS = 1000;

/** The texts' {text, html} for the decision on show, by template id; asked once per decision. */
export function richTexts(page) {
  const shown = page.evaluated;
  if (!shown) return Promise.resolve({});
  if (page.rich?.shown !== shown) {
    const texts = page.engine.evaluateText(shown.text, 'evaluate', shown.now).then((text) => {
      const templates = JSON.parse(text).templates ?? {};
      return Object.fromEntries(
        Object.entries(templates).map(([id, { text: plain, html }]) => [id, { text: plain, html }]),
      );
    });
    page.rich = { shown, texts };
    texts.then(
      (found) => {
        if (page.evaluated === shown) keep(page, found);
      },
      () => {
        if (page.rich?.shown === shown) page.rich = null; // a later Copy asks again
      },
    );
  }
  return page.rich.texts;
}

/** Each text element of the page holds its HTML form as a property (never in the DOM). */
function keep(page, found) {
  for (const node of page.root.querySelectorAll('[data-template]')) {
    const rich = found[node.dataset.template];
    node.richHtml = rich && rich.text === node.textContent ? rich.html : '';
  }
}

/** A decision without the HTML is on show: no text holds an HTML form until it is asked for
 * (a Copy, or a pause of PAUSE_MS in the typing). */
export function htmlLater(page) {
  for (const node of page.root.querySelectorAll('[data-template]')) node.richHtml = '';
  window.clearTimeout(page.richTimer);
  page.richTimer = window.setTimeout(() => {
    if (!page.signal.aborted && !page.loop.running) richTexts(page).catch(() => {});
  }, PAUSE_MS);
}
