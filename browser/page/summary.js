// The recommendation kept in view: while the first step (or the headline) is below the bottom of
// the screen, a bar at the bottom shows the headline and the first step's Copy. It only appears
// and disappears: it never scrolls the page or takes the focus.

import { setText, show } from './dom.js';

/** The step ids whose own Copy copies a text, as the build wrote them from the policy. */
export function stepTexts(form) {
  try {
    return JSON.parse(form.dataset.stepTexts || '{}');
  } catch {
    return {};
  }
}

/** The first step of `decision` that has a text of its own to copy: [template id, title]. */
function firstText(form, decision) {
  const texts = stepTexts(form);
  for (const step of decision?.steps ?? []) {
    const id = texts[step.id];
    if (id && decision.templates?.[id]) return [id, decision.templates[id].title];
  }
  return [null, ''];
}

/** Fill the bar from the decision on show (null: none, and no bar). */
export function renderSummary(root, form, decision) {
  const bar = root.querySelector('#dt-summary');
  if (!bar) return;
  const recommendation = decision?.recommendation ?? '';
  bar.dataset.state = recommendation;
  setText(bar.querySelector('.dt-summary__headline'), decision?.headline?.text ?? '');
  const [id, title] = firstText(form, decision);
  const copy = bar.querySelector('.dt-summary__copy');
  if (id) copy.dataset.copyTemplate = id;
  else delete copy.dataset.copyTemplate;
  const label = id ? `Copy: ${title}` : '';
  // While the button says "Copied", only the label it returns to changes (see actions.js).
  if (copy.dataset.label !== undefined && copy.textContent !== copy.dataset.label) {
    copy.dataset.label = label;
  } else setText(copy, label);
  show(copy, Boolean(id));
  placeLater(root);
}

// The frame in which the bar is placed next (0: none asked for): placing it reads the layout,
// so it waits for the frame instead of forcing a layout in the middle of a render.
let frame = 0;

/** Place the bar in the next frame (once, however many renders ask for it before then). */
function placeLater(root) {
  if (frame) return;
  frame = window.requestAnimationFrame(() => {
    frame = 0;
    placeSummary(root);
  });
}

/** Show the bar when there is a recommendation and its first step is below the screen. */
function placeSummary(root) {
  const bar = root.querySelector('#dt-summary');
  if (!bar) return;
  const steps = root.querySelector('#dt-steps');
  const first = steps && !steps.hidden ? steps.querySelector('li') : null;
  const banner = root.querySelector('#dt-banner').getBoundingClientRect();
  const below = (first?.getBoundingClientRect() ?? banner).bottom > window.innerHeight;
  const visible = Boolean(bar.dataset.state) && below;
  // The headline is on screen already: the bar does not say it again.
  const seen = banner.top >= 0 && banner.bottom <= window.innerHeight;
  if (seen !== bar.hasAttribute('data-banner-seen')) bar.toggleAttribute('data-banner-seen', seen);
  show(bar, visible);
  document.documentElement.classList.toggle('dt-summary-shown', visible);
}

/** Keep the bar's place as the page scrolls or resizes (once a frame at most). */
export function watchSummary(root, signal) {
  const later = () => placeLater(root);
  window.addEventListener('scroll', later, { passive: true, signal });
  window.addEventListener('resize', later, { passive: true, signal });
  signal.addEventListener('abort', () => {
    window.cancelAnimationFrame(frame);
    frame = 0;
    document.documentElement.classList.remove('dt-summary-shown');
  });
}
