// What a click on the tool's buttons and field links does (copy, link, forget, calendar, remind,
// the emergencies: open one, a new one, forget all, load another tab's version).

import { copyNode, copyText, offerByHand, withdrawByHand } from './clipboard.js';
import { openEmergency, pageAnswers, sendable, startNew } from './emergency.js';
import { renderEmergencies } from './emergencies-view.js';
import { openField } from './folds.js';
import { focusTarget } from './form-answers.js';
import { buildLink } from './fragment.js';
import { showDamaged } from './restore.js';
import { loadOtherTab } from './tabs.js';
import { saveNow } from './saving.js';
import { forgetAll, forgetEmergency, loadEmergency } from './storage.js';
import { recordClick } from './record-actions.js';
import { offerPosted } from './record-offers.js';
import { richTexts } from './rich-html.js';

const FEEDBACK_MS = 2000;
const MINUTE_MS = 60_000;
/** (v3) What the Copy button of a text that is not ready says once clicked. */
const CONFIRM_COPY = 'Click again to copy it anyway';

/** Say something to screen readers and show it on a button for a moment. */
function feedback(root, button, message) {
  const announce = root.querySelector('#dt-announce');
  announce.textContent = message;
  if (!button) return;
  button.dataset.label ??= button.textContent;
  button.textContent = message;
  window.clearTimeout(Number(button.dataset.timer));
  button.dataset.timer = String(
    window.setTimeout(() => {
      button.textContent = button.dataset.label;
    }, FEEDBACK_MS),
  );
}

/** Buttons and field links inside the tool. */
export async function onClick(page, event) {
  const { root } = page;
  const target = event.target.closest('button, a.dt-field-link');
  if (!target || !root.contains(target)) return;
  if (target.matches('a.dt-field-link')) {
    // Handled here, wholly: Material's instant navigation (on document.body) would push the
    // field's id as the address's fragment, dropping the answers from it, and move the focus.
    event.preventDefault();
    event.stopPropagation();
    openField(page.form, target.dataset.field);
    return;
  }
  if (await recordClick(page, target)) return;
  if (target.id === 'dt-retry') page.engine.retry();
  else if (target.id === 'dt-copy-link') await copyLink(page, target);
  else if (target.id === 'dt-forget') forget(page, target, false);
  else if (target.id === 'dt-forget-all') forget(page, target, true);
  else if (target.id === 'dt-new') show(page, null);
  else if (target.id === 'dt-other-tab-load') loadOtherTab(page);
  else if (target.dataset.emergency) show(page, target.dataset.emergency);
  else if (target.id === 'dt-calendar') await downloadCalendar(page, target);
  else if (target.id === 'dt-remind') await remind(page, target);
  else if (target.id === 'dt-summary-go') showRecommendation(root);
  else if (target.dataset.copyTemplate) await copyTemplate(page, target);
  else if (target.dataset.copyFrom) await copyFrom(page, target);
}

/** "Remind me in this tab": ask for notifications; what came of it is said beside the button
 * (and announced), never on it. */
async function remind(page, button) {
  const message = await page.moments.askToNotify(button);
  page.root.querySelector('#dt-remind-result').textContent = message;
  page.root.querySelector('#dt-announce').textContent = message;
}

/** The summary bar's "Show the recommendation": bring it into view and move there. */
function showRecommendation(root) {
  const heading = root.querySelector('#recommendation');
  heading.tabIndex = -1;
  heading.scrollIntoView({ block: 'start' });
  heading.focus({ preventScroll: true });
}

/**
 * Copy a template's exact text (with its HTML form for rich paste). (v3) A text that is not
 * ready copies only on a deliberate second click: the first arms the button, which says so
 * until the text changes or it is clicked again.
 */
