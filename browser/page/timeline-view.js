// (v3) Paints the stage control's moves and the timeline: the record in time order, in UTC, each
// entry with its time to correct and its Remove; the moments ahead; the strip drawn from both.

import { el, changed, setText, show } from './dom.js';
import {
  byTime,
  currentStage,
  entries,
  entryTime,
  recordWords,
  stages,
  utcLabel,
  utcLocal,
} from './record-entries.js';
import { renderPack } from './handover-pack.js';
import { drawStrip } from './record-strip.js';

/** The moments of the last decision shown (the strip and the offers read them). */
const lastMoments = new WeakMap();

/** The moments of the decision last shown on this form ([] before any). */
export function moments(form) {
  return lastMoments.get(form) ?? [];
}

/** The stage control's two moves: back to the stage before, on to the next (hidden at the ends). */
function renderMoves(root, form) {
  const order = stages(form);
  const at = order.findIndex((stage) => stage.id === currentStage(form));
  const back = root.querySelector('#dt-stage-back');
  const next = root.querySelector('#dt-stage-next');
  const before = at > 0 ? order[at - 1] : null;
  const after = order[at + 1] ?? null;
  show(back, before !== null);
  show(next, after !== null);
  back.dataset.stage = before?.id ?? '';
  next.dataset.stage = after?.id ?? '';
  setText(back, before ? `Back to ${before.name}` : '');
  setText(next, after ? `Move to ${after.name}` : '');
}

/** What an entry says: its kind's name, then its text. */
function entryWords(form, entry) {
  const kinds = recordWords(form).kinds;
  const kind = kinds[entry?.kind] ?? String(entry?.kind ?? '');
  return `${kind}: ${String(entry?.text ?? '')}`;
}

/** One line of the timeline: its time (UTC, to correct), what happened, its Remove. */
function entryItem(form, entry, index) {
  const li = el('li', 'dt-entry');
  li.dataset.kind = String(entry?.kind ?? '');
  const words = entryWords(form, entry);
  const time = el('input', 'dt-entry__time');
  time.type = 'datetime-local';
  time.value = utcLocal(entry?.at);
  time.dataset.index = String(index);
  time.setAttribute('aria-label', `Time in UTC of ${words}`);
  const what = el('span', 'dt-entry__what', words);
  const remove = el('button', 'md-button dt-action dt-entry__remove', 'Remove');
  remove.type = 'button';
  remove.dataset.remove = String(index);
  remove.setAttribute('aria-label', `Remove ${words}`);
  li.append(time, ' ', el('span', 'dt-entry__utc', 'UTC'), ' ', what, ' ', remove);
  return li;
}

/** The timeline's list, rebuilt when the record changes; the control in focus keeps it. */
function renderList(root, form) {
  const list = root.querySelector('#dt-timeline-list');
  const given = entries(form);
  show(root.querySelector('#dt-timeline-empty'), given.length === 0);
  if (!changed(list, JSON.stringify(given))) return;
  const focused = list.contains(document.activeElement) ? document.activeElement : null;
  const again = focused && {
    selector: focused.dataset.remove !== undefined ? 'dt-entry__remove' : 'dt-entry__time',
    index: focused.dataset.index ?? focused.dataset.remove,
  };
  list.replaceChildren(...byTime(given).map(({ entry, index }) => entryItem(form, entry, index)));
  if (!again) return;
  const attribute = again.selector === 'dt-entry__time' ? 'index' : 'remove';
  const target = [...list.querySelectorAll(`.${again.selector}`)].find(
    (node) => node.dataset[attribute] === again.index,
  );
  target?.focus({ preventScroll: true });
}

/** The moments ahead, by the engine's labels, in time order: the strip's list beside it. */
function renderAhead(root, ahead) {
  const list = root.querySelector('#dt-ahead');
  show(list, ahead.length > 0);
  show(root.querySelector('#dt-ahead-title'), ahead.length > 0);
  if (!changed(list, JSON.stringify(ahead))) return;
  const items = ahead.map((moment) => {
    const when = Number.isNaN(entryTime(moment)) ? '' : `: ${utcLabel(moment.at)}`;
    return el('li', 'dt-ahead__moment', `${moment.label}${when}`);
  });
  list.replaceChildren(...items);
}

/**
 * The stage's moves, the timeline, the moments ahead and the strip for the form as it is;
 * `decision`: the decision just shown (its moments), undefined to keep the last one's.
 */
export function renderRecord(page, decision) {
  const { root, form } = page;
  if (decision !== undefined) lastMoments.set(form, decision?.moments ?? []);
  // Nothing answered (Forget): no moment is left to record.
  if (decision === null) show(root.querySelector('#dt-moment-offer'), false);
  const ahead = [...moments(form)].sort((a, b) => entryTime(a) - entryTime(b));
  renderMoves(root, form);
  renderList(root, form);
  renderAhead(root, ahead);
  renderPack(root, form, ahead);
  drawStrip(root.querySelector('#dt-strip'), byTime(entries(form)), ahead, Date.now());
}
