// When to ask the engine: at most one request in flight, the newest answers sent when it returns
// (a burst of typing never queues stale work, and the page always ends on the latest answers),
// and again as each minute turns while the answers hold a time (the hours since a start time, or
// since the hours were typed, grow; the texts say the running time as of that minute).

import { evaluateOnce } from './evaluation.js';
import { pageAnswers } from './emergency.js';
import { holdsTime } from './form-answers.js';

const CLOCK_MS = 60_000;

/** Coalesces evaluation requests for one form and keeps the clock. */
export class EvaluationLoop {
  /** `page`: the tool's state (its form; see questionnaire.js), handed on to `evaluateOnce`. */
  constructor(page) {
    this.page = page;
    this.running = null;
    // The form may have changed since the last request was sent (evaluateOnce reads it too).
    this.stale = false;
    this.force = false;
    this.sent = null;
    this.clock = 0;
  }

  /** Ask for the form's answers; `force`: ask again even if they did not change (the clock). */
  request({ force = false } = {}) {
    this.stale = true;
    if (force) this.force = true;
    if (!this.running) this.running = this.pump();
  }

  /** Wait until the latest answers are evaluated and shown (e.g. a just-typed change). */
  async flush() {
    while (this.running) await this.running;
  }

  /** Stop the clock (the page is left). */
  stop() {
    window.clearTimeout(this.clock);
    this.clock = 0;
  }

  /** Send the form's answers until they no longer change while a request is out. */
  async pump() {
    try {
      while (this.stale) {
        this.stale = false;
        await this.once();
      }
    } finally {
      this.running = null;
    }
  }

  /** One request for the form's current answers (none when they are what was last sent). */
  async once() {
    const answers = pageAnswers(this.page);
    const text = JSON.stringify(answers);
    if (text === this.sent && !this.force) return;
    this.force = false;
    this.sent = text;
    this.keepClock(answers);
    await evaluateOnce(this.page, answers, text);
  }

  /** While the decision changes with time alone, evaluate as each minute turns; else no clock. */
  keepClock(answers) {
    const ticking = holdsTime(this.page.form, answers);
    if (ticking && !this.clock) {
      const wait = CLOCK_MS - (Date.now() % CLOCK_MS);
      this.clock = window.setTimeout(() => {
        this.clock = 0;
        this.request({ force: true });
      }, wait);
    } else if (!ticking && this.clock) {
      this.stop();
    }
  }
}
