// What the reader's own input changes: an answer (then the engine is asked) or a step's tick.

import { withdrawByHand } from './clipboard.js';
import { pageAnswers } from './emergency.js';
import { showDetails } from './folds.js';
import { answeredAt, clearPartner, clearRaw } from './form-answers.js';
import { saveTicks } from './storage.js';

/** A question changed: keep one answer of an either pair, show or hide its detail boxes, mark it
 * touched, withdraw a link shown to copy by hand, evaluate at once. */
export function answerChanged(page, event) {
  const wrapper = event.target.closest('.dt-q[data-key]');
  if (!wrapper) return;
  const key = wrapper.dataset.key;
  clearRaw(wrapper);
  page.link = null;
  withdrawByHand(page.root.querySelector('#dt-link-by-hand')); // its link is out of date now
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
