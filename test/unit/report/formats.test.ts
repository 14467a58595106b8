import { describe, expect, it } from 'vitest';
import type { AccessRow } from '../../../src/report/access-report.js';
import { csvCell, renderCsv } from '../../../src/report/formats.js';

describe('CSV cells', () => {
  it.each([
    ['=1+1', `"'=1+1"`],
    ['+cmd', `"'+cmd"`],
    ['-2', `"'-2"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tx', `"'\tx"`],
    ['\rx', `"'\rx"`],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['alice@acme.com', 'alice@acme.com'],
    ['', ''],
  ])('%j becomes %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes a header and one CRLF line per row', () => {
    const row: AccessRow = { tenant: 'T1', group: 'Eng', loginId: '=x', userId: 'U1', status: 'orphan', since: '', until: '', reason: '', ticket: '', source: '' };
    expect(renderCsv({ asOf: '2027-01-01T00:00:00Z', rows: [row] })).toBe(
      `tenant,group,loginId,userId,status,since,until,reason,ticket,source\r\nT1,Eng,"'=x",U1,orphan,,,,,\r\n`,
    );
  });
});
