// The questionnaire's controller: wires each rendered form's events to the modules acting on them.
// Loaded site-wide as an ES module; does nothing on pages without the form. Nothing imports it.

import { onClick } from './actions.js';
import { copySelection } from './clipboard.js';
import { quietLiveRegion, renderTimeZone } from './decision-view.js';
import { getEngine } from './engine-client.js';
import { EvaluationLoop } from './evaluation-loop.js';
import { engineStatus } from './evaluation.js';
import { answerChanged, stepTicked } from './inputs.js';
import { startOffline } from './offline.js';
import { MomentClock } from './moments.js';
import { publish, timings } from './public-hook.js';
import { renderEmergencies } from './emergencies-view.js';
import { restore } from './restore.js';
import { noteKey, recordChange } from './record-actions.js';
import { saveBeforeLink, saveIfHidden, saveNow } from './saving.js';
import { watchSummary } from './summary.js';
import { onStorage, pageShown } from './tabs.js';

const bound = new WeakSet();
let unbind = null;

/**
 * The tool's state on one rendered form, handed to each module that acts on it (none keeps its
 * own): the modules read and write these fields, and ask `loop` for an evaluation.
 */
function pageState(root, signal) {
  const page = {
    root,
    form: root.querySelector('#dt-form'),
    engine: getEngine(),
    signal,
    timings,
    // The answer keys the person gave or the link held (an error there is not "still to answer").
    touched: new Set(),
    // The emergency on show (its id in this browser's store; see emergency.js) and its ticks.
    emergencyId: null,
    ticks: new Set(),
    // {text, formText}: the link's (or storage's) JSON text, sent while the form still holds it.
    link: null,
    // The answers the emergency carries without a question of the form (the stage, the record).
    // What the link held that the form does not show (shown under the status line).
    linkNotes: [],
    // The form holds answers that this browser's store does not have yet.
    owed: false,
    // The record entries this tab last read from the store or wrote to it (record-merge.js), and
    // another tab's version stored while this one owed answers (the notice's, see tabs.js).
    baseRecord: new Set(),
    otherTab: null,
    // Answers went unanswered while the engine was away: ask again when it is ready.
    unanswered: false,
    // When the answers on show were restored or last changed here (a later "Forget" empties them).
    shownAt: null,
    // {text, now}: what the engine evaluated for the decision on show (its calendar's too).
    evaluated: null,
    // {shown, texts}: the texts' HTML form asked for the decision `shown` (see rich-html.js).
    rich: null,
    richTimer: 0,
  };
  page.loop = new EvaluationLoop(page);
  // The page's clock is the only clock: every request carries its `now` (see moments.js). When a
  // moment passes, the clock asks the loop directly (a bound method: nothing here runs then).
  page.moments = new MomentClock(root, page.loop.request.bind(page.loop, { force: true }), signal);
  return page;
}

/** Bind the questionnaire to the root element; start the engine; restore the answers. */
function wire(root) {
  const abort = new AbortController();
  const page = pageState(root, abort.signal);
  root.classList.add('dt--live');
  renderTimeZone(root);
  quietLiveRegion(root);
  const unsubscribe = page.engine.subscribe((status) => engineStatus(page, status));
  const on = (target, type, handler, capture = false) =>
    target.addEventListener(type, handler, { signal: abort.signal, capture });
  on(page.form, 'change', (event) => recordChange(page, event));
  on(page.form, 'keydown', (event) => noteKey(page, event));
  on(page.form, 'input', (event) => answerChanged(page, event));
  on(page.form, 'change', (event) => answerChanged(page, event));
  on(page.form, 'submit', (event) => event.preventDefault());
  on(root, 'click', (event) => onClick(page, event));
  on(root, 'change', (event) => stepTicked(page, event));
  on(root, 'copy', copySelection);
  // Leaving (reload, another page, another tab, the address bar) takes the latest answers along.
  on(window, 'pagehide', () => saveNow(page));
  on(window, 'blur', () => saveNow(page));
  on(document, 'visibilitychange', () => saveIfHidden(page));
  on(window, 'click', (event) => saveBeforeLink(page, event), true);
  on(window, 'pageshow', (event) => pageShown(page, event));
  // Another tab stored or forgot an emergency: the list follows; a forgotten one empties this page.
  on(window, 'storage', (event) => onStorage(page, event));
  on(root.querySelector('#dt-emergencies'), 'toggle', () => renderEmergencies(page));
  // A link pasted into the address bar of this very page: no reload, so it opens here.
  on(window, 'hashchange', () => {
    saveNow(page);
    restore(page, false).finally(() => renderEmergencies(page));
  });
  watchSummary(root, abort.signal);
  restore(page).finally(() => renderEmergencies(page));
  // Instant navigation left the page: save, stop listening and every timer.
  return () => {
    saveNow(page);
    abort.abort();
    unsubscribe();
    page.loop.stop();
    page.moments.stop();
  };
}

/** Bind the questionnaire on this document (once per rendered form). */
function bind() {
  const root = document.getElementById('dt');
  if (root && bound.has(root)) return;
  unbind?.();
  unbind = null;
  if (!root) return;
  bound.add(root);
  unbind = wire(root);
}

/** Follow Material's instant navigation when present; else bind once the DOM is there. */
function main() {
  publish();
  startOffline();
  if (window.document$ && typeof window.document$.subscribe === 'function') {
    window.document$.subscribe(() => bind());
  } else if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', bind, { once: true });
  } else {
    bind();
  }
}

main();
