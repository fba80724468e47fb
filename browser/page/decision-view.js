// Paints a decision (the engine's JSON) into the page the plugin's template wrote. Engine output
// and answers only ever reach the page through textContent. What the page says about the policy
// (level fact labels, links to the levels, the time zone hint) is in that page, not here.

import { focusTarget, question } from './form-answers.js';

const AUDIENCE = { internal: 'Internal', public: 'Public: the customer reads this' };
const FORMAT = { slack: 'Slack', markdown: 'Markdown', text: 'Plain text' };

/** Create an element with a class and text. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// What each part of the page last showed (a JSON signature per element): an update whose part
// is unchanged leaves that part's nodes alone, so the browser restyles only what changed.
const shownAs = new WeakMap();

/** True (and remembered) when `signature` differs from what `node` last showed. */
function changed(node, signature) {
  if (shownAs.get(node) === signature) return false;
  shownAs.set(node, signature);
  return true;
}

/** Set text only when it changed (keeps live regions quiet). */
function setText(node, text) {
  const value = text === undefined || text === null ? '' : String(text);
  if (node.textContent !== value) node.textContent = value;
}

/** Show or hide a node. */
function show(node, visible) {
  if (node && node.hidden !== !visible) node.hidden = !visible;
}

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

/** The engine's progress, in the status line; Retry only after a failure it could mend. */
export function renderStatus(root, status) {
  const line = root.querySelector('#dt-status');
  line.dataset.phase = status.phase;
  const retry = status.phase === 'failed' && status.retry !== false;
  const text = {
    runtime: 'Engine: loading the Python runtime…',
    packages: 'Engine: loading the decision engine…',
    ready: 'Engine: ready. Answers are evaluated in this browser; nothing is sent anywhere.',
    failed: retry
      ? `Engine failed: ${status.message}. The questions still work; use Retry or reload.`
      : status.message,
  }[status.phase];
  setText(root.querySelector('#dt-status-text'), text ?? status.message);
  show(root.querySelector('#dt-retry'), retry);
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

/** Set an attribute (remove it for null) only when that changes it. */
function setAttribute(node, name, value) {
  if (node.getAttribute(name) === value) return;
  if (value === null) node.removeAttribute(name);
  else node.setAttribute(name, value);
}

/** Show errors at their fields; returns the messages that belong to no field of the form. */
export function renderFieldErrors(form, errors) {
  const byField = new Map();
  const loose = [];
  for (const error of errors) {
    if (error.field && question(form, error.field)) {
      const list = byField.get(error.field) ?? [];
      list.push(error.message);
      byField.set(error.field, list);
    } else {
      loose.push(error.field ? `${error.field}: ${error.message}` : error.message);
    }
  }
  if (changed(form, JSON.stringify([...byField]))) {
    for (const wrapper of form.querySelectorAll('.dt-q[data-key]')) {
      const messages = byField.get(wrapper.dataset.key);
      markField(form, wrapper.dataset.key, messages ? messages.join(' ') : null);
    }
  }
  return loose;
}

/** A link that moves focus to a field of the form. */
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
 * The banner. Its `[data-recommendation]` element holds the recommendation as attribute and as
 * text (`escalate`, `continue`; empty while there is none); the headline follows it.
 */
function renderBanner(root, { recommendation = '', title, detail = '', reasons = [], links = [] }) {
  const banner = root.querySelector('#dt-banner');
  if (banner.dataset.state !== recommendation) banner.dataset.state = recommendation;
  const verdict = banner.querySelector('[data-recommendation]');
  if (verdict.dataset.recommendation !== recommendation) {
    verdict.dataset.recommendation = recommendation;
  }
  setText(verdict, recommendation);
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
  const judge = root.querySelector('#dt-judge');
  if (judge) show(judge, decision.recommendation === 'continue');
  const again = decision.reevaluate_in_hours;
  let detail = '';
  if (again > 0) {
    const at = new Date(Date.now() + again * 3600_000);
    const clock = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    detail = bannerText(bannerWords(root), 'again', { clock });
  }
  renderBanner(root, {
    recommendation: decision.recommendation,
    title: ` ${decision.headline.text}`,
    detail,
    reasons: decision.reasons,
  });
}

/** The chosen level's facts (into the page's labelled slots), with a link to its row. */
function renderSeverity(root, form, severity) {
  const section = root.querySelector('#dt-severity');
  show(section, Boolean(severity));
  if (!severity || !changed(section, JSON.stringify(severity))) return;
  for (const slot of section.querySelectorAll('dd[data-fact]')) {
    const value = severity[slot.dataset.fact];
    const known = value !== undefined && value !== null;
    setText(slot, known ? value : '');
    show(slot, known);
    show(slot.previousElementSibling, known);
  }
  const option = [...form.querySelectorAll('select[name="severity"] option')].find(
    (node) => node.value === severity.id,
  );
  setText(section.querySelector('.dt-severity__name'), option?.textContent ?? severity.id);
  const link = section.querySelector('.dt-severity__link');
  const href = link?.getAttribute(`data-href-${severity.id}`);
  if (href) link.href = href;
}

/** The Slack room to create (or nothing; a warning then asks for one). */
function renderRoom(root, room) {
  const section = root.querySelector('#dt-room');
  show(section, Boolean(room));
  setText(section.querySelector('[data-copy-source="slack_room"]'), room ?? '');
}

/** The steps checklist, ticks from `ticks` (a Set of step ids), updated in place. */
export function renderSteps(root, steps, ticks) {
  const section = root.querySelector('#dt-steps');
  const list = section.querySelector('ol');
  show(section, steps.length > 0);
  if (!changed(list, JSON.stringify([steps, [...ticks].sort()]))) return;
  const existing = new Map([...list.children].map((li) => [li.dataset.step, li]));
  const items = steps.map((step) => {
    let li = existing.get(step.id);
    if (!li) {
      li = el('li', 'dt-step');
      li.dataset.step = step.id;
      const box = el('input');
      box.type = 'checkbox';
      box.id = `dt-step-${step.id}`;
      box.dataset.step = step.id;
      const label = el('label');
      label.htmlFor = box.id;
      li.append(box, label);
    }
    setText(li.querySelector('label'), step.text);
    li.querySelector('input').checked = ticks.has(step.id);
    return li;
  });
  if (items.some((li, i) => list.children[i] !== li) || list.children.length !== items.length) {
    list.replaceChildren(...items);
  }
}

/** One template block: title, audience and format badges, the exact text, a Copy button. */
function templateBlock(id) {
  const block = el('article', 'dt-template');
  block.dataset.templateId = id;
  const head = el('header', 'dt-template__head');
  const title = el('h4', 'dt-template__title');
  title.id = `dt-template-${id}-title`;
  const badges = el('p', 'dt-template__badges');
  const audience = el('span', 'dt-badge dt-badge--audience');
  const format = el('span', 'dt-badge dt-badge--format');
  badges.append(audience, ' ', format);
  const copy = el('button', 'md-button dt-copy', 'Copy');
  copy.type = 'button';
  copy.dataset.copyTemplate = id;
  copy.setAttribute('aria-describedby', title.id);
  head.append(title, badges, copy);
  const text = el('pre', 'dt-template__text');
  text.dataset.template = id;
  text.tabIndex = 0;
  text.setAttribute('aria-labelledby', title.id);
  block.append(head, text);
  return block;
}

/** The texts to copy, one block per template, updated in place (keeps focus on Copy). */
function renderTemplates(root, templates) {
  const section = root.querySelector('#dt-templates');
  const list = section.querySelector('.dt-templates__list');
  const entries = Object.entries(templates);
  show(section, entries.length > 0);
  show(root.querySelector('#dt-texts-empty'), entries.length === 0);
  const existing = new Map([...list.children].map((node) => [node.dataset.templateId, node]));
  const blocks = entries.map(([id, template]) => {
    const block = existing.get(id) ?? templateBlock(id);
    if (!changed(block, JSON.stringify(template))) return block;
    setText(block.querySelector('.dt-template__title'), template.title);
    const audience = block.querySelector('.dt-badge--audience');
    audience.dataset.audience = template.audience;
    setText(audience, AUDIENCE[template.audience] ?? template.audience);
    setText(block.querySelector('.dt-badge--format'), FORMAT[template.format] ?? template.format);
    setText(block.querySelector('[data-template]'), template.text);
    // The HTML form goes to the clipboard only: kept as a property, never put into the DOM.
    block.querySelector('[data-template]').richHtml = template.html ?? '';
    return block;
  });
  if (blocks.some((node, i) => list.children[i] !== node) || list.children.length !== blocks.length) {
    list.replaceChildren(...blocks);
  }
}

/** Warnings, each linking to the field that would fix it; unchanged items are kept as they are. */
function renderWarnings(root, form, warnings) {
  const section = root.querySelector('#dt-warnings');
  const list = section.querySelector('ul');
  show(section, warnings.length > 0);
  const key = (warning) => JSON.stringify([warning.field, warning.message]);
  if (!changed(list, JSON.stringify(warnings.map(key)))) return;
  const existing = new Map([...list.children].map((li) => [li.dataset.key, li]));
  const items = warnings.map((warning) => {
    const id = key(warning);
    let li = existing.get(id);
    if (!li) {
      li = el('li');
      li.dataset.key = id;
      li.append(warning.field ? fieldLink(form, warning.field, warning.message) : warning.message);
    }
    return li;
  });
  if (items.some((li, i) => list.children[i] !== li) || list.children.length !== items.length) {
    list.replaceChildren(...items);
  }
}

/** Everything below the banner for a decision; `null` hides it all. */
export function renderDetails(root, form, decision, ticks) {
  const d = decision ?? { severity: null, slack_room: null, steps: [], templates: {}, warnings: [] };
  renderSeverity(root, form, d.severity);
  renderRoom(root, d.slack_room);
  renderSteps(root, d.steps, ticks);
  renderTemplates(root, d.templates);
  renderWarnings(root, form, d.warnings);
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
