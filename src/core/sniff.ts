// Decide from the first bytes what a file is: its text encoding, or, when it is not text, what it looks
// like, so a responder who dropped the wrong file is told what to export instead. Never the file name.

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface EncodingGuess {
  encoding: TextEncoding;
  bomLength: number;
  label: string;
}

/** Bytes the sniffers want before deciding; a shorter file is sniffed at its end. */
export const SNIFF_BYTES = 4096;

const startsWith = (head: Uint8Array, ...bytes: number[]) => bytes.every((b, i) => head[i] === b);
const ascii = (head: Uint8Array, from: number, to: number) => String.fromCharCode(...head.subarray(from, to));

export function sniffEncoding(head: Uint8Array): EncodingGuess {
  if (startsWith(head, 0xef, 0xbb, 0xbf)) return { encoding: 'utf-8', bomLength: 3, label: 'UTF-8 with BOM' };
  if (startsWith(head, 0xff, 0xfe)) return { encoding: 'utf-16le', bomLength: 2, label: 'UTF-16LE with BOM' };
  if (startsWith(head, 0xfe, 0xff)) return { encoding: 'utf-16be', bomLength: 2, label: 'UTF-16BE with BOM' };
  // UTF-16 without a BOM: ASCII text leaves every other byte zero. Binary magic numbers are checked first.
  const pairs = Math.floor(Math.min(head.length, SNIFF_BYTES) / 2);
  if (pairs >= 8 && !describeMagic(head)) {
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i < pairs; i++) {
      if (head[2 * i] === 0) evenZeros++;
      if (head[2 * i + 1] === 0) oddZeros++;
    }
    if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) {
      return { encoding: 'utf-16le', bomLength: 0, label: 'UTF-16LE without BOM' };
    }
    if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) {
      return { encoding: 'utf-16be', bomLength: 0, label: 'UTF-16BE without BOM' };
    }
  }
  return { encoding: 'utf-8', bomLength: 0, label: 'UTF-8' };
}

/**
 * When the head is not text, a sentence saying what it looks like and what to do; null for text.
 * Only called on heads whose encoding sniffed as UTF-8 (UTF-16 is full of zero bytes by design).
 */
export function describeNonText(head: Uint8Array): string | null {
  const magic = describeMagic(head);
  if (magic) return magic;
  // Random bytes are about 11% control characters; text with a damaged stretch is far below 5%, and is
  // better read with that stretch reported than refused whole.
  const n = Math.min(head.length, SNIFF_BYTES);
  let control = 0;
  let nul = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) nul++;
    if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) control++;
  }
  if (control > n * 0.05) return `This file holds binary data${nul ? ' (NUL bytes)' : ''}, not audit log text.`;
  return null;
}

/** Known binary formats by their first bytes. */
function describeMagic(head: Uint8Array): string | null {
  if (startsWith(head, 0x50, 0x4b, 0x03, 0x04) || startsWith(head, 0x50, 0x4b, 0x05, 0x06)) {
    // A zip's first entry name starts at byte 30; Office files name their parts there or soon after.
    const names = ascii(head, 30, Math.min(head.length, SNIFF_BYTES));
    if (/xl\/|\[Content_Types\]\.xml/.test(names) && names.includes('xl/')) {
      return 'This is an Excel workbook (xlsx), not an audit log export: open it and save it as CSV, or export the audit search as CSV.';
    }
    if (names.includes('[Content_Types].xml')) {
      return 'This is an Office document (a zip of XML parts), not an audit log export: export the audit search as CSV or JSON.';
    }
    return 'This is a zip archive: extract it and drop the CSV or JSON files inside.';
  }
  if (startsWith(head, 0xd0, 0xcf, 0x11, 0xe0)) {
    return 'This is a legacy Office file (xls/doc): save it as CSV, or export the audit search as CSV.';
  }
  if (startsWith(head, 0x1f, 0x8b)) return 'This is a gzip archive: decompress it and drop the file inside.';
  if (startsWith(head, 0x37, 0x7a, 0xbc, 0xaf)) return 'This is a 7-Zip archive: extract it and drop the files inside.';
  if (startsWith(head, 0x52, 0x61, 0x72, 0x21)) return 'This is a RAR archive: extract it and drop the files inside.';
  if (startsWith(head, 0x25, 0x50, 0x44, 0x46)) return 'This is a PDF document, not an audit log export.';
  if (startsWith(head, 0x89, 0x50, 0x4e, 0x47)) return 'This is a PNG image, not an audit log export.';
  if (startsWith(head, 0xff, 0xd8, 0xff)) return 'This is a JPEG image, not an audit log export.';
  if (startsWith(head, 0x47, 0x49, 0x46, 0x38)) return 'This is a GIF image, not an audit log export.';
  if (ascii(head, 0, 7) === 'ElfFile') return 'This is a Windows event log (evtx), not a Microsoft 365 audit log export.';
  if (ascii(head, 0, 15) === 'SQLite format 3') return 'This is an SQLite database, not an audit log export.';
  return null;
}
