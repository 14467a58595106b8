import { GroupformError } from '../../errors.js';
import type { CommandIo } from '../io.js';
import type { SelectionOptions } from './common.js';

export interface ImportCommandOptions extends SelectionOptions {
  out?: string;
  liveState?: string;
}

export async function runImport(_options: ImportCommandOptions, _io: CommandIo): Promise<number> {
  throw new GroupformError('NOT_IMPLEMENTED', 'import is not available yet (issue 7)');
}
