// Time on the page (contract v2): the line "Next: touch-point with the customer at 07:00 PST /
// 15:00 UTC (in 42 min)" under the banner, counted down each minute, and the page's
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

// Intl.DateTimeFormat objects are slow to make: one per zone and kind, kept.
const formats = new Map();

/** The parts of `date` in `timeZone` (undefined: the reader's) for one kind of format. */
function parts(date, timeZone, kind) {
  const key = `${timeZone}|${kind}`;
  if (!formats.has(key)) {
    const options = {
      clock: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
      day: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
      name: { timeZoneName: 'short' },
      offset: { timeZoneName: 'longOffset' },
    }[kind];
    // en-GB and en-US: one format for every reader (24-hour, `Sun 8 Mar`, `PDT`).
    const locale = kind === 'name' ? 'en-US' : 'en-GB';
    formats.set(key, new Intl.DateTimeFormat(locale, { timeZone, ...options }));
  }
  return Object.fromEntries(formats.get(key).formatToParts(date).map((p) => [p.type, p.value]));
}

/** A zone's name at `date`: its letters (`PDT`, `UTC`), else its offset (`UTC+05:30`). */
function zoneName(date, timeZone) {
  const name = parts(date, timeZone, 'name').timeZoneName ?? '';
  if (/^[A-Z]{2,5}$/.test(name)) return name;
  const offset = (parts(date, timeZone, 'offset').timeZoneName ?? 'GMT').replace('GMT', 'UTC');
  return offset.replace('-', '\u2212');
}

/** `Sun 8 Mar 2026` of `date` in the zone (the reader's when undefined), as one comparable key. */
function dayKey(date, timeZone) {
  const { weekday, day, month, year } = parts(date, timeZone, 'day');
  return `${weekday} ${day} ${month} ${year}`;
}

/** `03:30 PDT` in the zone (the reader's when undefined), with `Sun 8 Mar` first if `withDay`. */
function zoned(at, timeZone, withDay) {
  const { hour, minute } = parts(at, timeZone, 'clock');
  const time = `${hour}:${minute} ${zoneName(at, timeZone)}`;
  return withDay ? `${dayKey(at, timeZone).replace(/ \d+$/, '')} ${time}` : time;
}

/**
 * The time of `at` as the page shows every time: in the reader's own zone, labelled with it,
 * then in UTC (the internal texts' clock): `03:30 PDT / 10:30 UTC`; once when the reader is on
 * UTC. The reader's day comes first when it is not today; UTC's when it is not the reader's.
 */
export function readerTime(at, now) {
  const local = zoned(at, undefined, dayKey(at) !== dayKey(now));
  if (zoneName(at) === 'UTC') return local;
  return `${local} / ${zoned(at, 'UTC', dayKey(at, 'UTC') !== dayKey(at))}`;
}

/** The line's text for `moments` at `now`: what is overdue, then the nearest moment ahead. */
export function describe(moments, now) {
  const parts = [];
  for (const moment of moments) {
    const at = new Date(moment.at);
    const minutes = Math.round((at - now) / MINUTE_MS);
    const when = readerTime(at, now);
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
