// When the answers reach storage and the address bar: after a result is shown, and before leaving.

import { readAnswers } from './form-answers.js';

/** Write the latest answers to storage and the address bar now (leaving, copying the link). */
export function saveNow(page) {
  if (page.owed) {
    page.owed = false;
    page.persister.flush(readAnswers(page.form));
  } else {
    page.persister.flush();
  }
}

/** A result for `answers` is on the page: storage and the address bar follow it, later. */
export function saveShown(page, answers, sentAt) {
  if (!page.owed) return;
  page.owed = false;
  page.persister.schedule(answers, sentAt);
}

/** The tab is hidden (another tab, the address bar, the laptop closing): save now. */
export function saveIfHidden(page) {
  if (document.visibilityState === 'hidden') saveNow(page);
}

/** A link is about to take the browser elsewhere (Material's instant navigation included). */
export function saveBeforeLink(page, event) {
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (link && !link.matches('a.dt-field-link')) saveNow(page);
}
