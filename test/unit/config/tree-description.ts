import { formatPlace } from '../../../src/errors.js';
import { pointer } from '../../../src/config/paths.js';
import type { ConfigTree, Place } from '../../../src/config/tree.js';

/** Every value of a tree with its place(s), by JSON pointer, plus where its secrets came from: two trees read
 * from one text must describe the same. */
export function describeTree(tree: ConfigTree): string[] {
  const lines: string[] = [];
  const visit = (value: unknown, path: (string | number)[], place: Place | undefined): void => {
    const where = place === undefined ? '-' : `${place.key === undefined ? '' : `${formatPlace(place.key)} `}${formatPlace(place.value)}`;
    const shown = Array.isArray(value) ? '[]' : typeof value === 'object' && value !== null ? '{}' : `${typeof value} ${JSON.stringify(value)}`;
    lines.push(`${pointer(path)} ${where} ${shown}`);
    if (Array.isArray(value)) {
      const refs = tree.items.get(value);
      value.forEach((item, i) => visit(item, [...path, i], refs?.[i] === undefined ? undefined : { value: refs[i] }));
    } else if (typeof value === 'object' && value !== null) {
      const places = tree.entries.get(value);
      for (const [name, item] of Object.entries(value)) visit(item, [...path, name], places?.get(name));
    }
  };
  visit(tree.data, [], tree.root);
  for (const [ptr, origin] of [...tree.secretOrigins].sort()) lines.push(`secret ${ptr} ${origin}`);
  return lines;
}
