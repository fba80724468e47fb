// Time on the page (contract v2): the line "Next: touch-point with the customer at 15:00 (in 42
// min)" under the banner, counted down each minute in the reader's time zone, and the page's
// clock, the only clock: when a moment passes the engine is asked again (no keystroke needed),
// also after a background tab or a sleeping laptop (the clock is re-read on visibilitychange,
// focus and pageshow instead of trusting timers). Every moment that passed since the decision on
// show (two at the same instant, several while the laptop slept) is announced once in the live
// region, marks the tab title until the page is seen, and is notified if the engineer asked.

const MINUTE_MS = 60_000;
const MARK = '⏰ ';

/** The page's clock as the engine's `now` (ISO 8601, UTC). */
export function pageNow() {
  return new Date(Date.now()).toISOString();
}

/** A moment's label as the middle of a sentence ("touch-point with the customer"). */
function inSentence(label) {
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/** Minutes as `42 min` or `1 h 5 min`. */
function span(minutes) {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return `${rest} min`;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

// The page's one time format: 24-hour, with the reader's zone (the texts give UTC).
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const DAY = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
const ZONE = new Intl.DateTimeFormat('en-GB', { timeZoneName: 'short' });

/** A time as the page shows every time: `15:00 CET`, with the day when it is not today
 * (`Tue 8 Dec, 15:00 CET`); in the reader's own time zone, named. */
export function clock(at, now) {
  const zone = ZONE.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value;
  const time = [TIME.format(at), zone].filter(Boolean).join(' ');
  if (at.toDateString() === now.toDateString()) return time;
  return `${DAY.format(at)}, ${time}`;
}

/** The line's text for `moments` at `now`: what is overdue, then the nearest moment ahead. */
export function describe(moments, now) {
  const parts = [];
  for (const moment of moments) {
    const at = new Date(moment.at);
    const minutes = Math.round((at - now) / MINUTE_MS);
    const when = clock(at, now);
    if (at <= now) {
      const ago = Math.round((now - at) / MINUTE_MS);
      const past = ago < 1 ? 'now' : `${span(ago)} ago`;
      parts.push(`Overdue: ${inSentence(moment.label)} at ${when} (${past})`);
    } else if (!parts.some((part) => part.startsWith('Next:'))) {
      const left = minutes < 1 ? 'in less than a minute' : `in ${span(minutes)}`;
      parts.push(`Next: ${inSentence(moment.label)} at ${when} (${left})`);
    }
  }
  return parts.join('. ');
}

/**
 * Everything `describe(moments, now)` reads of `now` (the rounded minutes, the day), and the
 * minute: the line's words are formatted again (Intl, slow) only when this changes, so a
 * keystroke that leaves the moments as they were costs no formatting.
 */
function wordsKey(moments, now) {
  const minutes = moments.map((moment) => {
    const at = new Date(moment.at);
    return [at <= now, Math.round((at - now) / MINUTE_MS), Math.round((now - at) / MINUTE_MS)];
  });
  return JSON.stringify([moments, minutes, now.toDateString(), Math.floor(now / MINUTE_MS)]);
}

/** What makes a moment the same one in the next decision: what it is and when. */
function momentKey(moment) {
  return `${moment.label}\n${moment.at}`;
}

/** True when `decision` still has `moment` ahead: it was reckoned before the moment passed. */
function reckonedBefore(decision, moment) {
  const key = momentKey(moment);
  return decision.moments.some((other) => !other.overdue && momentKey(other) === key);
}

/** Keeps the moments of the decision on show and asks for a new decision when one passes. */
export class MomentClock {
  /** `root`: the tool; `reevaluate()`: ask the engine again with the page's new now. */
  constructor(root, reevaluate, signal) {
    this.root = root;
    this.reevaluate = reevaluate;
    this.moments = [];
    this.recommendation = null;
    this.passed = null; // the moments that passed, waiting for the engine's new answer
    this.announced = new Set(); // momentKey of every moment announced as passed
    this.timer = 0;
    this.wordsKey = null; // what the line last showed (see wordsKey), and in which element
    this.wordsLine = null;
    this.baseTitle = null;
    this.notify = false;
    const on = (target, type, handler) => target.addEventListener(type, handler, { signal });
    // Timers sleep with the laptop and are slowed in background tabs: re-read the clock.
    on(document, 'visibilitychange', () => {
      if (document.visibilityState === 'visible') {
        this.unmarkTitle();
        this.check();
      }
    });
    on(window, 'focus', () => this.check());
    on(window, 'pageshow', () => this.check());
    on(document, 'pointerdown', () => this.unmarkTitle());
    on(document, 'keydown', () => this.unmarkTitle());
    const remind = root.querySelector('#dt-remind');
    if (remind && typeof Notification === 'function') {
      remind.hidden = false;
      root.querySelector('#dt-remind-note')?.removeAttribute('hidden');
    }
  }

  /** Stop the timer (the page is left). */
  stop() {
    window.clearTimeout(this.timer);
    this.unmarkTitle();
  }

  /**
   * A new decision is on the page (null: none): show its moments, announce the passed ones. A
   * moment on show can pass before the clock's check sees it (a minute's re-evaluation or a
   * keystroke lands first, say when a sleeping laptop wakes), so the moments on show are
   * checked here too; a decision reckoned just before one of them passed is asked for again.
   */
  update(decision) {
    const before = this.recommendation;
    const asked = this.passed; // check() asked the engine again for these
    const passed = asked ?? this.passedMoments(new Date(Date.now()));
    this.passed = null;
    this.moments = decision?.moments ?? [];
    this.recommendation = decision?.recommendation ?? null;
    const early = decision && !asked && passed.some((moment) => reckonedBefore(decision, moment));
    if (passed.length && !decision) {
      this.passed = passed; // nothing to show yet: announce them with the next decision
    } else if (passed.length && early) {
      this.passed = passed;
      this.reevaluate();
    } else if (passed.length) {
      this.announce(passed, before);
    }
    this.render();
  }

  /** Every moment on show that has passed by `now` and was not announced yet, in time order. */
  passedMoments(now) {
    return this.moments.filter(
      (moment) =>
        !moment.overdue && new Date(moment.at) < now && !this.announced.has(momentKey(moment)),
    );
  }

  /**
   * Announce what changed when moments passed: escalate, or each moment that is now due. One
   * message in the live region (a second would cut the first short); a notification for each
   * moment (its own tag: one never replaces another), or one that says to escalate.
   */
  announce(passed, before) {
    for (const moment of passed) this.announced.add(momentKey(moment));
    const labels = passed.map((moment) => inSentence(moment.label));
    const escalate = this.recommendation === 'escalate' && before !== 'escalate';
    let message;
    let title;
    if (escalate) {
      message =
        labels.length === 1
          ? `Escalate now: the emergency has passed the mark (${labels[0]}).`
          : `Escalate now. Passed: ${labels.join('; ')}.`;
      title = 'Escalate';
    } else {
      message = `Now: ${labels.join('; ')}.`;
      title = passed.length === 1 ? passed[0].label : `${passed[0].label} (+${passed.length - 1})`;
    }
    const region = this.root.querySelector('#dt-announce');
    if (region) region.textContent = message;
    this.markTitle(title);
    if (!this.notify || Notification.permission !== 'granted') return;
    const notices = escalate
      ? [{ title, body: message, tag: 'decision-tool:escalate' }]
      : passed.map((moment) => ({
          title: moment.label,
          body: `Now: ${inSentence(moment.label)}.`,
          tag: `decision-tool:${moment.id}:${moment.at}`,
        }));
    for (const notice of notices) {
      try {
        new Notification(notice.title, { body: notice.body, tag: notice.tag });
      } catch {
        // A browser that only notifies from a service worker: the page says it anyway.
      }
    }
  }

  /** Put "⏰ <what>: " before the tab title until the page is seen. */
  markTitle(what) {
    if (this.baseTitle === null) this.baseTitle = document.title;
    document.title = `${MARK}${what}: ${this.baseTitle}`;
  }

  /** Give the tab its own title back. */
  unmarkTitle() {
    if (this.baseTitle === null) return;
    document.title = this.baseTitle;
    this.baseTitle = null;
  }

  /** Ask for notifications (the page works the same without them); what came of it. */
  async askToNotify(button) {
    if (typeof Notification !== 'function') return 'Notifications are not available here.';
    const answer = await Notification.requestPermission();
    this.notify = answer === 'granted';
    if (button) button.setAttribute('aria-pressed', String(this.notify));
    if (this.notify) return 'You will be reminded here while this tab stays open.';
    return 'This browser refused notifications for this site: allow them in its site settings, then try again. The line above still counts down.';
  }

  /** Show the line (or hide it) and set the timer to the next minute or moment. */
  render() {
    const now = new Date(Date.now());
    const box = this.root.querySelector('#dt-moments');
    const line = this.root.querySelector('[data-next-moment]');
    if (box) box.hidden = this.moments.length === 0;
    const key = wordsKey(this.moments, now);
    if (line && (key !== this.wordsKey || line !== this.wordsLine)) {
      line.textContent = describe(this.moments, now);
      this.wordsKey = key;
      this.wordsLine = line;
    }
    const calendar = this.root.querySelector('#dt-calendar');
    if (calendar) calendar.disabled = !this.moments.some((moment) => new Date(moment.at) > now);
    window.clearTimeout(this.timer);
    if (!this.moments.length) return;
    const ahead = this.moments.map((moment) => new Date(moment.at) - now).filter((ms) => ms > 0);
    const toMinute = MINUTE_MS - (now.getTime() % MINUTE_MS);
    const wait = Math.min(toMinute, ...ahead.map((ms) => ms + 1));
    this.timer = window.setTimeout(() => this.check(), Math.max(wait, 1));
  }

  /** Read the clock: moments passed since the decision? Ask the engine again; else count down. */
  check() {
    const passed = this.passedMoments(new Date(Date.now()));
    if (passed.length && !this.passed) {
      this.passed = passed;
      this.reevaluate();
      return;
    }
    this.render();
  }
}
