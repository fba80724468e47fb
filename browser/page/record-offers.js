// (v3) The inline offers to record what just happened: a copied text that starts a stage (the
// policy's `[record.starts]`) or a handover, marked posted (which may move the stage); a
// touch-point or a shift end just given, recorded with the engine's label for its moment.

import { el } from './dom.js';
import { announce, recordChanged, recordStage } from './record-change.js';
import {
  addEntry,
  currentStage,
  recordWords,
  showStage,
  stages,
  utcLabel,
} from './record-entries.js';
import { moments } from './timeline-view.js';

/** The moment each answer sets, the kind of entry that records it, and what the entry says
 * before the moment's time (the kind's name says what was agreed). */
const MOMENT_OF = {
  next_touchpoint: { moment: 'next_touchpoint', kind: 'touchpoint', lead: '' },
  shift_ends_at: { moment: 'handover', kind: 'handover', lead: 'planned for ' },
};
/** The text whose copy offers to record a handover (its posting is one). */
const HANDOVER_TEXT = 'handover';

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
export function offerMoment(page, key) {
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
  const { moment, kind, lead } = MOMENT_OF[offer.dataset.key];
  const found = moments(page.form).find((item) => item.id === moment);
  if (!found) {
    announce(page, 'Fix that time first: it has no moment yet');
    return;
  }
  addEntry(page.form, kind, `${lead}${utcLabel(found.at)}`);
  recordChanged(page);
  announce(page, 'Recorded in the timeline');
  closeOffer(offer);
}

/** A click on an offer's button; true when it was one. */
export async function offerClick(page, target) {
  const offer = target.closest('.dt-offer');
  if (!offer || !target.dataset.offer) return false;
  if (target.dataset.offer === 'dismiss') closeOffer(offer);
  else if (target.dataset.offer === 'posted') markPosted(page, offer);
  else if (target.dataset.offer === 'record') await recordMoment(page, offer);
  return true;
}

/** True when a change of this answer offers to record its moment. */
export function recordsMoment(key) {
  return Object.hasOwn(MOMENT_OF, key);
}
