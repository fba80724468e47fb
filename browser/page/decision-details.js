// Paints what a decision shows below the banner: level facts, Slack room, steps, texts, warnings.

import { fieldLink } from './decision-view.js';
import { changed, el, setText, show } from './dom.js';
import { renderSummary, stepTexts } from './summary.js';

const AUDIENCE = { internal: 'Internal', public: 'Public: the customer reads this' };
const FORMAT = { slack: 'Slack', markdown: 'Markdown', text: 'Plain text' };
// (v3) A text that is not ready: its badge, the line over its blockers, its Copy button.
const NOT_READY = 'Not ready to send';
const BLOCKERS_INTRO = 'Not ready to send yet. Fix these first (each opens its field):';
const COPY = { ready: 'Copy', notReady: 'Copy anyway…' };

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

/** One step of the checklist: its tick box, its text, and its own Copy when it has a text. */
function stepItem(step, text) {
  const li = el('li', 'dt-step');
  li.dataset.step = step.id;
  const box = el('input');
  box.type = 'checkbox';
  box.id = `dt-step-${step.id}`;
  box.dataset.step = step.id;
  const label = el('label');
  label.htmlFor = box.id;
  label.id = `dt-step-${step.id}-label`;
  li.append(box, label);
  if (text) {
    const copy = el('button', 'md-button dt-copy dt-step__copy', 'Copy the text');
    copy.type = 'button';
    copy.dataset.copyTemplate = text;
    copy.setAttribute('aria-describedby', label.id);
    li.append(copy);
  }
  return li;
}

/** The steps checklist, ticks from `ticks` (a Set of step ids), updated in place. A step with a
 * text to paste (`texts`: step id -> template id) carries that text's Copy. */
export function renderSteps(root, steps, ticks, texts = {}) {
  const section = root.querySelector('#dt-steps');
  const list = section.querySelector('ol');
  show(section, steps.length > 0);
  if (!changed(list, JSON.stringify([steps, [...ticks].sort()]))) return;
  const existing = new Map([...list.children].map((li) => [li.dataset.step, li]));
  const items = steps.map((step) => {
    const li = existing.get(step.id) ?? stepItem(step, texts[step.id]);
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
  const notReady = el('span', 'dt-badge dt-badge--not-ready', NOT_READY);
  notReady.hidden = true;
  badges.append(audience, ' ', format, ' ', notReady);
  const copy = el('button', 'md-button dt-copy', COPY.ready);
  copy.type = 'button';
  copy.dataset.copyTemplate = id;
  copy.dataset.label = COPY.ready;
  copy.setAttribute('aria-describedby', title.id);
  head.append(title, badges, copy);
  const blockers = el('div', 'dt-template__blockers');
  blockers.id = `dt-template-${id}-blockers`;
  blockers.hidden = true;
  blockers.append(el('p', 'dt-template__blockers-intro', BLOCKERS_INTRO), el('ul'));
  const text = el('pre', 'dt-template__text');
  text.dataset.template = id;
  text.tabIndex = 0;
  text.setAttribute('aria-labelledby', title.id);
  block.append(head, blockers, text);
  return block;
}

/**
 * (v3) Ready or not: a text that is not ready shows its badge and its blockers, each a link that
 * opens its field, and its Copy button offers a deliberate second click (actions.js).
 */
function renderReadiness(block, form, template) {
  const ready = template.ready !== false;
  const blockers = template.blockers ?? [];
  show(block.querySelector('.dt-badge--not-ready'), !ready);
  const box = block.querySelector('.dt-template__blockers');
  show(box, blockers.length > 0);
  const items = blockers.map((blocker) => {
    const li = el('li');
    li.append(fieldLink(form, blocker.field, blocker.message));
    return li;
  });
  box.querySelector('ul').replaceChildren(...items);
  const text = block.querySelector('[data-template]');
  text.dataset.ready = String(ready);
  const copy = block.querySelector('button.dt-copy');
  const label = ready ? COPY.ready : COPY.notReady;
  delete copy.dataset.armed; // the text changed: a click armed before does not carry over
  if (copy.dataset.label !== label || copy.textContent !== label) {
    window.clearTimeout(Number(copy.dataset.timer));
    copy.dataset.label = label;
    copy.textContent = label;
  }
  const title = block.querySelector('.dt-template__title').id;
  copy.setAttribute('aria-describedby', ready ? title : `${title} ${box.id}`);
}

/** The texts to copy, one block per template, updated in place (keeps focus on Copy). */
function renderTemplates(root, form, templates) {
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
    // Its HTML form goes to the clipboard only, asked for when needed (rich-html.js).
    setText(block.querySelector('[data-template]'), template.text);
    renderReadiness(block, form, template);
    return block;
  });
  if (blocks.some((node, i) => list.children[i] !== node) || list.children.length !== blocks.length) {
    list.replaceChildren(...blocks);
  }
}

/** Warnings, one line that expands into a link per field that would fix one; unchanged items are
 * kept as they are. */
function renderWarnings(root, form, warnings) {
  const section = root.querySelector('#dt-warnings');
  const list = section.querySelector('ul');
  show(section, warnings.length > 0);
  setText(section.querySelector('.dt-warnings__count'), String(warnings.length));
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
  renderSteps(root, d.steps, ticks, stepTexts(form));
  renderTemplates(root, form, d.templates);
  renderWarnings(root, form, d.warnings);
  renderSummary(root, form, decision);
}
