// The banner's states without a verdict (empty, waiting, failure, problems), as render functions.

import { renderDetails } from './decision-details.js';
import {
  fieldLabel,
  fieldLink,
  renderDocumentErrors,
  renderFieldErrors,
  renderState,
} from './decision-view.js';

/** Nothing answered yet (and an engine that may still answer). */
export function renderEmpty(page) {
  if (page.engine.status.phase === 'failed') {
    renderWaiting(page);
    return;
  }
  renderFieldErrors(page.form, []);
  renderDocumentErrors(page.root, page.linkNotes);
  page.moments.update(null);
  renderState(page.root, 'empty');
  renderDetails(page.root, page.form, null, page.ticks);
}

/** Answers are in but the engine is not there (yet, or at all); nothing earlier stays shown. */
export function renderWaiting(page) {
  const status = page.engine.status;
  if (status.phase === 'failed') {
    clearResult(page);
    renderState(page.root, status.retry === false ? 'unsupported' : 'failed');
  } else if (status.phase === 'restarting') {
    clearResult(page);
    renderState(page.root, 'restarting');
  } else {
    renderState(page.root, 'loading');
    renderDetails(page.root, page.form, null, page.ticks);
  }
}

/** The engine is up but could not evaluate these answers: say why, show nothing stale. */
export function renderFailure(page, error) {
  clearResult(page);
  const why = error instanceof Error ? error.message : String(error);
  renderState(page.root, 'error', { error: why || 'unknown error' });
}

/** The answers cannot be decided on yet: the fields to fix, else the ones still to answer. */
export function renderProblems(page, errors, missing) {
  const { form } = page;
  const fieldKeys = (list) => [...new Set(list.map((error) => error.field).filter(Boolean))];
  const links = (list) => fieldKeys(list).map((key) => fieldLink(form, key, fieldLabel(form, key)));
  if (errors.length) renderState(page.root, 'problems', { links: links(errors) });
  else renderState(page.root, 'missing', { links: links(missing) });
  renderDetails(page.root, form, null, page.ticks);
}

/** Hide the last decision's field errors, steps and texts (they may not match the answers). */
function clearResult(page) {
  page.moments.update(null);
  renderFieldErrors(page.form, []);
  renderDocumentErrors(page.root, page.linkNotes);
  renderDetails(page.root, page.form, null, page.ticks);
}
