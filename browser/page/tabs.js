// The other tabs of this browser: an emergency forgotten in one empties every tab that shows it
// (their next keystroke or reload stores nothing of it), and every tab's list follows the store.

import { startNew } from './emergency.js';
import { renderEmergencies } from './emergencies-view.js';
import { showDamaged } from './restore.js';
import { forgottenSince, isForgotten } from './storage.js';

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

/** Another tab wrote this browser's store (the storage event). */
export function onStorage(page, event) {
  if (event.storageArea === window.localStorage) storeChanged(page);
}

/** Back to a page kept whole in memory (bfcache): whatever was forgotten meanwhile is gone. */
export function pageShown(page, event) {
  if (event.persisted) storeChanged(page);
}
