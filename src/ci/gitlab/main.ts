#!/usr/bin/env node
import { GroupformError } from '../../errors.js';
import { runGitLabStep } from './steps.js';

const [step = '', ...args] = process.argv.slice(2);
runGitLabStep(step, args, process.env, { stdout: (text) => process.stdout.write(text), now: () => new Date() }).catch((error: unknown) => {
  if (!(error instanceof GroupformError)) throw error;
  process.stderr.write(`groupform: error ${error.code}: ${error.message}\n`);
  process.exitCode = error.exitCode;
});