async function copyTemplate(page, button) {
  const id = button.dataset.copyTemplate;
  await page.loop.flush();
  const pre = [...page.root.querySelectorAll('[data-template]')].find(
    (node) => node.dataset.template === id,
  );
  if (!pre) return;
  if (pre.dataset.ready === 'false' && button.dataset.armed !== 'true') {
    button.dataset.armed = 'true';
    window.clearTimeout(Number(button.dataset.timer));
    button.textContent = CONFIRM_COPY;
    page.root.querySelector('#dt-announce').textContent = `Not ready to send. ${CONFIRM_COPY}.`;
    return;
  }
  delete button.dataset.armed;
  // The text with its HTML form, both of the decision on show (asked for now if not yet; the
  // engine not answering: the text alone, as shown).
  const rich = richTexts(page).then((texts) => texts[id] ?? null, () => null);
  const result = await copyNode(pre, rich);
  feedback(page.root, button, result);
  if (result === 'Copied') offerPosted(page, id, button);
}

/** Copy the text of the element a button names (e.g. the Slack room). */
async function copyFrom(page, button) {
  await page.loop.flush();
  const source = page.root.querySelector(`[data-copy-source="${button.dataset.copyFrom}"]`);
  if (source) feedback(page.root, button, await copyNode(source));
}

/** "Add to calendar": the engine's .ics for the decision on show (same text, same now). */
async function downloadCalendar(page, button) {
  await page.loop.flush();
  if (!page.evaluated) {
    feedback(page.root, button, 'Fix the answers marked above first'); // no decision on show
    return;
  }
  let result;
  try {
    result = await page.engine.calendar(page.evaluated.text, page.evaluated.now);
  } catch {
    // Ready, yet no answer: the calendar library (installed at the first click) did not load.
    const text = page.engine.status.ready
      ? 'The calendar library did not load; try again'
      : 'The engine is not ready yet';
    feedback(page.root, button, text);
    return;
  }
  if (result.errors.length || !result.ics) {
    feedback(page.root, button, 'Fix the answers marked above first');
    return;
  }
  const url = URL.createObjectURL(new Blob([result.ics], { type: 'text/calendar' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'escalation-moments.ics';
  link.hidden = true;
  page.root.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), MINUTE_MS);
  feedback(page.root, button, 'Calendar file saved');
}

/** Copy the link that carries this emergency's answers (a long one is said to be at risk first:
 * the second click copies it); refused, the link shown selected in a field to copy by hand. */
async function copyLink(page, button) {
  saveNow(page);
  const warning = page.root.querySelector('#dt-link-warning');
  const text = sendable(page, JSON.stringify(pageAnswers(page)));
  const link = await buildLink(page.emergencyId, text);
  if (link.length > Number(button.dataset.warnAt) && button.dataset.armed !== link) {
    button.dataset.armed = link;
    warning.querySelector('[data-link-length]').textContent = link.length.toLocaleString('en');
    warning.hidden = false;
    page.root.querySelector('#dt-announce').textContent = warning.textContent;
    return;
  }
  delete button.dataset.armed;
  warning.hidden = true;
  const byHand = page.root.querySelector('#dt-link-by-hand');
  if (await copyText(link)) {
    withdrawByHand(byHand);
    feedback(page.root, button, 'Link copied');
    return;
  }
  // Refused (a denied permission, an insecure context): the link to copy by hand, selected.
  offerByHand(byHand, link);
  feedback(page.root, null, byHand.querySelector('label').textContent);
}

/** Put the cursor in the form's first question (an emptied or another emergency's form). */
function focusFirst(page) {
  const first = page.form.querySelector('.dt-q[data-key]')?.dataset.key;
  focusTarget(page.form, first)?.focus();
}

/** Open an emergency this browser holds (`id`), or a new empty one (null). */
function show(page, id) {
  saveNow(page);
  const held = id === null ? null : loadEmergency(id);
  showDamaged(page, false);
  if (held) openEmergency(page, held.id, held.text);
  else startNew(page);
  renderEmergencies(page);
  focusFirst(page);
}

/** Two clicks: forget this emergency (or all of them) here and in every tab; empty the form. */
function forget(page, button, all) {
  if (button.dataset.armed !== 'true') {
    button.dataset.armed = 'true';
    feedback(page.root, button, 'Click again to forget');
    window.setTimeout(() => {
      delete button.dataset.armed;
    }, FEEDBACK_MS);
    return;
  }
  delete button.dataset.armed;
  if (all) forgetAll();
  else forgetEmergency(page.emergencyId);
  showDamaged(page, false);
  startNew(page);
  renderEmergencies(page);
  feedback(page.root, button, 'Forgotten');
  focusFirst(page);
}
