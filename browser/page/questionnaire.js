// The escalation questionnaire on the page: binds the static form (rendered at build time) to the
// engine worker. Loaded site-wide as an ES module; does nothing on pages without the form.
//
// Public hooks (stable): window.decisionTool.ready       Promise, resolves when the engine answers
//                        window.decisionTool.status      {phase, message, ready}
//                        window.decisionTool.evaluate(a) Promise of the decision object (at the
//                                                        page's now unless `a` gives one)

import { copyNode, copySelection, copyText } from './clipboard.js';
import { getEngine } from './engine-client.js';
import { EvaluationLoop } from './evaluation-loop.js';
import {
  clearPartner,
  clearRaw,
  focusTarget,
  holdsTime,
  maxBytes,
  question,
  readAnswers,
  readLink,
  writeAnswers,
} from './form-answers.js';
import {
  fragmentBytes,
  fragmentText,
  fragmentWrittenAt,
  markFragmentWritten,
  permalink,
  replaceFragment,
} from './fragment.js';
import { MomentClock, pageNow } from './moments.js';
import {
  forgetAll,
  forgottenSince,
  identity,
  loadStored,
  loadTicks,
  Persister,
  saveTicks,
  storeText,
} from './storage.js';
import {
  fieldLabel,
  fieldLink,
  renderDetails,
  renderDocumentErrors,
  renderFieldErrors,
  quietLiveRegion,
  renderState,
  renderStatus,
  renderTimeZone,
  renderVerdict,
} from './decision-view.js';

const FEEDBACK_MS = 2000;
const MINUTE_MS = 60_000;
const bound = new WeakSet();
let current = null;
const timings = {};
// True while the page shown came from the back/forward history (a full load, or Material's
// instant navigation on popstate), false once the person follows a link: only history entries
// written before the last "Forget" are ignored, never a link opened afresh.
let fromHistory = performance.getEntriesByType?.('navigation')[0]?.type === 'back_forward';
window.addEventListener('popstate', () => {
  fromHistory = true;
});
window.addEventListener(
  'click',
  () => {
    fromHistory = false;
  },
  true,
);

window.decisionTool = Object.freeze({
  /** Resolves when the engine can answer (starts it if this page has not yet). */
  get ready() {
    return getEngine().ready;
  },
  /** The engine's current phase: runtime | packages | ready | restarting | failed, with a message. */
  get status() {
    return { ...getEngine().status };
  },
  /** Evaluate an answers object; waits for the engine; resolves to the decision object. */
  evaluate(answers) {
    return getEngine().evaluate({ now: pageNow(), ...answers });
  },
  /** Milliseconds from navigation start to engine ready and to the first recommendation. */
  timings,
});

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

