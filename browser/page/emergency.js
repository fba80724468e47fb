// The emergency the page shows: its id, its answers in the form (and the keys it carries without a
// question), its ticks; opening one, starting a new one, emptying the page when it is forgotten.

import { fieldLabel } from './decision-view.js';
import { withdrawLinkOffers } from './clipboard.js';
import { showDetails } from './folds.js';
import { withDefaults } from './answer-defaults.js';
import { maxBytes, readAnswers, readLink, writeAnswers } from './form-answers.js';
import { newId } from './fragment.js';
import { keepBase } from './record-merge.js';
import { entries } from './record-entries.js';
import { loadEmergency, setTabEmergency } from './storage.js';

/** The answers object the page holds: the form's answers (the stage and the record included:
 * the stage control and the timeline are questions of the form). */
export function pageAnswers(page) {
  return readAnswers(page.form);
}

/** The JSON text to send for the page's answers (`text`): the link's own while the form has it. */
export function sendable(page, text) {
  return page.link && text === page.link.formText ? page.link.text : text;
}

/** Empty the page for the emergency `id`: form, ticks, notes, what Copy link said of its link;
 * nothing pending is written after. */
function empty(page, id) {
  page.owed = false;
  page.link = null;
  withdrawLinkOffers(page.root);
  page.linkNotes = [];
  page.form.reset();
  writeAnswers(page.form, {});
  page.touched.clear();
  page.emergencyId = id;
  page.ticks = new Set();
  page.shownAt = Date.now();
  noteOtherTab(page, null);
  setTabEmergency(id);
}

/** Say (or stop saying) at the top of the form that another tab stored this emergency while this
 * one had changes still to store; `held`: that tab's version, offered by "Load that version". */
export function noteOtherTab(page, held) {
  page.otherTab = held;
  page.root.querySelector('#dt-other-tab').hidden = !held;
}

/**
 * Show the emergency `id` with the answers' JSON `text` (a link's or the store's), exactly as
 * written: the engine gets that text, as the CLI would, until the person changes an answer
 * (duplicate keys, `"4"` for a number or `1e400` get the CLI's verdict). The form shows what it
 * can; nothing over a limit is written into it (see readLink).
 */
export function openEmergency(page, id, text, notes = {}) {
  empty(page, id);
  page.ticks = new Set(loadEmergency(id)?.ticks ?? []);
  if (text === null) {
    page.linkNotes = linkNotes(page.form, notes);
    keepBase(page, []);
    showDetails(page.form);
    page.loop.request();
    return;
  }
  const link = readLink(page.form, text);
  let ignored;
  try {
    ignored = link ? writeAnswers(page.form, link.answers) : [];
  } catch {
    page.form.reset();
    writeAnswers(page.form, {});
    ignored = [];
  }
  for (const key of link?.keys ?? []) page.touched.add(key);
  keepBase(page, entries(page.form));
  showDetails(page.form);
  page.link = {
    text: link ? withDefaults(page.form, text, link.keys) : text,
    formText: JSON.stringify(pageAnswers(page)),
  };
  page.linkNotes = linkNotes(page.form, { ...notes, ignored, refused: link?.refused ?? [] });
  page.loop.request();
}

/** Start a new, empty emergency (stored once something is answered). */
export function startNew(page, notes = {}) {
  openEmergency(page, newId(), null, notes);
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
