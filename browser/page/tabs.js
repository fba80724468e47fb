// The other tabs of this browser: an emergency forgotten in one empties every tab that shows it
// (their next keystroke or reload stores nothing of it); one changed in another tab is followed
// here while this tab owes nothing; every tab's list follows the store.

import { openEmergency, pageAnswers, sendable, startNew } from './emergency.js';
import { renderEmergencies } from './emergencies-view.js';
import { showDamaged } from './restore.js';
import { entryKey, forgottenSince, isForgotten, loadEmergency } from './storage.js';

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

/** Another tab changed the emergency on show: show its answers and ticks (unless this tab has
 * answers of its own still to store: they win, as the last change). */
function follow(page) {
  const held = loadEmergency(page.emergencyId);
  if (!held || page.owed) return;
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

/** Back to a page kept whole in memory (bfcache): whatever was forgotten meanwhile is gone. */
export function pageShown(page, event) {
  if (event.persisted) storeChanged(page);
}
