// The other tabs of this browser: an emergency forgotten in one empties every tab that shows it
// (their next keystroke or reload stores nothing of it); one changed in another tab is followed
// here while this tab owes nothing, else said at the top of the form with that version offered
// (the record's entries of both are kept: record-merge.js); every tab's list follows the store.

import { noteOtherTab, openEmergency, pageAnswers, sendable, startNew } from './emergency.js';
import { renderEmergencies } from './emergencies-view.js';
import { announce, recordChanged } from './record-change.js';
import { entries } from './record-entries.js';
import { recordOf, takeNewer } from './record-merge.js';
import { showDamaged } from './restore.js';
import { entryKey, forgottenSince, isForgotten, loadEmergency } from './storage.js';

/** What the notice says (also to screen readers). */
const CHANGED_ELSEWHERE = 'This emergency was changed in another tab.';

/** True when the emergency on show was forgotten, here or in another tab, since it was shown. */
function forgotten(page) {
  return page.emergencyId !== null && (isForgotten(page.emergencyId) || forgottenSince(page.shownAt));
}

/** Empty the page when its emergency was forgotten elsewhere; keep the list up to date. */
export function storeChanged(page) {
  if (forgotten(page)) {
    showDamaged(page, false);
    startNew(page);
  }
  renderEmergencies(page);
}

/** Another tab changed the emergency on show: show its answers and ticks; when this tab has
 * answers of its own still to store, say so instead and offer that version. */
function follow(page) {
  const held = loadEmergency(page.emergencyId);
  if (!held) return;
  if (page.owed) {
    noteOtherTab(page, held);
    announce(page, CHANGED_ELSEWHERE);
    return;
  }
  if (held.text !== sendable(page, JSON.stringify(pageAnswers(page)))) {
    openEmergency(page, held.id, held.text);
  } else if ([...held.ticks].sort().join() !== [...page.ticks].sort().join()) {
    page.ticks = held.ticks;
    page.loop.request({ force: true });
  }
}

/** Another tab wrote this browser's store (the storage event). */
export function onStorage(page, event) {
  if (event.storageArea !== window.localStorage) return;
  if (page.emergencyId !== null && event.key === entryKey(page.emergencyId) && event.newValue) {
    follow(page);
  }
  storeChanged(page);
}

/** "Load that version": the other tab's answers in the form, with the record entries of both
 * (this tab's own, and any stored since), kept as this tab's change. */
export function loadOtherTab(page) {
  const held = page.otherTab;
  if (!held || held.id !== page.emergencyId) return;
  const ours = [...entries(page.form), ...recordOf(loadEmergency(held.id)?.text)];
  openEmergency(page, held.id, held.text);
  if (takeNewer(page, ours)) recordChanged(page);
  page.form.querySelector('input, select, textarea')?.focus();
}

/** Back to a page kept whole in memory (bfcache): whatever was forgotten meanwhile is gone. */
export function pageShown(page, event) {
  if (event.persisted) storeChanged(page);
}
