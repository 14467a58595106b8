import { type Document, isCollection, isMap, isPair, isScalar, isSeq, type Node, visit } from 'yaml';

interface Commented {
  commentBefore?: string | null;
  comment?: string | null;
  spaceBefore?: boolean;
}

/**
 * yaml attaches the comments between `key:` and a block collection's first item (including one on the key's
 * own line) to the collection. Sorting would then leave them behind while their item moves, so: a comment on
 * the key's line goes to the key; the rest goes to the first item, and travels with it.
 */
export function attachCommentsToItems(doc: Document, text: string): void {
  visit(doc, {
    Pair(_, pair) {
      const value = pair.value;
      if (!isCollection(value) || value.flow === true || !value.commentBefore) return;
      const lines = value.commentBefore.split('\n');
      const key = pair.key as (Node & Commented) | null;
      const onKeyLine = isScalar(key) && hasCommentAfterKey(text, key.range?.[1]);
      const rest = (onKeyLine ? lines.slice(1) : lines).join('\n').replace(/^\n+/, '').replace(/\n+$/, '');
      if (onKeyLine && key !== null) key.comment = lines[0] ?? '';
      delete value.commentBefore;
      const first = firstItem(value);
      if (first !== undefined && rest !== '') first.commentBefore = first.commentBefore ? `${rest}\n${first.commentBefore}` : rest;
    },
  });
}

function hasCommentAfterKey(text: string, keyEnd: number | undefined): boolean {
  if (keyEnd === undefined) return false;
  const lineEnd = text.indexOf('\n', keyEnd);
  return /^\s*:[ \t]*#/.test(text.slice(keyEnd, lineEnd < 0 ? undefined : lineEnd));
}

/** The node whose commentBefore and spaceBefore print before a collection item. */
export function itemHead(item: unknown): Commented | undefined {
  if (isPair(item)) return (item.key ?? undefined) as Commented | undefined;
  return (item ?? undefined) as Commented | undefined;
}

function firstItem(collection: Node): Commented | undefined {
  return isMap(collection) || isSeq(collection) ? itemHead(collection.items[0]) : undefined;
}

/**
 * Blank lines between items: after sorting, either every item but the first has one (when any had) or none
 * does, so the moved items look like the others. Returns nothing; edits in place.
 */
export function normaliseItemSpacing(items: readonly unknown[]): void {
  const heads = items.map(itemHead);
  const spaced = heads.slice(1).some((h) => h?.spaceBefore === true) || heads[0]?.spaceBefore === true;
  heads.forEach((head, i) => {
    if (head !== undefined && head !== null) head.spaceBefore = i > 0 && spaced;
  });
}

const MARK = '\u0000';

/**
 * yaml prints a trailing comment one space after its value, which would undo every aligned column of
 * comments. Remember each one's column (in the comment text, decoded by commentString below) so it stays
 * there, or one space after the value when the value has grown past it.
 */
export function markCommentColumns(doc: Document, text: string): void {
  const mark = (node: Node & Commented): void => {
    const end = node.range?.[1];
    if (!node.comment || node.comment.includes('\n') || end === undefined) return;
    const lineEnd = text.indexOf('\n', end);
    const hash = text.indexOf('#', end);
    if (hash < 0 || (lineEnd >= 0 && hash > lineEnd)) return;
    const column = hash - (text.lastIndexOf('\n', hash) + 1);
    node.comment = `${MARK}${column}${MARK}${node.comment}`;
  };
  visit(doc, {
    Scalar: (_, node) => mark(node),
    Map: (_, node) => (node.flow === true ? mark(node) : undefined),
    Seq: (_, node) => (node.flow === true ? mark(node) : undefined),
  });
}

/** yaml's own comment stringifier, keeping the column mark for restoreCommentColumns. */
export function commentString(comment: string): string {
  const marked = new RegExp(`^${MARK}(\\d+)${MARK}`).exec(comment);
  const body = marked === null ? comment : comment.slice(marked[0].length);
  return `${marked === null ? '' : marked[0]}${body.replace(/^(?!$)(?: $)?/gm, '#')}`;
}

export function restoreCommentColumns(output: string): string {
  const marked = new RegExp(` ?${MARK}(\\d+)${MARK}`);
  return output
    .split('\n')
    .map((line) => {
      const match = marked.exec(line);
      if (match === null) return line;
      const before = line.slice(0, match.index).trimEnd();
      const rest = line.slice(match.index + match[0].length);
      if (before.trim() === '') return `${line.slice(0, match.index)}${rest}`;
      return `${before}${' '.repeat(Math.max(1, Number(match[1]) - before.length))}${rest}`;
    })
    .join('\n');
}
