// (v3) What the person does to the stage and the record: move the stage (each move an entry),
// add a note, correct an entry's time or remove it, and the inline offers: mark a copied text
// posted (which may move the stage), record a touch-point or a shift end that was just given.

import { el } from './dom.js';
import { question } from './form-answers.js';
import { answerChanged } from './inputs.js';
import {
  addEntry,
  currentStage,
  entries,
  recordWords,
  setEntries,
  showStage,
  stages,
  utcIso,
  utcLabel,
} from './record-entries.js';
import { moments, renderRecord } from './timeline-view.js';

/** The moment each answer sets, and the kind of entry that records it. */
const MOMENT_OF = {
  next_touchpoint: { moment: 'next_touchpoint', kind: 'touchpoint' },
  shift_ends_at: { moment: 'handover', kind: 'handover' },
};
/** The text whose copy offers to record a handover (its posting is one). */
const HANDOVER_TEXT = 'handover';

/** Say it to screen readers. */
function announce(page, message) {
  page.root.querySelector('#dt-announce').textContent = message;
}

/** The record (and the stage) changed here: as for any answer, then repaint the timeline. */
function recordChanged(page) {
  page.touched.add('stage');
  answerChanged(page, { target: question(page.form, 'record') });
  renderRecord(page);
}

/** Record the stage shown (an entry in the policy's words). */
function recordStage(page) {
  const stage = stages(page.form).find((item) => item.id === currentStage(page.form));
  if (stage) addEntry(page.form, 'stage', stage.name);
}

/** Move the stage to `stage` and record it. */
function moveStage(page, stage) {
  showStage(page.form, stage);
  recordStage(page);
  recordChanged(page);
  const name = stages(page.form).find((item) => item.id === stage)?.name ?? stage;
  announce(page, `Stage: ${name}`);
}

/** Add the note typed (one line); an empty note adds nothing and says so. */
function addNote(page) {
  const input = page.root.querySelector('#dt-record-input');
  const text = input.value.replace(/\s+/g, ' ').trim();
  if (!text) {
    announce(page, 'Type the note first');
    input.focus();
    return;
  }
  addEntry(page.form, 'note', text);
  input.value = '';
  recordChanged(page);
  announce(page, 'Note added to the timeline');
}

/** Remove the entry at `index` (as given). */
function removeEntry(page, button) {
  const list = entries(page.form);
  const index = Number(button.dataset.remove);
  list.splice(index, 1);
  setEntries(page.form, list);
  recordChanged(page);
  announce(page, 'Entry removed');
  page.root.querySelector('#dt-record-input').focus();
}

/** Where an offer goes for a Copy button: its step, else its text's block. */
function offerHolder(page, button, templateId) {
  const step = button.closest('li.dt-step');
  if (step) return step;
  return [...page.root.querySelectorAll('article.dt-template')].find(
    (block) => block.dataset.templateId === templateId,
  );
}

/** An inline offer: a line of text and two buttons ("Not now" dismisses it). */
function offerNode(id, text, action, label) {
  const offer = el('div', 'dt-offer');
  offer.setAttribute('role', 'group');
  const words = el('span', 'dt-offer__text', text);
  words.id = `${id}-text`;
  offer.setAttribute('aria-labelledby', words.id);
  const yes = el('button', 'md-button dt-action', label);
  yes.type = 'button';
  yes.dataset.offer = action;
  const no = el('button', 'md-button dt-action', 'Not now');
  no.type = 'button';
  no.dataset.offer = 'dismiss';
  offer.append(words, ' ', yes, ' ', no);
  return offer;
}

/**
 * A text was copied: when its posting starts a stage (the policy's `[record.starts]`) or is a
 * handover, offer right after the Copy to mark it posted.
 */
export function offerPosted(page, templateId, button) {
  const starts = recordWords(page.form).starts[templateId];
  if (!starts && templateId !== HANDOVER_TEXT) return;
  const holder = offerHolder(page, button, templateId);
  if (!holder) return;
  holder.querySelector(':scope > .dt-offer')?.remove();
  const stage = stages(page.form).find((item) => item.id === starts);
  const order = stages(page.form).map((item) => item.id);
  const moves = stage && order.indexOf(stage.id) > order.indexOf(currentStage(page.form));
  const also = moves ? ` and moves the stage to ${stage.name}` : '';
  const text = `Posted it? Marking it posted adds it to the timeline${also}.`;
  const offer = offerNode(`dt-offer-${templateId}`, text, 'posted', 'Mark posted');
  offer.dataset.offerTemplate = templateId;
  offer.dataset.stage = moves ? stage.id : '';
  offer.returnTo = button;
  const head = holder.querySelector(':scope > .dt-template__head');
  if (head) head.after(offer);
  else holder.append(offer);
  announce(page, `Copied. ${text}`);
}

