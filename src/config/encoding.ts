import { isUtf8 } from 'node:buffer';
import { type Diagnostic, errorAt } from '../errors.js';

export interface DecodedText {
  /** The text; for a file that is not UTF-8, a best reading of it (to tell whether it is a config at all). */
  text: string;
  /** Why the file cannot be read as config: it is not UTF-8. */
  problem?: Diagnostic;
  /** The file starts with a UTF-8 byte order mark (not part of the text); fmt writes it back. */
  bom?: true;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Config files are UTF-8 (a UTF-8 byte order mark is accepted: PowerShell 5 writes one). UTF-16 and UTF-32, which
 * Windows tools write, and bytes that are not UTF-8 at all are refused at their place, instead of being read as
 * replacement characters and NULs that change names silently.
 */
export function decodeConfigBytes(bytes: Uint8Array, file: string): DecodedText {
  const wide = wideEncoding(bytes);
  if (wide !== undefined) {
    return {
      text: new TextDecoder(wide.decoder).decode(bytes),
      problem: errorAt(
        { file, line: 1, column: 1 },
        'CONFIG_ENCODING',
        `the file is ${wide.name}, not UTF-8${wide.powershell === true ? ' (as Windows PowerShell writes with `>` and `Out-File`)' : ''}; save it as UTF-8: ` +
          `\`iconv -f ${wide.iconv} -t UTF-8 FILE > FILE.new\`, or in PowerShell \`Get-Content FILE | Out-File -Encoding utf8 FILE.new\``,
      ),
    };
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  if (isUtf8(bytes)) return startsWithBom(bytes) ? { text, bom: true } : { text };
  const bad = firstInvalidByte(bytes);
  const lineStart = bytes.lastIndexOf(0x0a, bad - 1) + 1;
  const line = countLineFeeds(bytes, lineStart) + 1;
  const column = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, bad)).length + 1;
  const byte = (bytes[bad] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return {
    text,
    problem: errorAt(
      { file, line, column },
      'CONFIG_ENCODING',
      `the file is not valid UTF-8 (byte 0x${byte} here); save it as UTF-8, e.g. for a Latin-1 or Windows-1252 file: \`iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.new\``,
    ),
  };
}

interface WideEncoding {
  name: string;
  iconv: string;
  decoder: string;
  powershell?: boolean;
}

function wideEncoding(bytes: Uint8Array): WideEncoding | undefined {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return { name: 'UTF-32 (little-endian, with a byte order mark)', iconv: 'UTF-32', decoder: 'utf-16le' };
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return { name: 'UTF-32 (big-endian, with a byte order mark)', iconv: 'UTF-32', decoder: 'utf-16be' };
  if (b0 === 0xff && b1 === 0xfe) return { name: 'UTF-16 (little-endian, with a byte order mark)', iconv: 'UTF-16', decoder: 'utf-16le', powershell: true };
  if (b0 === 0xfe && b1 === 0xff) return { name: 'UTF-16 (big-endian, with a byte order mark)', iconv: 'UTF-16', decoder: 'utf-16be' };
  // Without a byte order mark, UTF-16 text that starts in ASCII (as every config does) has a NUL in every pair.
  if (bytes.length >= 4 && bytes.length % 2 === 0) {
    if (nulPattern(bytes, 1)) return { name: 'UTF-16 (little-endian, without a byte order mark)', iconv: 'UTF-16LE', decoder: 'utf-16le' };
    if (nulPattern(bytes, 0)) return { name: 'UTF-16 (big-endian, without a byte order mark)', iconv: 'UTF-16BE', decoder: 'utf-16be' };
  }
  return undefined;
}

/** Whether the first pairs of bytes are an ASCII byte and a NUL, the NUL at `nulAt` (0 or 1) of each pair. */
function nulPattern(bytes: Uint8Array, nulAt: number): boolean {
  const pairs = Math.min(8, bytes.length / 2);
  for (let i = 0; i < pairs; i += 1) {
    const nul = bytes[2 * i + nulAt];
    const ascii = bytes[2 * i + 1 - nulAt] ?? 0;
    if (nul !== 0 || ascii === 0 || ascii > 0x7f) return false;
  }
  return true;
}

function firstInvalidByte(bytes: Uint8Array): number {
  let i = startsWithBom(bytes) ? 3 : 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length || !isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return bytes.length;
}

function startsWithBom(bytes: Uint8Array): boolean {
  return UTF8_BOM.every((b, k) => bytes[k] === b);
}

function countLineFeeds(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i += 1) if (bytes[i] === 0x0a) count += 1;
  return count;
}
