// (v3) The record and the moments ahead at a glance: one SVG strip (what happened, now, what
// comes), drawn with DOM APIs and styled by the stylesheet. It only repeats the timeline's list
// and the moments' list beside it, which are its accessible source: the drawing is aria-hidden.

import { changed } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 1000;
const HEIGHT = 40;
const MARGIN = 12;
const MIDDLE = HEIGHT / 2;
const HOUR_MS = 3_600_000;

/** An SVG element with a class and attributes. */
function shape(tag, className, attributes) {
  const node = document.createElementNS(SVG, tag);
  node.setAttribute('class', className);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

/** The time of a record entry or a moment (`at`), in ms; NaN when it is not one. */
function timeOf(item) {
  return typeof item?.at === 'string' ? new Date(item.at).getTime() : Number.NaN;
}

/** A coordinate to a tenth of the drawing's unit (1/10,000 of its width: finer than a pixel). */
function round(value) {
  return Math.round(value * 10) / 10;
}

/**
 * Draw the strip into `holder`: one mark per record entry (`sorted`: {entry} in time order), a
 * line at `now` (ms), one diamond per moment ahead (`ahead`: the decision's moments). Drawn again
 * only when a mark moves (the line at `now` moves by a tenth of a unit in ~0.4 s or more).
 */
export function drawStrip(holder, sorted, ahead, now) {
  const marks = sorted.map(({ entry }) => entry).filter((entry) => !Number.isNaN(timeOf(entry)));
  const upcoming = ahead.filter((moment) => !Number.isNaN(timeOf(moment)));
  const times = [...marks.map(timeOf), now, ...upcoming.map(timeOf)];
  const first = Math.min(...times);
  const span = Math.max(Math.max(...times) - first, HOUR_MS);
  const x = (time) => round(MARGIN + ((time - first) / span) * (WIDTH - 2 * MARGIN));
  const kindOf = (entry) => String(entry.kind).replace(/[^a-z_]/g, '');
  const entries = marks.map((entry) => [kindOf(entry), x(timeOf(entry))]);
  const moments = upcoming.map((moment) => [x(timeOf(moment)), Boolean(moment.overdue)]);
  const at = x(now);
  if (!changed(holder, JSON.stringify([entries, at, moments]))) return;
  const svg = shape('svg', 'dt-strip__svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    preserveAspectRatio: 'xMidYMid meet',
    'aria-hidden': 'true',
    focusable: 'false',
  });
  const axis = { x1: MARGIN, x2: WIDTH - MARGIN, y1: MIDDLE, y2: MIDDLE };
  svg.append(shape('line', 'dt-strip__axis', axis));
  for (const [kind, cx] of entries) {
    const mark = { cx, cy: MIDDLE, r: 6 };
    svg.append(shape('circle', `dt-strip__entry dt-strip__entry--${kind}`, mark));
  }
  svg.append(shape('line', 'dt-strip__now', { x1: at, x2: at, y1: 4, y2: HEIGHT - 4 }));
  for (const [cx, overdue] of moments) {
    const [left, right, top, bottom] = [round(cx - 8), round(cx + 8), MIDDLE - 8, MIDDLE + 8];
    const points = `${cx},${top} ${right},${MIDDLE} ${cx},${bottom} ${left},${MIDDLE}`;
    const late = overdue ? ' dt-strip__moment--overdue' : '';
    svg.append(shape('polygon', `dt-strip__moment${late}`, { points }));
  }
  holder.replaceChildren(svg);
}
