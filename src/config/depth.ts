// A config nests about eight levels (tenants, a tenant, groups, a group, members, a member, userId). Far deeper
// input is hostile or broken, and would exhaust the stack of a recursive reader (ours and yaml's alike).
export const MAX_YAML_DEPTH = 64;

const SPACE = 0x20;
const DASH = 0x2d;
const HASH = 0x23;

/**
 * The offset where a YAML text first nests deeper than MAX_YAML_DEPTH, counting block indentation levels, `- `
 * items opened on one line and flow brackets; undefined when it never does. A linear scan that parses nothing,
 * so it runs before any recursive reader sees the text. Approximate where approximation is harmless: quotes are
 * skipped on one line, a bracket in a plain scalar counts (no real config nests 64 of them).
 */
export function findTooDeep(text: string): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let i = lineStart;
    if (flow === 0) {
      while (i < lineEnd && text.charCodeAt(i) === SPACE) i += 1;
      const blank = i >= lineEnd || text.charCodeAt(i) === HASH || text.charCodeAt(i) === 0x0d;
      if (!blank) {
        const indent = i - lineStart;
        while (indents.length > 0 && (indents[indents.length - 1] ?? 0) >= indent) indents.pop();
        indents.push(indent);
        let items = 0;
        while (text.charCodeAt(i) === DASH && text.charCodeAt(i + 1) === SPACE) {
          items += 1;
          i += 2;
          while (i < lineEnd && text.charCodeAt(i) === SPACE) i += 1;
          if (indents.length + items > MAX_YAML_DEPTH) return i;
        }
        if (indents.length + items > MAX_YAML_DEPTH) return i;
      }
    }
    const deepest = indents.length;
    for (let quote = 0; i < lineEnd; i += 1) {
      const c = text.charCodeAt(i);
      if (quote !== 0) {
        if (c === quote) quote = 0;
        continue;
      }
      if (c === 0x22 || c === 0x27) quote = c;
      else if (c === HASH && (i === lineStart || text.charCodeAt(i - 1) === SPACE)) break;
      else if (c === 0x5b || c === 0x7b) {
        flow += 1;
        if (deepest + flow > MAX_YAML_DEPTH) return i;
      } else if ((c === 0x5d || c === 0x7d) && flow > 0) flow -= 1;
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}
