// (v3) The handover pack's first page, printed only: the contacts and places the form holds
// (the single-line answers of the people and context groups) and the moments ahead.

import { changed, el } from './dom.js';
import { utcLabel } from './record-entries.js';

/** The groups whose single-line answers the pack lists. */
const GROUPS = ['#dt-group-people', '#dt-group-context'];
const SINGLE_LINE = new Set(['text', 'url']);

/** Each answered single-line question of those groups: [label, value]. */
function contacts(form) {
  const rows = [];
  for (const wrapper of form.querySelectorAll(GROUPS.map((g) => `${g} .dt-q[data-key]`).join())) {
    const control = wrapper.querySelector('input');
    if (!SINGLE_LINE.has(wrapper.dataset.kind) || !control?.value.trim()) continue;
    rows.push([wrapper.querySelector('.dt-label-text')?.textContent.trim(), control.value.trim()]);
  }
  return rows;
}

/** Fill the pack from the form and the moments ahead (the decision's, in time order). */
export function renderPack(root, form, ahead) {
  const list = root.querySelector('#dt-pack .dt-pack__list');
  const rows = [...contacts(form), ...ahead.map((moment) => [moment.label, utcLabel(moment.at)])];
  if (!list || !changed(list, JSON.stringify(rows))) return;
  const items = rows.flatMap(([term, value]) => [el('dt', null, term), el('dd', null, value)]);
  list.replaceChildren(...items);
}
