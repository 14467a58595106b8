import type { GroupChange } from '../model/types.js';
import { quote, renameNote } from './change-lines.js';
import { printable } from '../util/printable.js';

/** `T1 update group "Engineering" (renamed from "Eng") (+2, -1 members)`: one change on one line. */
export function describeChange(tenant: string, change: GroupChange): string {
  return `${printable(tenant)} ${change.action} group ${quote(change.group)}${renameNote(change)}${describeMemberCounts(change)}`;
}

/** `update "Engineering"`: short enough for a progress bar. */
export function describeChangeBriefly(change: GroupChange): string {
  return `${change.action} ${quote(change.group)}`;
}

function describeMemberCounts(change: GroupChange): string {
  const parts: string[] = [];
  if (change.add.length > 0) parts.push(`+${change.add.length}`);
  if (change.remove.length > 0) parts.push(`-${change.remove.length}`);
  if (parts.length === 0) return '';
  const last = change.remove.length > 0 ? change.remove.length : change.add.length;
  const noun = parts.length === 1 && last === 1 ? 'member' : 'members';
  return ` (${parts.join(', ')} ${noun})`;
}

/** An error message on one line with no control characters: provider messages are untrusted text. */
export function describeReason(reason: string): string {
  return printable(reason.replace(/\s*\n\s*/g, '; '));
}
