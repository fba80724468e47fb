// The form's answers on arrival: from the link, else this browser's storage; none after "Forget".

import { fieldLabel } from './decision-view.js';
import { showDetails } from './folds.js';
import { maxBytes, readAnswers, readLink, writeAnswers } from './form-answers.js';
import {
  fragmentBytes,
  fragmentText,
  fragmentWrittenAt,
  markFragmentWritten,
  replaceFragment,
} from './fragment.js';
import { forgottenSince, loadStored, storeText } from './storage.js';

// True while the page shown came from the back/forward history (a full load, or Material's
// instant navigation on popstate), false once the person follows a link: only history entries
// written before the last "Forget" are ignored, never a link opened afresh.
let fromHistory = performance.getEntriesByType?.('navigation')[0]?.type === 'back_forward';
window.addEventListener('popstate', () => {
  fromHistory = true;
});
window.addEventListener(
  'click',
  () => {
    fromHistory = false;
  },
  true,
);

/**
 * Fill the form from the fragment, else from this browser's storage, and evaluate at once.
 *
 * The engine gets the link's (or storage's) JSON text exactly, as the CLI would, until the
 * person changes an answer: duplicate keys, `"4"` for a number or `1e400` get the CLI's verdict
 * (see `sendable`). The form shows what it can; nothing over a limit is written into it (see
 * readLink). A history entry older than the last "Forget" brings nothing back.
 */
export function restore(page) {
  const { form } = page;
  const hash = window.location.hash;
  // Too large for the engine: refused unread (decoding 2 MB alone would hold the tab).
  const size = fragmentBytes(hash);
  const tooLarge = size > maxBytes(form) ? size : null;
  let fromFragment = tooLarge ? null : fragmentText(hash);
  if (fromFragment !== null && fromHistory && forgottenSince(fragmentWrittenAt(hash))) {
    replaceFragment({});
    fromFragment = null;
  }
  const text = tooLarge ? null : (fromFragment ?? loadStored());
  page.shownAt = Date.now();
  if (text === null) {
    page.linkNotes = linkNotes(form, { tooLarge });
    showDetails(form);
    page.loop.request();
    return;
  }
  if (fromFragment !== null) markFragmentWritten();
  const link = readLink(form, text);
  let ignored;
  try {
    ignored = link ? writeAnswers(form, link.answers) : [];
  } catch {
    form.reset();
    writeAnswers(form, {});
    ignored = [];
  }
  for (const key of link?.keys ?? []) page.touched.add(key);
  showDetails(form);
  page.link = { text, formText: JSON.stringify(readAnswers(form)) };
  page.linkNotes = linkNotes(form, { ignored, refused: link?.refused ?? [] });
  if (fromFragment !== null) {
    // A link opens at the recommendation (the only time the page scrolls by itself).
    page.root.querySelector('#recommendation').scrollIntoView({ block: 'start' });
    // A link's answers replace what this browser held (unless over the size limit).
    if (link) storeText(text);
  }
  page.loop.request();
}

/** The JSON text to send for the form's answers (`text`): the link's own while the form has it. */
export function sendable(page, text) {
  return page.link && text === page.link.formText ? page.link.text : text;
}

/** Notes about the link the answers came from (keys it held that are not questions here). */
function linkNotes(form, { tooLarge = null, ignored = [], refused = [] }) {
  const notes = [];
  if (tooLarge) {
    notes.push(
      `The link is too large to read: ${tooLarge.toLocaleString('en')} bytes of ` +
        `answers, at most ${maxBytes(form).toLocaleString('en')}.`,
    );
  }
  if (ignored.length) {
    notes.push(`Ignored from the link (not questions of this form): ${ignored.join(', ')}`);
  }
  for (const { key, length, max } of refused) {
    const label = fieldLabel(form, key);
    notes.push(
      `Not filled in from the link: ${label} (${length.toLocaleString('en')} characters; ` +
        `at most ${max.toLocaleString('en')}).`,
    );
  }
  return notes;
}

/** Empty the form, the ticks and the address bar; nothing pending is written after this. */
export function clear(page) {
  page.persister.cancel();
  page.owed = false;
  page.link = null;
  page.linkNotes = [];
  page.form.reset();
  writeAnswers(page.form, {});
  page.touched.clear();
  page.ticks = new Set();
  page.identity = null;
  replaceFragment({});
  page.shownAt = Date.now();
  showDetails(page.form);
  page.loop.request();
}

/** Back to a page kept whole in memory (bfcache) after "Forget" elsewhere: empty it. */
export function pageShown(page, event) {
  if (event.persisted && forgottenSince(page.shownAt)) clear(page);
}
