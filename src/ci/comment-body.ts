/** The first line of groupform's pull-request comment: how a later run finds the comment to update. */
export const PLAN_COMMENT_MARKER = '<!-- groupform-plan -->';

export type PlanOutcome = 'no-changes' | 'changes' | 'blocked' | 'failed';

export interface PlanCommentInput {
  sha: string;
  time: Date;
  outcome: PlanOutcome;
  /** The markdown plan, or the validate/plan output when the run failed. */
  text: string;
  runUrl?: string;
}

const HEADLINES: Record<PlanOutcome, string> = {
  'no-changes': 'groupform plan: no changes',
  changes: 'groupform plan: changes to review',
  blocked: 'groupform plan: blocked by a safety rule',
  failed: 'groupform plan FAILED on the latest push',
};

/** One comment body; a failed run replaces the old plan so nobody reviews a plan of an earlier commit. */
export function planCommentBody(input: PlanCommentInput): string {
  const when = input.time.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const run = input.runUrl === undefined ? '' : ` ([run](${input.runUrl}))`;
  const lines = [PLAN_COMMENT_MARKER, `### ${HEADLINES[input.outcome]}`, '', `Commit \`${input.sha}\` at ${when}${run}.`, ''];
  if (input.outcome === 'failed') {
    lines.push('Validate or plan failed, so there is no plan for this commit and apply will refuse it. Output:', '', '```text', input.text.replace(/```/g, "'''").trimEnd(), '```');
  } else {
    lines.push(input.text.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
