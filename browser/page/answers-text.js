// The answers' JSON text as written (a link's, this browser's storage), with its `now` cut out:
// the page's clock is the only clock, so a `now` from a link or from storage is never kept or
// passed on (contract v3; the engine's bridge drops it too, after parsing). The text is cut, never
// parsed and re-serialised, which would merge repeated keys and turn `1e400` into null: every
// other member stays exactly as written.

const WHITESPACE = /^[ \t\n\r]*$/; // JSON's whitespace, no other

/**
 * The top-level members of a JSON object text as [start, end) spans between its commas, with the
 * positions of its braces; null when the text is not one object with a closing brace.
 */
function members(text) {
  const open = text.search(/[^ \t\n\r]/);
  if (open < 0 || text[open] !== '{') return null;
  const spans = [];
  let depth = 0;
  let start = open + 1;
  let inString = false;
  for (let index = open; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '{' || char === '[') {
      depth += 1;
    } else if (char === '}' || char === ']') {
      depth -= 1;
      if (depth === 0) {
        spans.push([start, index]);
        return WHITESPACE.test(text.slice(index + 1)) ? { open, close: index, spans } : null;
      }
    } else if (char === ',' && depth === 1) {
      spans.push([start, index]);
      start = index + 1;
    }
  }
  return null;
}

/** True for one member text `"now": value` (the key may be escaped) with a well-formed value. */
function isNow(member) {
  const found = /^[ \t\n\r]*("(?:[^"\\]|\\.)*")[ \t\n\r]*:/.exec(member);
  if (!found) return false;
  try {
    if (JSON.parse(found[1]) !== 'now') return false;
    JSON.parse(member.slice(found[0].length));
    return true;
  } catch {
    return false;
  }
}

/**
 * `text` without its top-level `now` members (a repeated one too). Any text that is not one
 * well-formed object of members comes back unchanged: cutting could never make it valid.
 */
export function withoutNow(text) {
  if (typeof text !== 'string') return text;
  const found = members(text);
  if (!found) return text;
  const parts = found.spans.map(([start, end]) => text.slice(start, end));
  if (parts.length === 1 && WHITESPACE.test(parts[0])) return text; // {}
  if (parts.some((part) => WHITESPACE.test(part))) return text; // a stray comma: not JSON
  const kept = parts.filter((part) => !isNow(part));
  if (kept.length === parts.length) return text;
  return text.slice(0, found.open + 1) + kept.join(',') + text.slice(found.close);
}
