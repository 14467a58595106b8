import { GroupformError } from '../errors.js';

/** The runner's environment, as a CI step reads it. */
export type Env = Readonly<Record<string, string | undefined>>;

export interface StepIo {
  stdout: (text: string) => void;
  now: () => Date;
}

/** A value the step cannot do without (a predefined CI variable, an argument): CI_STEP_INPUT when empty. */
export function need(value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new GroupformError('CI_STEP_INPUT', `the CI step needs ${what}`);
  return value;
}
