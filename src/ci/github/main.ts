#!/usr/bin/env node
import { GroupformError } from '../../errors.js';
import { escapeCommandData } from './annotations.js';
import { runStep } from './steps.js';

const [step = '', ...args] = process.argv.slice(2);
runStep(step, args, process.env, { stdout: (text) => process.stdout.write(text), now: () => new Date() }).catch((error: unknown) => {
  if (!(error instanceof GroupformError)) throw error;
  process.stdout.write(`::error title=${error.code}::${escapeCommandData(error.message)}\n`);
  process.stderr.write(`groupform: ${error.message}\n`);
  process.exitCode = error.exitCode;
});
