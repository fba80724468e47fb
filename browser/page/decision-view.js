// Paints the status line, the problems at their fields and the banner into the tool's page.
// Engine output and answers only ever reach the page through textContent. What the page says
// about the policy (level fact labels, links to the levels, the time zone hint) is in that page.

import { focusTarget, question } from './form-answers.js';
import { changed, el, setAttribute, setText, show } from './dom.js';
import { markFolds } from './folds.js';
import { readerTime } from './moments.js';

/**
 * The banner sits in a polite live region; only its recommendation and headline speak. The
 * detail (a re-evaluation time that moves with every keystroke), reasons and links stay silent,
 * so typing does not queue announcements.
 */
export function quietLiveRegion(root) {
  const banner = root.querySelector('#dt-banner');
  for (const selector of ['.dt-banner__detail', '.dt-banner__reasons', '.dt-banner__links']) {
    banner.querySelector(selector)?.setAttribute('aria-live', 'off');
  }
}

/** The engine's progress, in the status line, shown only while it is not ready or when it
 * failed; Retry only after a failure it could mend. */
export function renderStatus(root, status) {
  const line = root.querySelector('#dt-status');
  line.dataset.phase = status.phase;
  const retry = status.phase === 'failed' && status.retry !== false;
  const text = {
    runtime: 'Starting the recommendation in this browser…',
    packages: 'Starting the recommendation in this browser…',
    failed: retry
      ? `The recommendation failed to start: ${status.message}. The questions still work; use Retry or reload.`
      : status.message,
  }[status.phase];
  setText(root.querySelector('#dt-status-text'), text ?? status.message);
  show(root.querySelector('#dt-retry'), retry);
  show(line, status.phase !== 'ready');
}

/** Problems about the whole answers document (no field), under the status line. */
export function renderDocumentErrors(root, messages) {
  const list = root.querySelector('#dt-doc-errors');
  if (changed(list, JSON.stringify(messages))) {
    list.replaceChildren(...messages.map((message) => el('li', null, message)));
  }
  show(list, messages.length > 0);
}

