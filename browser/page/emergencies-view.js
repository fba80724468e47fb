// The list of the emergencies this browser holds (customer, stage, last change), behind one
// control below the verdict: each one a button that opens it; the open one marked as shown here.

import { emergencyIds, listEmergencies } from './storage.js';

/** A time as the page writes it in the list: `2026-12-07 14:02 UTC`. */
function utc(ms) {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** One line for an emergency ({text, changed}): its customer, its stage if any, its last change. */
export function describeEmergency(entry, words) {
  let answers = {};
  try {
    answers = JSON.parse(entry.text) ?? {};
  } catch {
    /* a text the engine will say is broken: no customer to name */
  }
  const customer = typeof answers.customer === 'string' ? answers.customer.trim() : '';
  const parts = [customer || words.unnamed];
  const stage = words.stages[answers.stage];
  if (typeof stage === 'string') parts.push(stage);
  parts.push(`${words.changed} ${utc(entry.changed)}`);
  return parts.join(' · ');
}

/** Bring the list up to date (its count always; its lines while it is open). */
export function renderEmergencies(page) {
  const panel = page.root.querySelector('#dt-emergencies');
  const count = emergencyIds().length;
  panel.querySelector('.dt-emergencies__count').textContent = count ? `(${count})` : '';
  const list = panel.querySelector('#dt-emergencies-list');
  if (!panel.open) {
    list.replaceChildren();
    return;
  }
  const words = JSON.parse(panel.dataset.words);
  const items = listEmergencies().map((entry) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'dt-emergency';
    button.dataset.emergency = entry.id;
    button.textContent = describeEmergency(entry, words);
    if (entry.id === page.emergencyId) {
      button.setAttribute('aria-current', 'true');
      button.append(` (${words.shown})`);
    }
    item.append(button);
    return item;
  });
  list.replaceChildren(...items);
}
