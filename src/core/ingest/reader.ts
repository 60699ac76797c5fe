import Papa from 'papaparse';
import type { TextEncoding } from './types';

/** Bytes read (and hashed) per step: large enough to be fast, small enough to keep memory bounded. */
export const CHUNK_BYTES = 4 * 1024 * 1024;
/** A row longer than this is not a row: usually a quote that never closes. */
export const MAX_ROW_CHARS = 1024 * 1024;

export interface TableDialect {
  encoding: TextEncoding;
  delimiter: string;
  newline: '\n' | '\r\n' | '\r';
}

export interface RowSink {
  /** One parsed row: its cells and the line it starts on (1-based). `problem` is set for malformed quoting. */
  row(cells: string[], line: number, problem?: string): void;
  /** A stretch of the file that could not be read as rows (a never-closed quote, an endless line). */
  unreadable(line: number, reason: string): void;
}

export interface ReadOutcome {
  /** SHA-256 over the SHA-256 of every 4 MiB block and the size: equal files, equal fingerprints. */
  fingerprint: string;
  /** Lines in the file (as an editor counts them). */
  lines: number;
  /** First line where bytes could not be decoded (shown as U+FFFD), if any. */
  undecodableLine?: number;
}

/**
 * Streams a file through papaparse's tokenizer in 4 MiB steps without ever holding the whole text:
 * a step's last, possibly incomplete row is carried into the next step. Line numbers are exact even
 * when quoted cells contain line breaks, because each row's line count is taken from its own cells.
 */
export async function readTable(
  blob: Blob, dialect: TableDialect, sink: RowSink, onProgress?: (fraction: number) => void, chunkBytes = CHUNK_BYTES,
): Promise<ReadOutcome> {
  const decoder = new TextDecoder(dialect.encoding);
  const lineBreakChar = dialect.newline === '\r' ? '\r' : '\n';
  const digests: Promise<ArrayBuffer>[] = [];
  let carry = '';
  let line = 1;
  let skippingLongLine = false;
  let undecodableLine: number | undefined;

  const countBreaks = (text: string): number => {
    let n = 0;
    for (let i = text.indexOf(lineBreakChar); i >= 0; i = text.indexOf(lineBreakChar, i + 1)) n++;
    return n;
  };

  const consume = (input: string, last: boolean): void => {
    let text = input;
    for (;;) {
      if (skippingLongLine) {
        const end = text.indexOf(dialect.newline);
        if (end < 0) { carry = ''; return; }
        text = text.slice(end + dialect.newline.length);
        line++;
        skippingLongLine = false;
      }
      const parser = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline, quoteChar: '"' });
      const result = parser.parse(text, 0, !last) as Papa.ParseResult<string[]>;
      const quoted = text.indexOf('"') >= 0;
      const problems = new Map<number, Papa.ParseError>();
      let missingQuote: Papa.ParseError | undefined;
      for (const error of result.errors) {
        if (error.code === 'MissingQuotes') missingQuote = error;
        else if (error.row !== undefined && !problems.has(error.row)) problems.set(error.row, error);
      }
      const rows = result.data;
      const complete = missingQuote ? rows.length - 1 : rows.length;
      for (let r = 0; r < complete; r++) {
        const cells = rows[r];
        const problem = problems.get(r);
        sink.row(cells, line, problem ? 'a quote inside a cell is not doubled ("") or a closing quote is followed by other characters' : undefined);
        line++;
        if (quoted) for (const cell of cells) if (cell.length > 0 && cell.indexOf(lineBreakChar) >= 0) line += countBreaks(cell);
      }
      if (missingQuote) {
        // Papaparse read everything to the end as one cell. Report that line and go on reading
        // after it, so one stray quote costs one row, not the rest of the file.
        // `line` is where the unfinished row starts (its quote is almost always on that line).
        const quoteAt = Math.max(0, (missingQuote.index ?? 1) - 1);
        sink.unreadable(line, 'a quoted cell opened on this line is never closed; the line was skipped and reading went on after it');
        const next = text.indexOf(dialect.newline, quoteAt);
        if (next < 0) { carry = ''; return; }
        text = text.slice(next + dialect.newline.length);
        line++;
        continue;
      }
      carry = last ? '' : text.slice(result.meta.cursor);
      if (carry.length > MAX_ROW_CHARS) {
        const quoteStart = carry.indexOf('"');
        const firstBreak = carry.indexOf(dialect.newline);
        sink.unreadable(line, quoteStart >= 0 && (firstBreak < 0 || firstBreak > quoteStart)
          ? `a quoted cell opened on this line runs for more than ${MAX_ROW_CHARS.toLocaleString('en')} characters (is its closing quote missing?); the line was skipped`
          : `the line is longer than ${MAX_ROW_CHARS.toLocaleString('en')} characters; it was skipped`);
        if (firstBreak < 0) { skippingLongLine = true; carry = ''; return; }
        text = carry.slice(firstBreak + dialect.newline.length);
        carry = '';
        line++;
        continue;
      }
      return;
    }
  };

  // The fingerprint hashes fixed 4 MiB blocks whatever the read step, so it never depends on it.
  let hashBuffer = new Uint8Array(0);
  const hashBlocks = (bytes: Uint8Array, final: boolean) => {
    let joined = hashBuffer.length === 0 ? bytes : concat(hashBuffer, bytes);
    while (joined.length >= CHUNK_BYTES || (final && joined.length > 0)) {
      digests.push(crypto.subtle.digest('SHA-256', joined.slice(0, CHUNK_BYTES)));
      joined = joined.subarray(Math.min(CHUNK_BYTES, joined.length));
    }
    hashBuffer = joined.slice();
  };
  for (let offset = 0; offset < blob.size || offset === 0; offset += chunkBytes) {
    const bytes = new Uint8Array(await blob.slice(offset, offset + chunkBytes).arrayBuffer());
    const last = offset + chunkBytes >= blob.size;
    hashBlocks(bytes, last);
    const text = decoder.decode(bytes, { stream: !last });
    if (undecodableLine === undefined && text.indexOf('\ufffd') >= 0) undecodableLine = line + countBreaks(carry);
    consume(carry + text, last);
    onProgress?.(Math.min(1, (offset + bytes.length) / Math.max(1, blob.size)));
    if (blob.size === 0) break;
  }
  const all = new Uint8Array(digests.length * 32 + 8);
  (await Promise.all(digests)).forEach((d, i) => all.set(new Uint8Array(d), i * 32));
  new DataView(all.buffer).setFloat64(digests.length * 32, blob.size);
  const fingerprint = hex(await crypto.subtle.digest('SHA-256', all));
  return { fingerprint, lines: line, undecodableLine };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}
