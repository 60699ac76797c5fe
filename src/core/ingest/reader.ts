import Papa from 'papaparse';
import { t } from '../../i18n';
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

/** Where the stream is: the unfinished text, the line reached, and whether an endless line is being skipped. */
interface StreamState { carry: string; line: number; skippingLongLine: boolean }

function countBreaks(text: string, lineBreakChar: string): number {
  let n = 0;
  for (let i = text.indexOf(lineBreakChar); i >= 0; i = text.indexOf(lineBreakChar, i + 1)) n++;
  return n;
}

/**
 * Parses `input` (the carried-over text plus a new step) into rows for the sink, leaving the last,
 * possibly incomplete row in `state.carry`. A never-closed quote or an endless line costs its own
 * line only: reading goes on after it.
 */
function consume(dialect: TableDialect, sink: RowSink, state: StreamState, input: string, last: boolean): void {
  const lineBreakChar = dialect.newline === '\r' ? '\r' : '\n';
  let text = input;
  for (;;) {
    if (state.skippingLongLine) {
      const end = text.indexOf(dialect.newline);
      if (end < 0) { state.carry = ''; return; }
      text = text.slice(end + dialect.newline.length);
      state.line++;
      state.skippingLongLine = false;
    }
    const result = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline, quoteChar: '"' }).parse(text, 0, !last) as Papa.ParseResult<string[]>;
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
      sink.row(cells, state.line, problems.has(r) ? t('import:issue.badQuote') : undefined);
      state.line++;
      if (quoted) for (const cell of cells) if (cell.length > 0 && cell.indexOf(lineBreakChar) >= 0) state.line += countBreaks(cell, lineBreakChar);
    }
    if (missingQuote) {
      // Papaparse read everything to the end as one cell. Report that line and go on reading
      // after it, so one stray quote costs one row, not the rest of the file.
      // `line` is where the unfinished row starts (its quote is almost always on that line).
      const quoteAt = Math.max(0, (missingQuote.index ?? 1) - 1);
      sink.unreadable(state.line, t('import:issue.quoteNeverClosed'));
      const next = text.indexOf(dialect.newline, quoteAt);
      if (next < 0) { state.carry = ''; return; }
      text = text.slice(next + dialect.newline.length);
      state.line++;
      continue;
    }
    state.carry = last ? '' : text.slice(result.meta.cursor);
    if (state.carry.length <= MAX_ROW_CHARS) return;
    const carry = state.carry;
    const quoteStart = carry.indexOf('"');
    const firstBreak = carry.indexOf(dialect.newline);
    const max = MAX_ROW_CHARS.toLocaleString('en');
    sink.unreadable(state.line, quoteStart >= 0 && (firstBreak < 0 || firstBreak > quoteStart) ? t('import:issue.quoteTooLong', { max }) : t('import:issue.lineTooLong', { max }));
    if (firstBreak < 0) { state.skippingLongLine = true; state.carry = ''; return; }
    text = carry.slice(firstBreak + dialect.newline.length);
    state.carry = '';
    state.line++;
  }
}

/** SHA-256 of fixed 4 MiB blocks whatever the read step, so the fingerprint never depends on it. */
class BlockHasher {
  private readonly digests: Promise<ArrayBuffer>[] = [];
  private buffer = new Uint8Array(0);

  add(bytes: Uint8Array, final: boolean): void {
    let joined = this.buffer.length === 0 ? bytes : concat(this.buffer, bytes);
    while (joined.length >= CHUNK_BYTES || (final && joined.length > 0)) {
      this.digests.push(crypto.subtle.digest('SHA-256', joined.slice(0, CHUNK_BYTES)));
      joined = joined.subarray(Math.min(CHUNK_BYTES, joined.length));
    }
    this.buffer = joined.slice();
  }

  /** SHA-256 over the blocks' digests and the size. */
  async fingerprint(size: number): Promise<string> {
    const all = new Uint8Array(this.digests.length * 32 + 8);
    (await Promise.all(this.digests)).forEach((d, i) => all.set(new Uint8Array(d), i * 32));
    new DataView(all.buffer).setFloat64(this.digests.length * 32, size);
    return hex(await crypto.subtle.digest('SHA-256', all));
  }
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
  const hasher = new BlockHasher();
  const state: StreamState = { carry: '', line: 1, skippingLongLine: false };
  let undecodableLine: number | undefined;
  for (let offset = 0; offset < blob.size || offset === 0; offset += chunkBytes) {
    const bytes = new Uint8Array(await blob.slice(offset, offset + chunkBytes).arrayBuffer());
    const last = offset + chunkBytes >= blob.size;
    hasher.add(bytes, last);
    const text = decoder.decode(bytes, { stream: !last });
    if (undecodableLine === undefined && text.indexOf('\ufffd') >= 0) undecodableLine = state.line + countBreaks(state.carry, lineBreakChar);
    consume(dialect, sink, state, state.carry + text, last);
    onProgress?.(Math.min(1, (offset + bytes.length) / Math.max(1, blob.size)));
    if (blob.size === 0) break;
  }
  return { fingerprint: await hasher.fingerprint(blob.size), lines: state.line, undecodableLine };
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
