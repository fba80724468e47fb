// The answers' times as the page writes them: ISO 8601 with an offset, from and to its fields.
// A time typed into a datetime-local field carries this browser's offset then; (v3) the
// touch-point is re-written in the customer's zone's offset then (the same instant), and the page
// dates the hours typed with its own clock, to the second.

/** Zero-pad to two digits. */
const pad = (n) => String(Math.trunc(Math.abs(n))).padStart(2, '0');

/** A date's day as ISO 8601 writes it, in local time: a year of four digits (`0001-01-01`). */
function isoDay(date) {
  const year = String(date.getFullYear()).padStart(4, '0');
  return `${year}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A date as ISO 8601 to the second with this browser's offset then. */
export function isoWithOffset(date) {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const day = isoDay(date);
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${day}T${time}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

/** A datetime-local value ("2026-11-27T09:30") as ISO 8601 with this browser's offset then. */
export function toOffsetIso(local) {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : isoWithOffset(date);
}

/** Minutes east of UTC of the zone `timeZone` at `date`; null when the browser has no such zone. */
function zoneOffset(timeZone, date) {
  let name;
  try {
    name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(date)
      .find((part) => part.type === 'timeZoneName')?.value;
  } catch {
    return null;
  }
  if (name === 'GMT') return 0;
  const match = /^GMT([+-])(\d\d):(\d\d)$/.exec(name ?? '');
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** An ISO 8601 time with offset re-written in the offset of `timeZone` then (the same instant). */
export function inZone(iso, timeZone) {
  const date = new Date(iso);
  const offset = typeof timeZone === 'string' ? zoneOffset(timeZone.trim(), date) : null;
  if (offset === null || Number.isNaN(date.getTime())) return iso;
  // The wall clock there, read with the UTC getters of a date moved by the offset.
  const there = new Date(date.getTime() + offset * 60_000);
  const year = String(there.getUTCFullYear()).padStart(4, '0');
  const day = `${year}-${pad(there.getUTCMonth() + 1)}-${pad(there.getUTCDate())}`;
  const time = [there.getUTCHours(), there.getUTCMinutes(), there.getUTCSeconds()].map(pad);
  const sign = offset >= 0 ? '+' : '-';
  const zone = `${sign}${pad(Math.abs(offset) / 60)}:${pad(Math.abs(offset) % 60)}`;
  return `${day}T${time.join(':')}${zone}`;
}

/** An ISO 8601 time with offset as a datetime-local value in this browser's time zone, or null. */
export function toLocalValue(iso) {
  if (typeof iso !== 'string' || !/[zZ]|[+-]\d\d:?\d\d$/.test(iso)) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const day = isoDay(date);
  return `${day}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
