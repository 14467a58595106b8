import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDesired, loadDesiredFromTexts } from '../../../src/config/index.js';
import { decodeConfigBytes } from '../../../src/config/encoding.js';
import { readSimpleTree } from '../../../src/config/yaml/simple-tree.js';
import { type Diagnostic } from '../../../src/errors.js';
import { tempDir } from '../../support/in-process.js';
import { expectDiagnostics, textDiagnostics } from './support.js';

const header = 'version: 1\nprovider:\n  type: scim\n  baseUrl: https://scim.example.com/{tenantId}/scim/v2\ntenants:\n  T1:\n    groups:\n';
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function utf16(text: string, order: 'le' | 'be', bom: boolean): Uint8Array {
  const units = [...(bom ? [0xfeff] : []), ...[...text].map((c) => c.charCodeAt(0))];
  return Uint8Array.from(units.flatMap((u) => (order === 'le' ? [u & 0xff, u >> 8] : [u >> 8, u & 0xff])));
}

function place(d: Diagnostic | undefined): string {
  return d === undefined ? 'none' : `${d.line}:${d.column} ${d.code}`;
}

describe('config files must be UTF-8', () => {
  it.each([
    ['UTF-16 little-endian with a byte order mark (Windows PowerShell)', utf16(header, 'le', true), 'UTF-16 (little-endian, with a byte order mark)', 'iconv -f UTF-16 -t UTF-8'],
    ['UTF-16 big-endian with a byte order mark', utf16(header, 'be', true), 'UTF-16 (big-endian, with a byte order mark)', 'iconv -f UTF-16 -t UTF-8'],
    ['UTF-16 little-endian without a byte order mark', utf16(header, 'le', false), 'UTF-16 (little-endian, without a byte order mark)', 'iconv -f UTF-16LE -t UTF-8'],
    ['UTF-16 big-endian without a byte order mark', utf16(header, 'be', false), 'UTF-16 (big-endian, without a byte order mark)', 'iconv -f UTF-16BE -t UTF-8'],
    ['UTF-32 with a byte order mark', Uint8Array.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]), 'UTF-32', 'iconv -f UTF-32 -t UTF-8'],
  ])('%s: says which encoding and how to convert it', (_name, bytes, encoding, command) => {
    const { problem } = decodeConfigBytes(bytes, 'c.yaml');
    expect(place(problem)).toBe('1:1 CONFIG_ENCODING');
    expect(problem?.message).toContain(`the file is ${encoding}`);
    expect(problem?.message).toContain(command);
    expect(problem?.message).toContain('Out-File -Encoding utf8');
  });

  it('places the first byte that is not UTF-8 at its line and column', () => {
    const bytes = Uint8Array.from([...utf8(`${header}      Caf`), 0xe9, ...utf8(': {}\n')]);
    const { problem } = decodeConfigBytes(bytes, 'c.yaml');
    expect(place(problem)).toBe('8:10 CONFIG_ENCODING');
    expect(problem?.message).toBe(
      'the file is not valid UTF-8 (byte 0xE9 here); save it as UTF-8, e.g. for a Latin-1 or Windows-1252 file: `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.new`',
    );
    // Columns count characters, as every other diagnostic does: é (two bytes) before the bad byte is one column.
    expect(place(decodeConfigBytes(Uint8Array.from([...utf8('é: x'), 0xc3, 0x28]), 'c.yaml').problem)).toBe('1:5 CONFIG_ENCODING');
    // Overlong forms and encoded surrogates are not UTF-8 either.
    expect(place(decodeConfigBytes(Uint8Array.from([0x61, 0xc0, 0xaf]), 'c.yaml').problem)).toBe('1:2 CONFIG_ENCODING');
    expect(place(decodeConfigBytes(Uint8Array.from([0x61, 0xed, 0xa0, 0x80]), 'c.yaml').problem)).toBe('1:2 CONFIG_ENCODING');
  });

  it('reads UTF-8, with or without a byte order mark', () => {
    expect(decodeConfigBytes(utf8(`${header}      Café: {}\n`), 'c.yaml')).toEqual({ text: `${header}      Café: {}\n` });
    expect(decodeConfigBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(header)]), 'c.yaml')).toEqual({ text: header, bom: true });
  });

  it('refuses a config file in another encoding, also one found in a directory, and skips unrelated files', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'config'));
    await writeFile(join(dir, 'config', 'groupform.yaml'), `${header}      Eng: {}\n`);
    await writeFile(join(dir, 'config', 'windows.yaml'), utf16('tenants:\n  T2:\n    groups: {}\n', 'le', true));
    await writeFile(join(dir, 'config', 'latin1-compose.yml'), Uint8Array.from([...utf8('services:\n  db:\n    image: caf'), 0xe9, 0x0a]));
    const diagnostics = await expectDiagnostics(() => loadDesired(['config'], { env: {}, cwd: dir }));
    expect(diagnostics.map((d) => `${d.file}:${place(d)}`)).toEqual([`${join('config', 'windows.yaml')}:1:1 CONFIG_ENCODING`]);
  });
});

