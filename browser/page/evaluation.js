// What the page shows of the engine: its status, and its answer to the answers sent (or why none).

import { renderDetails } from './decision-details.js';
import {
  renderDocumentErrors,
  renderFieldErrors,
  renderStatus,
  renderVerdict,
} from './decision-view.js';
import { renderEmpty, renderFailure, renderProblems, renderWaiting } from './banner-states.js';
import { keepFocusInPlace } from './dom.js';
import { onlyDefaults, question } from './form-answers.js';
import { pageNow } from './moments.js';
import { pageAnswers, sendable } from './emergency.js';
import { saveShown } from './saving.js';
import { renderRecord } from './timeline-view.js';
import { htmlLater } from './rich-html.js';

/** Evaluate `answers` (`text`: as read) and show the result, unless the form changed by then. */
export async function evaluateOnce(page, answers, text) {
  page.unanswered = false;
  page.evaluated = null; // the text and now of the decision on show (its calendar's)
  const sending = sendable(page, text);
  // Nothing but the defaults (the first stage): nothing answered yet, the rule and the questions.
  if (sending === '{}' || (sending === text && onlyDefaults(page.form, answers))) {
    keepFocusInPlace(page.root, () => {
      renderEmpty(page);
      renderRecord(page, null);
    });
    saveShown(page, answers);
    return;
  }
  if (!page.engine.status.ready) keepFocusInPlace(page.root, () => renderWaiting(page));
  let decision = null;
  let failure = null;
  const now = pageNow();
  try {
    // The page's clock is the only clock: a `now` in the answers is dropped (contract v3).
    // Without the texts' HTML: asked for when a text is copied, or after a pause (rich-html.js).
    const result = await page.engine.evaluateText(sending, 'evaluate', now, { html: false });
    decision = JSON.parse(result);
  } catch (error) {
    failure = error ?? new Error('the engine did not answer');
  }
  if (page.signal.aborted) return;
  // Answers changed while the engine worked: skip this result, the loop sends the new ones.
  if (page.loop.stale && JSON.stringify(pageAnswers(page)) !== text) return;
  keepFocusInPlace(page.root, () => {
    if (!failure) {
      page.evaluated = { text: sending, now };
      showDecision(page, answers, decision);
    } else if (page.engine.status.ready) renderFailure(page, failure);
    else {
      page.unanswered = true;
      renderWaiting(page);
    }
  });
  saveShown(page, answers);
}

/** Render one decision: the verdict, or the problems at their fields. */
function showDecision(page, answers, decision) {
  const { root, form } = page;
  const missing = [];
  const errors = [];
  for (const error of decision.errors) {
    const unanswered = error.field && !(error.field in answers) && !page.touched.has(error.field);
    if (unanswered && question(form, error.field)) missing.push(error);
    else errors.push(error);
  }
  const loose = renderFieldErrors(form, errors);
  renderRecord(page, decision);
  htmlLater(page);
  renderDocumentErrors(root, [...loose, ...page.linkNotes]);
  page.moments.update(decision);
  if (decision.errors.length) {
    renderProblems(page, errors, missing);
    return;
  }
  renderVerdict(root, decision);
  renderDetails(root, form, decision, page.ticks);
  if (page.timings.firstDecisionMs === undefined) {
    page.timings.firstDecisionMs = Math.round(performance.now());
    performance.mark('decision-tool:first-decision');
  }
}

/** Show the engine's progress; evaluate again when it becomes ready. */
export function engineStatus(page, status) {
  renderStatus(page.root, status);
  if (status.ready && page.timings.engineReadyMs === undefined) {
    page.timings.engineReadyMs = Math.round(performance.now());
    page.timings.startup = page.engine.startup;
  }
  if (status.ready && page.unanswered) page.loop.request({ force: true });
  if (status.phase === 'failed') renderWaiting(page);
}