/** The questionnaire bound to one rendered form. */
class Questionnaire {
  /** Bind to the root element; start the engine; restore state (fragment first). */
  constructor(root) {
    this.root = root;
    this.form = root.querySelector('#dt-form');
    this.engine = getEngine();
    this.abort = new AbortController();
    this.touched = new Set();
    this.ticks = new Set();
    this.identity = null;
    this.loop = new EvaluationLoop({
      read: () => readAnswers(this.form),
      run: (answers, text, superseded) => this.evaluateOnce(answers, text, superseded),
      ticking: (answers) => holdsTime(this.form, answers),
    });
    // `owed`: the form holds answers that storage and the address bar do not have yet.
    this.owed = false;
    this.persister = new Persister(window.location.pathname);
    // The page's clock is the only clock: every request carries its `now` (see moments.js).
    this.moments = new MomentClock(root, () => this.evaluate({ force: true }), this.abort.signal);
    root.classList.add('dt--live');
    renderTimeZone(root);
    quietLiveRegion(root);
    this.unsubscribe = this.engine.subscribe((status) => this.onStatus(status));
    const on = (target, type, handler, capture = false) =>
      target.addEventListener(type, handler, { signal: this.abort.signal, capture });
    on(this.form, 'input', (event) => this.onInput(event));
    on(this.form, 'change', (event) => this.onInput(event));
    on(this.form, 'submit', (event) => event.preventDefault());
    on(root, 'click', (event) => this.onClick(event));
    on(root, 'change', (event) => this.onStepChange(event));
    on(root, 'copy', copySelection);
    // Leaving (reload, another page, another tab, the address bar) takes the latest answers along.
    on(window, 'pagehide', () => this.saveNow());
    on(window, 'blur', () => this.saveNow());
    on(document, 'visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.saveNow();
    });
    on(window, 'click', (event) => this.onAnyClick(event), true);
    // Back to a page kept whole in memory (bfcache) after "Forget" elsewhere: empty it.
    on(window, 'pageshow', (event) => {
      if (event.persisted && forgottenSince(this.shownAt)) this.clear();
    });
    this.restore();
  }

  /** Stop listening (instant navigation left the page). */
  destroy() {
    this.saveNow();
    this.abort.abort();
    this.unsubscribe();
    this.loop.stop();
    this.moments.stop();
  }

  /** Write the latest answers to storage and the address bar now (leaving, copying the link). */
  saveNow() {
    if (this.owed) {
      this.owed = false;
      this.persister.flush(readAnswers(this.form));
    } else {
      this.persister.flush();
    }
  }

  /** A link is about to take the browser elsewhere (Material's instant navigation included). */
  onAnyClick(event) {
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (link && !link.matches('a.dt-field-link')) this.saveNow();
  }

  /**
   * Fill the form from the fragment, else from this browser's storage, and evaluate at once.
   *
   * The engine gets the link's (or storage's) JSON text exactly, as the CLI would, until the
   * person changes an answer: duplicate keys, `"4"` for a number or `1e400` get the CLI's verdict.
   * The form shows what it can; nothing over a limit is written into it (see readLink). A history
   * entry older than the last "Forget" brings nothing back.
   */
  restore() {
    const hash = window.location.hash;
    // Too large for the engine: refused unread (decoding 2 MB alone would hold the tab).
    const size = fragmentBytes(hash);
    this.tooLarge = size > maxBytes(this.form) ? size : null;
    let fromFragment = this.tooLarge ? null : fragmentText(hash);
    if (fromFragment !== null && fromHistory && forgottenSince(fragmentWrittenAt(hash))) {
      replaceFragment({});
      fromFragment = null;
    }
    const text = this.tooLarge ? null : (fromFragment ?? loadStored());
    this.shownAt = Date.now();
    if (text === null) {
      this.evaluate();
      return;
    }
    if (fromFragment !== null) markFragmentWritten();
    const link = readLink(this.form, text);
    try {
      this.ignored = link ? writeAnswers(this.form, link.answers) : [];
    } catch {
      this.form.reset();
      writeAnswers(this.form, {});
      this.ignored = [];
    }
    this.refused = link?.refused ?? [];
    for (const key of link?.keys ?? []) this.touched.add(key);
    this.link = { text, formText: JSON.stringify(readAnswers(this.form)) };
    if (fromFragment !== null) {
      this.root.scrollIntoView({ block: 'start' });
      // A link's answers replace what this browser held (unless over the size limit).
      if (link) storeText(text);
    }
    this.evaluate();
  }

  /** The JSON text to send for the form's answers: the link's own while the form still has it. */
  textFor(text) {
    return this.link && text === this.link.formText ? this.link.text : text;
  }

  /** Show the engine's progress; re-evaluate when it becomes ready. */
  onStatus(status) {
    renderStatus(this.root, status);
    if (status.ready && timings.engineReadyMs === undefined) {
      timings.engineReadyMs = Math.round(performance.now());
    }
    if (status.ready && this.unanswered) this.evaluate({ force: true });
    if (status.phase === 'failed') this.showWaiting();
  }

  /** A question changed: keep one answer of an either pair, mark touched, evaluate at once. */
  onInput(event) {
    const wrapper = event.target.closest('.dt-q[data-key]');
    if (!wrapper) return;
    const key = wrapper.dataset.key;
    clearRaw(wrapper);
    this.link = null;
    this.shownAt = Date.now();
    this.touched.add(key);
    if (event.target.value) clearPartner(this.form, key);
    this.owed = true;
    this.evaluate();
  }

  /** Evaluate the form's answers (coalesced: see EvaluationLoop). */
  evaluate(options) {
    this.loop.request(options);
  }

  /** Buttons and field links inside the tool. */
  async onClick(event) {
    const target = event.target.closest('button, a.dt-field-link');
    if (!target || !this.root.contains(target)) return;
    if (target.matches('a.dt-field-link')) {
      // Handled here, wholly: Material's instant navigation (on document.body) would push the
      // field's id as the address's fragment, dropping the answers from it, and move the focus.
      event.preventDefault();
      event.stopPropagation();
      const field = focusTarget(this.form, target.dataset.field);
      field?.scrollIntoView({ block: 'center' });
      field?.focus({ preventScroll: true });
      return;
    }
    if (target.id === 'dt-retry') this.engine.retry();
    else if (target.id === 'dt-judge-button') this.judge();
    else if (target.id === 'dt-copy-link') await this.copyLink(target);
    else if (target.id === 'dt-forget') this.forget(target);
    else if (target.id === 'dt-calendar') await this.downloadCalendar(target);
    else if (target.id === 'dt-remind') feedback(this.root, target, await this.moments.askToNotify(target));
    else if (target.dataset.copyTemplate) await this.copyTemplate(target);
    else if (target.dataset.copyFrom) await this.copyFrom(target);
  }

  /** (v2) The judgement call from the banner: tick the judgement answer, then ask why. */
  judge() {
    const box = this.form.querySelector('input[name="judgement"]');
    if (!box) return;
    if (!box.checked) {
      box.checked = true;
      box.dispatchEvent(new Event('input', { bubbles: true }));
      box.dispatchEvent(new Event('change', { bubbles: true }));
    }
    this.form.querySelector('[name="judgement_reason"]')?.focus();
  }

  /** Copy a template's exact text (with its HTML form for rich paste). */
  async copyTemplate(button) {
    const id = button.dataset.copyTemplate;
    await this.loop.flush();
    const pre = [...this.root.querySelectorAll('[data-template]')].find(
      (node) => node.dataset.template === id,
    );
    if (pre) feedback(this.root, button, await copyNode(pre, pre.richHtml));
  }

  /** Copy the text of the element a button names (e.g. the Slack room). */
  async copyFrom(button) {
    await this.loop.flush();
    const source = this.root.querySelector(`[data-copy-source="${button.dataset.copyFrom}"]`);
    if (source) feedback(this.root, button, await copyNode(source));
  }

  /** "Add to calendar": the engine's .ics for the decision on show (same text, same now). */
  async downloadCalendar(button) {
    await this.loop.flush();
    if (!this.evaluated) {
      feedback(this.root, button, 'Fix the answers marked above first'); // no decision on show
      return;
    }
    let result;
    try {
      result = await this.engine.calendar(this.evaluated.text, this.evaluated.now);
    } catch {
      // Ready, yet no answer: the calendar library (installed at the first click) did not load.
      const text = this.engine.status.ready
        ? 'The calendar library did not load; try again'
        : 'The engine is not ready yet';
      feedback(this.root, button, text);
      return;
    }
    if (result.errors.length || !result.ics) {
      feedback(this.root, button, 'Fix the answers marked above first');
      return;
    }
    const url = URL.createObjectURL(new Blob([result.ics], { type: 'text/calendar' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'escalation-moments.ics';
    link.hidden = true;
    this.root.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), MINUTE_MS);
    feedback(this.root, button, 'Calendar file saved');
  }

  /** Copy the permalink that carries every answer. */
  async copyLink(button) {
    this.saveNow();
    const link = permalink(this.textFor(JSON.stringify(readAnswers(this.form))));
    if (await copyText(link)) feedback(this.root, button, 'Link copied');
    else feedback(this.root, button, 'Copy it from the address bar');
  }

  /** Two clicks: forget the answers, the ticks, the fragment, and empty the form. */
  forget(button) {
    if (button.dataset.armed !== 'true') {
      button.dataset.armed = 'true';
      feedback(this.root, button, 'Click again to forget');
      window.setTimeout(() => {
        delete button.dataset.armed;
      }, FEEDBACK_MS);
      return;
    }
    delete button.dataset.armed;
    forgetAll();
    this.clear();
    feedback(this.root, button, 'Forgotten');
    focusTarget(this.form, this.form.querySelector('.dt-q[data-key]')?.dataset.key)?.focus();
  }

  /** Empty the form, the ticks and the address bar; nothing pending is written after this. */
  clear() {
    this.persister.cancel();
    this.owed = false;
    this.link = null;
    this.ignored = [];
    this.refused = [];
    this.tooLarge = null;
    this.form.reset();
    writeAnswers(this.form, {});
    this.touched.clear();
    this.ticks = new Set();
    this.identity = null;
    replaceFragment({});
    this.shownAt = Date.now();
    this.evaluate();
  }

  /** A step was ticked or unticked: remember it for this escalation. */
  onStepChange(event) {
    const step = event.target.dataset?.step;
    if (!step || this.identity === null) return;
    if (event.target.checked) this.ticks.add(step);
    else this.ticks.delete(step);
    saveTicks(this.identity, this.ticks);
  }

  /** Evaluate `answers` (`text`: as sent) and show the result, unless `superseded()` by then. */
  async evaluateOnce(answers, text, superseded) {
    const sentAt = performance.now();
    const id = identity(answers);
    if (id !== this.identity) {
      this.identity = id;
      this.ticks = loadTicks(id);
    }
    this.unanswered = false;
    this.evaluated = null; // the text and now of the decision on show (its calendar's)
    const sending = this.textFor(text);
    if (sending === '{}') {
      this.showEmpty();
      this.shown(answers, sentAt);
      return;
    }
    if (!this.engine.status.ready) this.showWaiting();
    let decision = null;
    let failure = null;
    const now = pageNow();
    try {
      // The page's clock is the only clock: a `now` in the answers is dropped (contract v3).
      decision = JSON.parse(await this.engine.evaluateText(sending, 'evaluate', now));
    } catch (error) {
      failure = error ?? new Error('the engine did not answer');
    }
    if (this.abort.signal.aborted) return;
    // Answers changed while the engine worked: skip this result, the loop sends the new ones.
    if (superseded()) return;
    if (!failure) {
      this.evaluated = { text: sending, now };
      this.show(answers, decision);
    } else if (this.engine.status.ready) this.showFailure(failure);
    else {
      this.unanswered = true;
      this.showWaiting();
    }
    this.shown(answers, sentAt);
  }

  /** A result for `answers` is on the page: storage and the address bar follow it, later. */
  shown(answers, sentAt) {
    if (!this.owed) return;
    this.owed = false;
    this.persister.schedule(answers, sentAt);
  }

  /** Nothing answered yet (and an engine that may still answer). */
  showEmpty() {
    if (this.engine.status.phase === 'failed') {
      this.showWaiting();
      return;
    }
    renderFieldErrors(this.form, []);
    renderDocumentErrors(this.root, this.linkNotes());
    this.moments.update(null);
    renderState(this.root, 'empty');
    renderDetails(this.root, this.form, null, this.ticks);
  }

  /** Answers are in but the engine is not there (yet, or at all); nothing earlier stays shown. */
  showWaiting() {
    const status = this.engine.status;
    if (status.phase === 'failed') {
      this.clearResult();
      renderState(this.root, status.retry === false ? 'unsupported' : 'failed');
    } else if (status.phase === 'restarting') {
      this.clearResult();
      renderState(this.root, 'restarting');
    } else {
      renderState(this.root, 'loading');
      renderDetails(this.root, this.form, null, this.ticks);
    }
  }

  /** The engine is up but could not evaluate these answers: say why, show nothing stale. */
  showFailure(error) {
    this.clearResult();
    const why = error instanceof Error ? error.message : String(error);
    renderState(this.root, 'error', { error: why || 'unknown error' });
  }

  /** Hide the last decision's field errors, steps and texts (they may not match the answers). */
  clearResult() {
    this.moments.update(null);
    renderFieldErrors(this.form, []);
    renderDocumentErrors(this.root, this.linkNotes());
    renderDetails(this.root, this.form, null, this.ticks);
  }

  /** Notes about the link the answers came from (keys it held that are not questions here). */
  linkNotes() {
    const notes = [];
    if (this.tooLarge) {
      notes.push(
        `The link is too large to read: ${this.tooLarge.toLocaleString('en')} bytes of ` +
          `answers, at most ${maxBytes(this.form).toLocaleString('en')}.`,
      );
    }
    if (this.ignored?.length) {
      notes.push(`Ignored from the link (not questions of this form): ${this.ignored.join(', ')}`);
    }
    for (const { key, length, max } of this.refused ?? []) {
      const label = fieldLabel(this.form, key);
      notes.push(
        `Not filled in from the link: ${label} (${length.toLocaleString('en')} characters; ` +
          `at most ${max.toLocaleString('en')}).`,
      );
    }
    return notes;
  }

  /** Render one decision: the verdict, or the problems at their fields. */
  show(answers, decision) {
    const missing = [];
    const errors = [];
    for (const error of decision.errors) {
      const unanswered = error.field && !(error.field in answers) && !this.touched.has(error.field);
      if (unanswered && question(this.form, error.field)) missing.push(error);
      else errors.push(error);
    }
    const loose = renderFieldErrors(this.form, errors);
    renderDocumentErrors(this.root, [...loose, ...this.linkNotes()]);
    this.moments.update(decision);
    if (decision.errors.length) {
      this.showProblems(errors, missing);
      renderDetails(this.root, this.form, null, this.ticks);
      return;
    }
    renderVerdict(this.root, decision);
    renderDetails(this.root, this.form, decision, this.ticks);
    if (timings.firstDecisionMs === undefined) {
      timings.firstDecisionMs = Math.round(performance.now());
      performance.mark('decision-tool:first-decision');
    }
  }

  /** The banner when the answers cannot be decided on yet. */
  showProblems(errors, missing) {
    const fieldKeys = (list) => [...new Set(list.map((error) => error.field).filter(Boolean))];
    const links = (list) =>
      fieldKeys(list).map((key) => fieldLink(this.form, key, fieldLabel(this.form, key)));
    if (errors.length) renderState(this.root, 'problems', { links: links(errors) });
    else renderState(this.root, 'missing', { links: links(missing) });
  }
}

/** Bind the questionnaire on this document (once per rendered form). */
function bind() {
  const root = document.getElementById('dt');
  if (root && bound.has(root)) return;
  current?.destroy();
  current = null;
  if (!root) return;
  bound.add(root);
  current = new Questionnaire(root);
}

/** Follow Material's instant navigation when present; else bind once the DOM is there. */
function main() {
  if (window.document$ && typeof window.document$.subscribe === 'function') {
    window.document$.subscribe(() => bind());
  } else if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', bind, { once: true });
  } else {
    bind();
  }
}

main();
