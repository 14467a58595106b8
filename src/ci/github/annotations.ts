/**
 * Turns groupform's diagnostic lines (`file:line:column: error CODE: message`) into GitHub workflow commands, so
 * a config error shows on the pull request's file and line instead of only in the log.
 */
const DIAGNOSTIC_LINE = /^(.+?):(\d+):(\d+): (error|warning) ([A-Z0-9_]+): (.*)$/;

export function diagnosticsToAnnotations(output: string): string[] {
  const commands: string[] = [];
  for (const line of output.split('\n')) {
    const match = DIAGNOSTIC_LINE.exec(line.trimEnd());
    if (match === null) continue;
    const [, file = '', row = '1', column = '1', severity = 'error', code = '', message = ''] = match;
    const props = `file=${escapeProperty(file)},line=${row},col=${column},title=${escapeProperty(code)}`;
    commands.push(`::${severity} ${props}::${escapeCommandData(message)}`);
  }
  return commands;
}

/** A workflow command's message: GitHub reads `%`, CR and LF there as syntax. */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
