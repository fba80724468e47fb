// (v3) What the person does to the stage and the record: move the stage (each move an entry),
// add a note, correct an entry's time or remove it; the offers' buttons go to record-offers.js.

import { announce, recordChanged, recordStage } from './record-change.js';
import { addEntry, entries, setEntries, showStage, stages, utcIso } from './record-entries.js';
import { offerClick, offerMoment, recordsMoment } from './record-offers.js';

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








/** A click inside the record or on an offer; true when it was one of theirs. */
export async function recordClick(page, target) {
  if (await offerClick(page, target)) return true;
  if (target.id === 'dt-stage-next' || target.id === 'dt-stage-back') {
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
  } else if (recordsMoment(target.name) && target.value) {
    offerMoment(page, target.name);
  }
}

/** Enter in the note's field adds the note (the form is never submitted). */
export function noteKey(page, event) {
  if (event.key !== 'Enter' || event.target.id !== 'dt-record-input') return;
  event.preventDefault();
  addNote(page);
}
