// The question before a link replaces an emergency this browser holds under the same id (a modal
// dialog: its buttons say link, both or mine; Escape keeps both, so nothing is lost silently).

import { describeEmergency } from './emergencies-view.js';

/** Ask whether the link's answers replace `held` ({id, text, changed}); resolves to the choice. */
export function askToReplace(root, held) {
  const dialog = root.querySelector('#dt-replace');
  const words = JSON.parse(root.querySelector('#dt-emergencies').dataset.words);
  dialog.querySelector('[data-replace-held]').textContent = describeEmergency(held, words);
  return new Promise((resolve) => {
    const done = new AbortController();
    const answer = (choice) => {
      done.abort();
      if (dialog.open) dialog.close();
      resolve(choice);
    };
    dialog.addEventListener(
      'click',
      (event) => {
        const button = event.target.closest('button[data-replace]');
        if (button) answer(button.dataset.replace);
      },
      { signal: done.signal },
    );
    dialog.addEventListener(
      'cancel',
      (event) => {
        event.preventDefault();
        answer('both');
      },
      { signal: done.signal },
    );
    dialog.showModal();
    dialog.querySelector('button[data-replace="link"]').focus();
  });
}