describe('keys and values hold printable text, plain YAML, no ${ in keys', () => {
  it.each([
    ['a NUL in a group name', `${header}      "Eng\\0": {}\n`, ['8:7 CONTROL_CHARACTER']],
    ['a raw control character in a group name', `${header}      En\u0001g: {}\n`, ['8:9 CONTROL_CHARACTER']],
    ['a line break in a member', `${header}      Eng:\n        members: ["alice@acme.com\\n+ forged"]\n`, ['9:19 CONTROL_CHARACTER']],
    ['a raw DEL in a login id', `${header}      Eng:\n        members:\n          - bob\u007f@acme.com\n`, ['10:16 CONTROL_CHARACTER']],
    ['a C1 control in a tenant id', `version: 1\nprovider:\n  type: scim\n  baseUrl: https://x.test/{tenantId}\ntenants:\n  T\u009b1:\n    groups: {}\n`, ['6:4 CONTROL_CHARACTER']],
    ['a tab inside an externalId', `${header}      Eng:\n        externalId: "e\\tng"\n`, ['9:21 CONTROL_CHARACTER']],
    ['an !include tag', `${header}      Eng: !include eng.yaml\n`, ['8:12 YAML_UNKNOWN_TAG']],
    ['a !!js/function tag', `${header}      Eng:\n        externalId: !!js/function "function () {}"\n`, ['9:21 YAML_UNKNOWN_TAG']],
    ['a custom tag on a block mapping', `${header}      Eng: !group\n        members: []\n`, ['8:12 YAML_UNKNOWN_TAG']],
    ['a tag on a key', `${header}      !name Eng: {}\n`, ['8:7 YAML_UNKNOWN_TAG']],
    ['${VAR} in a group name', `${header}      \${TEAM} admins: {}\n`, ['8:7 ENV_IN_KEY']],
    ['${VAR} in a tenant id', 'version: 1\nprovider:\n  type: scim\n  baseUrl: https://x.test/{tenantId}\ntenants:\n  "T-${ENV}":\n    groups: {}\n', ['6:6 ENV_IN_KEY']],
    ['${VAR} in a set name', `sets:\n  ops\${X}: [a@b.c]\n${header}      Eng: {}\n`, ['2:6 ENV_IN_KEY']],
  ])('%s: an error at its place, from either reader', async (_name, text, expected) => {
    // The fast reader declines the text, so the reading that explains reports it: one set of errors.
    expect(readSimpleTree(text, 'c.yaml', {})).toBeUndefined();
    expect((await textDiagnostics(text)).map((d) => d.replace(/^c\.yaml:/, ''))).toEqual(expected);
  });

  it('says what is wrong in words a user can act on', async () => {
    const messages = async (text: string): Promise<string[]> =>
      (await expectDiagnostics(async () => loadDesiredFromTexts([{ file: 'c.yaml', text }], {}))).map((d) => d.message);
    expect(await messages(`${header}      "Eng\\n": {}\n`)).toEqual(['the key holds a line break (U+000A): names and ids must be printable text on one line']);
    expect(await messages(`${header}      Eng: !include eng.yaml\n`)).toEqual([
      'the YAML tag !include is not read: groupform reads plain YAML, without custom tags (!include, !!js/function, ...); write the value itself',
    ]);
    expect(await messages(`${header}      \${TEAM}: {}\n`)).toEqual([
      'keys (tenant ids, group and set names) are not interpolated: write the name itself, or $${ for a literal ${',
    ]);
  });

  it('reads the core tags, and $${ in a key as a literal ${', () => {
    const desired = loadDesiredFromTexts([{ file: 'c.yaml', text: `${header}      Cost $\${center}:\n        externalId: !!str 123\n        members: !!seq [a@b.c]\n` }], {});
    expect(desired.tenants[0]?.groups.map((g) => [g.name, g.externalId])).toEqual([['Cost ${center}', '123']]);
  });
});
