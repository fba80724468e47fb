// The banner's states without a verdict (empty, waiting, failure, problems), as render functions.

import { renderDetails } from './decision-details.js';
import {
  fieldLabel,
  fieldLink,
  renderBanner,
  renderDocumentErrors,
  renderFieldErrors,
} from './decision-view.js';

/** The engine's fallback guidance, as the build wrote it from the policy. */
function fallback(page) {
  return page.form.dataset.fallback ?? '';
}

/** Nothing answered yet (and an engine that may still answer). */
export function renderEmpty(page) {
  if (page.engine.status.phase === 'failed') {
    renderWaiting(page);
    return;
  }
  renderFieldErrors(page.form, []);
  renderDocumentErrors(page.root, page.linkNotes);
  page.moments.update(null);
  renderBanner(page.root, {
    title: 'Answer the questions above to get a recommendation.',
    detail: 'Only the first two are needed for it; the rest fill in the texts to paste.',
  });
  renderDetails(page.root, page.form, null, page.ticks);
}

/** Answers are in but the engine is not there (yet, or at all); nothing earlier stays shown. */
export function renderWaiting(page) {
  const status = page.engine.status;
  if (status.phase === 'failed') {
    clearResult(page);
    renderBanner(page.root, {
      title:
        status.retry === false
          ? 'No recommendation: this browser cannot run the engine.'
          : 'No recommendation: the engine failed.',
      detail: fallback(page),
    });
  } else if (status.phase === 'restarting') {
    clearResult(page);
    renderBanner(page.root, {
      title: 'No recommendation yet: the engine stopped and is restarting.',
      detail: `Your answers are kept and evaluated again when it is back. ${fallback(page)}`,
    });
  } else {
    renderBanner(page.root, {
      title: 'Loading the engine…',
      detail: 'Your answers are kept; the recommendation appears as soon as it is ready.',
    });
    renderDetails(page.root, page.form, null, page.ticks);
  }
}

/** The engine is up but could not evaluate these answers: say why, show nothing stale. */
export function renderFailure(page, error) {
  clearResult(page);
  const why = error instanceof Error ? error.message : String(error);
  renderBanner(page.root, {
    title: 'No recommendation: the engine could not evaluate these answers.',
    detail: `Error: ${why || 'unknown error'}. Change an answer to try again. ${fallback(page)}`,
  });
}

/** The answers cannot be decided on yet: the fields to fix, else the ones still to answer. */
export function renderProblems(page, errors, missing) {
  const { form } = page;
  const fieldKeys = (list) => [...new Set(list.map((error) => error.field).filter(Boolean))];
  const links = (list) => fieldKeys(list).map((key) => fieldLink(form, key, fieldLabel(form, key)));
  if (errors.length) {
    renderBanner(page.root, {
      title: 'Fix the answers marked below to get a recommendation:',
      links: links(errors),
    });
  } else {
    renderBanner(page.root, {
      title: 'Still to answer for a recommendation:',
      links: links(missing),
    });
  }
  renderDetails(page.root, form, null, page.ticks);
}

/** Hide the last decision's field errors, steps and texts (they may not match the answers). */
function clearResult(page) {
  page.moments.update(null);
  renderFieldErrors(page.form, []);
  renderDocumentErrors(page.root, page.linkNotes);
  renderDetails(page.root, page.form, null, page.ticks);
}
