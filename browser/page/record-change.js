// (v3) The stage or the record changed here: the page treats it as a changed answer (touched,
// owed to storage, evaluated) and repaints the timeline; a stage reached is recorded in the
// policy's words.

import { question } from './form-answers.js';
import { answerChanged } from './inputs.js';
import { addEntry, currentStage, stages } from './record-entries.js';
import { renderRecord } from './timeline-view.js';

/** Say it to screen readers. */
export function announce(page, message) {
  page.root.querySelector('#dt-announce').textContent = message;
}

/** The record (and the stage) changed here: as for any answer, then repaint the timeline. */
export function recordChanged(page) {
  page.touched.add('stage');
  answerChanged(page, { target: question(page.form, 'record') });
  renderRecord(page);
}

/** Record the stage shown (an entry in the policy's words). */
export function recordStage(page) {
  const stage = stages(page.form).find((item) => item.id === currentStage(page.form));
  if (stage) addEntry(page.form, 'stage', stage.name);
}