/** "Mark posted": a `posted` (or `handover`) entry with the text's title; the stage it starts. */
function markPosted(page, offer) {
  const id = offer.dataset.offerTemplate;
  const block = [...page.root.querySelectorAll('article.dt-template')].find(
    (node) => node.dataset.templateId === id,
  );
  const title = block?.querySelector('.dt-template__title').textContent.trim() || id;
  addEntry(page.form, id === HANDOVER_TEXT ? 'handover' : 'posted', title);
  if (offer.dataset.stage) {
    showStage(page.form, offer.dataset.stage);
    recordStage(page);
  }
  recordChanged(page);
  announce(page, offer.dataset.stage ? 'Marked posted; the stage moved' : 'Marked posted');
  closeOffer(offer);
}

/** Remove an offer; the focus goes back to the Copy that made it (or the note). */
function closeOffer(offer) {
  const back = offer.returnTo?.isConnected ? offer.returnTo : null;
  const hadFocus = offer.contains(document.activeElement);
  if (offer.id) offer.hidden = true;
  else offer.remove();
  if (hadFocus) (back ?? document.getElementById('dt-record-input'))?.focus();
}

/** A touch-point or a shift end was given or changed: offer to record it in the timeline. */
function offerMoment(page, key) {
  const offer = page.root.querySelector('#dt-moment-offer');
  const { moment } = MOMENT_OF[key];
  offer.dataset.key = key;
  const what = key === 'next_touchpoint' ? 'The next touch-point' : 'Your shift end';
  const as = moment === 'handover' ? 'a handover' : 'agreed';
  offer.querySelector('.dt-offer__text').textContent =
    `${what} changed: record it in the timeline (${as})?`;
  offer.hidden = false;
}

/** "Record it": the moment's label and time, as of now. */
async function recordMoment(page, offer) {
  await page.loop.flush();
  const { moment, kind } = MOMENT_OF[offer.dataset.key];
  const found = moments(page.form).find((item) => item.id === moment);
  if (!found) {
    announce(page, 'Fix that time first: it has no moment yet');
    return;
  }
  addEntry(page.form, kind, `${found.label}: ${utcLabel(found.at)}`);
  recordChanged(page);
  announce(page, 'Recorded in the timeline');
  closeOffer(offer);
}

/** A click inside the record or on an offer; true when it was one of theirs. */
export async function recordClick(page, target) {
  const offer = target.closest('.dt-offer');
  if (target.dataset.offer === 'dismiss') closeOffer(offer);
  else if (target.dataset.offer === 'posted') markPosted(page, offer);
  else if (target.dataset.offer === 'record') await recordMoment(page, offer);
  else if (target.id === 'dt-stage-next' || target.id === 'dt-stage-back') {
    moveStage(page, target.dataset.stage);
  } else if (target.id === 'dt-note-add') addNote(page);
  else if (target.dataset.remove !== undefined) removeEntry(page, target);
  else return false;
  return true;
}

/** A change in the form: the stage chosen (recorded), an entry's time corrected, a moment given. */
export function recordChange(page, event) {
  const target = event.target;
  if (target.name === 'stage') {
    recordStage(page);
    recordChanged(page);
  } else if (target.matches('.dt-entry__time')) {
    const at = utcIso(target.value);
    if (!at) return;
    const list = entries(page.form);
    const entry = list[Number(target.dataset.index)];
    if (!entry || entry.at === at) return;
    entry.at = at;
    setEntries(page.form, list);
    recordChanged(page);
  } else if (Object.hasOwn(MOMENT_OF, target.name) && target.value) {
    offerMoment(page, target.name);
  }
}

/** Enter in the note's field adds the note (the form is never submitted). */
export function noteKey(page, event) {
  if (event.key !== 'Enter' || event.target.id !== 'dt-record-input') return;
  event.preventDefault();
  addNote(page);
}
