// (v3) The record and the moments ahead at a glance: one SVG strip (what happened, now, what
// comes), drawn with DOM APIs and styled by the stylesheet. It only repeats the timeline's list
// and the moments' list beside it, which are its accessible source: the drawing is aria-hidden.

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

/**
 * Draw the strip into `holder`: one mark per record entry (`sorted`: {entry} in time order), a
 * line at `now` (ms), one diamond per moment ahead (`ahead`: the decision's moments).
 */
export function drawStrip(holder, sorted, ahead, now) {
  const marks = sorted.map(({ entry }) => entry).filter((entry) => !Number.isNaN(timeOf(entry)));
  const upcoming = ahead.filter((moment) => !Number.isNaN(timeOf(moment)));
  const times = [...marks.map(timeOf), now, ...upcoming.map(timeOf)];
  const first = Math.min(...times);
  const span = Math.max(Math.max(...times) - first, HOUR_MS);
  const x = (time) => MARGIN + ((time - first) / span) * (WIDTH - 2 * MARGIN);
  const svg = shape('svg', 'dt-strip__svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    preserveAspectRatio: 'xMidYMid meet',
    'aria-hidden': 'true',
    focusable: 'false',
  });
  const axis = { x1: MARGIN, x2: WIDTH - MARGIN, y1: MIDDLE, y2: MIDDLE };
  svg.append(shape('line', 'dt-strip__axis', axis));
  for (const entry of marks) {
    const kind = String(entry.kind).replace(/[^a-z_]/g, '');
    const mark = { cx: x(timeOf(entry)), cy: MIDDLE, r: 6 };
    svg.append(shape('circle', `dt-strip__entry dt-strip__entry--${kind}`, mark));
  }
  svg.append(shape('line', 'dt-strip__now', { x1: x(now), x2: x(now), y1: 4, y2: HEIGHT - 4 }));
  for (const moment of upcoming) {
    const cx = x(timeOf(moment));
    const [top, bottom] = [MIDDLE - 8, MIDDLE + 8];
    const points = `${cx},${top} ${cx + 8},${MIDDLE} ${cx},${bottom} ${cx - 8},${MIDDLE}`;
    const overdue = moment.overdue ? ' dt-strip__moment--overdue' : '';
    svg.append(shape('polygon', `dt-strip__moment${overdue}`, { points }));
  }
  holder.replaceChildren(svg);
}
