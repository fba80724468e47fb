// What the reader's own input changes: an answer (then the engine is asked) or a step's tick.

import { withdrawLinkOffers } from './clipboard.js';
import { pageAnswers } from './emergency.js';
import { showDetails } from './folds.js';
import { answeredAt, clearPartner, clearRaw } from './form-answers.js';
import { saveTicks } from './storage.js';

/** What each field held at its last `input` event. Its `change` event follows when it is left
 * (Tab, a click elsewhere, the tab closing): no new answer, so the answer's time (the hours'
 * `hours_as_of`) and the emergency's last change stay when it was typed. */
const typed = new WeakMap();
const held = (field) => `${field.checked}:${field.value}`;

/** A question changed: keep one answer of an either pair, show or hide its detail boxes, mark it
 * touched, withdraw what Copy link said of the link, evaluate at once. */
export function answerChanged(page, event) {
  const wrapper = event.target.closest('.dt-q[data-key]');
  if (!wrapper) return;
  if (event.type === 'change' && typed.get(event.target) === held(event.target)) return;
  if (event.type === 'input') typed.set(event.target, held(event.target));
  const key = wrapper.dataset.key;
  clearRaw(wrapper);
  page.link = null;
  withdrawLinkOffers(page.root); // its link is out of date now
  page.shownAt = Date.now();
  page.touched.add(key);
  answeredAt(page.form, key, new Date(Date.now()));
  if (event.target.value) clearPartner(page.form, key);
  showDetails(page.form, key);
  page.owed = true;
  page.loop.request();
}

/** A step was ticked or unticked: remember it for this emergency. */
export function stepTicked(page, event) {
  const step = event.target.dataset?.step;
  if (!step) return;
  if (event.target.checked) page.ticks.add(step);
  else page.ticks.delete(step);
  saveTicks(page.emergencyId, JSON.stringify(pageAnswers(page)), page.ticks);
}
