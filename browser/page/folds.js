// What of the form is open: the folded groups, the detail boxes, the judgement call beside the
// headline; and `openField`, the one way any link to a field (a missing detail, an error, a
// blocker of a text) opens the field's group and puts the cursor in it.

import { focusTarget, question, questions } from './form-answers.js';
import { setText, show } from './dom.js';

/** True when a question holds an answer (a kept raw value from a link counts). */
function answered(wrapper) {
  if (!wrapper) return false;
  if (wrapper.dataset.raw !== undefined) return true;
  // A radio group's first choice may be "none" (value ""), or its default (the first stage):
  // chosen, it answers nothing.
  const none = ['', wrapper.dataset.default];
  return [...wrapper.querySelectorAll('input, select, textarea')].some((control) => {
    if (control.type === 'checkbox') return control.checked;
    if (control.type === 'radio') return control.checked && !none.includes(control.value);
    return control.value.trim();
  });
}

/**
 * Show each detail box once its question is answered (a box ticked, a call made), or while it holds text;
 * hide an empty one when its question is no longer answered. `changed`: the key the person just
 * changed: a box they are typing in (or that has the focus) never disappears under the cursor.
 * The judgement call shows once anything is answered (the first screen shows the questions only).
 */
export function showDetails(form, changed = null) {
  for (const wrapper of form.querySelectorAll('.dt-q[data-detail-of]')) {
    const owner = question(form, wrapper.dataset.detailOf);
    const keep = wrapper.dataset.key === changed || wrapper.contains(document.activeElement);
    const visible = answered(owner) || answered(wrapper) || (keep && !wrapper.hidden);
    show(wrapper, visible);
  }
  const beside = form.querySelector('#dt-judgement-call');
  if (beside) {
    const inside = beside.contains(document.activeElement) && !beside.hidden;
    show(beside, inside || questions(form).some(answered));
  }
}

/** Each folded group says how many of its answers need fixing (none: nothing said). */
export function markFolds(form) {
  for (const fold of form.querySelectorAll('details.dt-fold')) {
    const count = fold.querySelectorAll('.dt-q--invalid').length;
    let note = fold.querySelector('.dt-fold__problems');
    if (!note && count) {
      note = document.createElement('span');
      note.className = 'dt-fold__problems';
      fold.querySelector('summary').append(' ', note);
    }
    if (note) {
      setText(note, count ? `${count} to fix` : '');
      show(note, count > 0);
    }
  }
}

/**
 * Open a field wherever it is (its folded group, its detail box, the judgement call), bring it
 * into view and put the cursor in it. Only ever called for a click on a link: the page never
 * scrolls or moves the focus by itself. Returns the focused control, or null.
 */
export function openField(form, key) {
  const wrapper = question(form, key);
  const target = focusTarget(form, key);
  if (!wrapper || !target) return null;
  for (let node = wrapper; node && node !== form; node = node.parentElement) {
    if (node.tagName === 'DETAILS') node.open = true;
    if (node.hidden) node.hidden = false;
  }
  target.scrollIntoView({ block: 'center' });
  target.focus({ preventScroll: true });
  return target;
}