/** Mark one question invalid with a message, or clear it (message null). */
function markField(form, key, message) {
  const wrapper = question(form, key);
  if (!wrapper) return false;
  const slot = wrapper.querySelector('.dt-error');
  setText(slot, message ?? '');
  show(slot, Boolean(message));
  wrapper.classList.toggle('dt-q--invalid', Boolean(message));
  for (const control of wrapper.querySelectorAll('input, select, textarea')) {
    const ids = (control.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    const others = ids.filter((id) => id !== slot.id);
    setAttribute(control, 'aria-invalid', message ? 'true' : null);
    const described = (message ? [slot.id, ...others] : others).join(' ');
    setAttribute(control, 'aria-describedby', described || null);
  }
  return true;
}

/** Show errors at their fields; returns the messages that belong to no field of the form. */
export function renderFieldErrors(form, errors) {
  const byField = new Map();
  const loose = [];
  for (const error of errors) {
    // An answer kept with another question (`hours_as_of`) is shown at that question.
    const owner = error.field ? question(form, error.field)?.dataset.key : undefined;
    if (owner) {
      const list = byField.get(owner) ?? [];
      list.push(error.message);
      byField.set(owner, list);
    } else {
      loose.push(error.field ? `${error.field}: ${error.message}` : error.message);
    }
  }
  if (changed(form, JSON.stringify([...byField]))) {
    for (const wrapper of form.querySelectorAll('.dt-q[data-key]')) {
      const messages = byField.get(wrapper.dataset.key);
      markField(form, wrapper.dataset.key, messages ? messages.join(' ') : null);
    }
    markFolds(form);
  }
  return loose;
}

/** A link to a field of the form: following it opens the field's group (see folds.js). */
export function fieldLink(form, key, text) {
  const target = focusTarget(form, key);
  if (!target) return el('span', null, text);
  const link = el('a', 'dt-field-link', text);
  link.href = `#${target.id}`;
  link.dataset.field = key;
  return link;
}

/** The label text of a question (for "still to answer" lists). */
export function fieldLabel(form, key) {
  const wrapper = question(form, key);
  return wrapper?.querySelector('.dt-label-text')?.textContent.trim() || key;
}

/**
 * The banner. Its `[data-recommendation]` element holds the recommendation as an attribute
 * (`escalate`, `continue`; empty while there is none) and shows it as a mark only: the headline
 * after it says it in words, once.
 */
function renderBanner(root, { recommendation = '', title, detail = '', reasons = [], links = [] }) {
  const banner = root.querySelector('#dt-banner');
  if (banner.dataset.state !== recommendation) banner.dataset.state = recommendation;
  const verdict = banner.querySelector('[data-recommendation]');
  if (verdict.dataset.recommendation !== recommendation) {
    verdict.dataset.recommendation = recommendation;
  }
  setText(banner.querySelector('.dt-banner__headline'), title);
  setText(banner.querySelector('.dt-banner__detail'), detail);
  const list = banner.querySelector('.dt-banner__reasons');
  const texts = reasons.map((reason) => reason.text);
  if (JSON.stringify(texts) !== JSON.stringify([...list.children].map((li) => li.textContent))) {
    list.replaceChildren(...texts.map((text) => el('li', null, text)));
  }
  show(list, texts.length > 0);
  const missing = banner.querySelector('.dt-banner__links');
  const linked = links.map((link) => [link.textContent, link.getAttribute('href')]);
  if (changed(missing, JSON.stringify(linked))) {
    missing.replaceChildren(...links.flatMap((link, i) => (i ? [', ', link] : [link])));
  }
  show(missing, links.length > 0);
}

// The banner's words per banner element, parsed once.
const wordsOf = new WeakMap();

/** The banner's words, as the build wrote them from the policy (`[banner]`). */
function bannerWords(root) {
  const banner = root.querySelector('#dt-banner');
  if (!wordsOf.has(banner)) wordsOf.set(banner, JSON.parse(banner.dataset.words));
  return wordsOf.get(banner);
}

/** One of the banner's words with its {placeholders} filled (`{fallback}` from the words). */
function bannerText(words, key, values = {}) {
  const filled = { fallback: words.fallback, ...values };
  return (words[key] ?? '').replace(/\{(\w+)\}/g, (_, name) => String(filled[name] ?? ''));
}

/** The banner in a state without a decision (`empty`, `loading`, `error`, `missing`, ...). */
export function renderState(root, state, { links = [], ...values } = {}) {
  const words = bannerWords(root);
  renderBanner(root, {
    title: bannerText(words, state, values),
    detail: bannerText(words, `${state}_detail`, values),
    links,
  });
}

/** The banner for a decision the engine made: its headline, and when to ask again. */
export function renderVerdict(root, decision) {
  const again = decision.reevaluate_in_hours;
  let detail = '';
  if (again > 0) {
    const now = new Date(Date.now());
    const clock = readerTime(new Date(now.getTime() + again * 3600_000), now);
    detail = bannerText(bannerWords(root), 'again', { clock });
  }
  renderBanner(root, {
    recommendation: decision.recommendation,
    title: decision.headline.text,
    detail,
    reasons: decision.reasons,
  });
}


/** Tell the reader which time zone the date-and-time fields are in (the page holds the words). */
export function renderTimeZone(root) {
  const now = new Date();
  const offset = new Intl.DateTimeFormat([], { timeZoneName: 'longOffset' })
    .formatToParts(now)
    .find((part) => part.type === 'timeZoneName')?.value;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const name = [zone && zone !== 'UTC' ? zone : '', offset].filter(Boolean).join(', ');
  for (const node of root.querySelectorAll('[data-dt-tz]')) {
    setText(node.querySelector('[data-dt-tz-name]'), name);
    show(node, Boolean(name));
  }
}
