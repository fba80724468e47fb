// The emergency on arrival: a link's (moved into this browser's store, the address bar cleared),
// else the one this tab showed, else the last changed one; a damaged link shows nothing.

import { withoutNow } from './answers-text.js';
import { openEmergency, startNew } from './emergency.js';
import { maxBytes, readLink } from './form-answers.js';
import { clearAddressBar, newId, readHash } from './fragment.js';
import { askToReplace } from './replace-dialog.js';
import {
  forgottenSince,
  listEmergencies,
  loadEmergency,
  migrate,
  saveEmergency,
  tabEmergency,
} from './storage.js';

/** Say (or stop saying) at the top of the tool that the link was damaged. */
export function showDamaged(page, damaged) {
  page.root.querySelector('#dt-link-damaged').hidden = !damaged;
}

/**
 * Open what the address bar holds, else (on arrival) what this browser holds; evaluate at once.
 * `arrival` false: a link pasted into the address bar of this page (a hashchange); an anchor of
 * the page's own (`#when-to-start`) changes nothing.
 */
export async function restore(page, arrival = true) {
  if (arrival) migrate();
  const found = await readHash(window.location.hash, maxBytes(page.form));
  if (page.signal.aborted || (!arrival && found.kind === 'none')) return;
  if (found.kind !== 'none') clearAddressBar();
  showDamaged(page, found.kind === 'damaged');
  if (found.kind === 'damaged') startNew(page);
  else if (found.kind === 'too-large') startNew(page, { tooLarge: found.bytes });
  else if (found.kind === 'link' && !forgottenSince(found.writtenAt)) await openLink(page, found);
  else openStored(page);
}

/** No link: the emergency this tab showed (a reload), else the last changed one, else a new one. */
function openStored(page) {
  const id = tabEmergency();
  const held = (id !== null && loadEmergency(id)) || listEmergencies()[0];
  if (held) openEmergency(page, held.id, held.text);
  else startNew(page);
}

/**
 * A link: its emergency is stored here and opened. The same answers held already open as they
 * are; other answers under the same id are asked about first; never is another emergency
 * overwritten silently. An old link (no id) opens as a new emergency, unless one holds its text.
 */
async function openLink(page, { id, text }) {
  const kept = withoutNow(text);
  const storable = readLink(page.form, text) !== null;
  const held = id === null ? listEmergencies().find((e) => e.text === kept) : loadEmergency(id);
  let target = held?.id ?? id ?? newId();
  if (held && held.text !== kept) {
    const choice = await askToReplace(page.root, held);
    if (page.signal.aborted) return;
    if (choice === 'mine') {
      openEmergency(page, held.id, held.text);
      atRecommendation(page);
      return;
    }
    if (choice === 'both') target = newId();
    if (storable) saveEmergency(target, text, choice === 'both' ? new Set() : held.ticks);
  } else if (!held && storable) {
    saveEmergency(target, text);
  }
  openEmergency(page, target, text);
  atRecommendation(page);
}

/** A link opens at the recommendation (the only time the page scrolls by itself). */
function atRecommendation(page) {
  page.root.querySelector('#recommendation').scrollIntoView({ block: 'start' });
}
