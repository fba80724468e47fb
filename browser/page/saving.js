// When the emergency reaches this browser's store: after a result is shown, and before leaving.
// Never the address bar: it holds answers only while a link is being opened.

import { pageAnswers } from './emergency.js';
import { onlyDefaults } from './form-answers.js';
import { renderEmergencies } from './emergencies-view.js';
import { keepBase, recordOf, takeNewer } from './record-merge.js';
import { dropEmergency, loadEmergency, saveEmergency } from './storage.js';
import { renderRecord } from './timeline-view.js';

/** Store `answers` as the shown emergency's (removed when none is left), and update the list.
 * Record entries another tab stored meanwhile join them first (never overwritten). */
function store(page, given) {
  if (page.emergencyId === null) return; // still opening (a link's question is open)
  let answers = given;
  if (takeNewer(page, recordOf(loadEmergency(page.emergencyId)?.text))) {
    answers = pageAnswers(page);
    renderRecord(page);
    page.loop.request();
  }
  keepBase(page, Array.isArray(answers.record) ? answers.record : []);
  if (!onlyDefaults(page.form, answers)) {
    saveEmergency(page.emergencyId, JSON.stringify(answers), page.ticks);
  } else {
    dropEmergency(page.emergencyId);
  }
  renderEmergencies(page);
}

/** Store the latest answers now (leaving, copying the link), if any are owed. */
export function saveNow(page) {
  if (!page.owed) return;
  page.owed = false;
  store(page, pageAnswers(page));
}

/** A result for `answers` is on the page: store them. */
export function saveShown(page, answers) {
  if (!page.owed) return;
  page.owed = false;
  store(page, answers);
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
