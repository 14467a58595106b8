import type { DeclaredMember, MemberTerms, SourceRef } from '../model/types.js';
import { termsOf } from '../model/terms.js';

/** A member entry as the schema allows it: a login id, or `{loginId | userId, until?, reason?, ticket?}`. */
export type RawMemberEntry = string | ({ loginId: string } & MemberTerms) | ({ userId: string } & MemberTerms);

/** The declared member an entry (of a schema-valid file) stands for; the terms are kept only when given. */
export function toDeclaredMember(entry: RawMemberEntry, at: SourceRef): DeclaredMember {
  if (typeof entry === 'string') return { loginId: entry, at };
  const id = 'loginId' in entry ? { loginId: entry.loginId } : { userId: entry.userId };
  return { ...id, at, ...termsOf(entry) };
}
