import Papa from 'papaparse';
import { dayToIso } from '../series';
import { detectDateOrder, parseDate, zoneExample, DATE_ORDER_LABEL, type DateOrder } from './dates';
import { FIELD_LABEL, fieldHint, KIND_FIELDS, KIND_LABEL, matchKind, normaliseHeader, type ColumnMap, type Field, type FileKind, type KindMatch } from './fields';
import { clip, detectDecimal } from './numbers';
import { MAX_ROW_CHARS, type TableDialect } from './reader';
import { ImportError, type ImportPlan, type Inspection, type TextEncoding, type WideColumn } from './types';

/** Bytes looked at before anything is decided. */
export const HEAD_BYTES = 1024 * 1024;
const SAMPLE_ROWS = 500;
const SHOWN_ROWS = 5;
const DELIMITERS = [',', ';', '\t', '|'];
const NUMERIC_FIELDS: Field[] = ['qty', 'price', 'unitCost', 'onHand', 'onOrder', 'leadTimeDays', 'leadTimeSdDays', 'moq', 'casePack', 'rating'];

const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'an Excel workbook or other zip archive (.xlsx, .zip): open it in your spreadsheet and save it as CSV' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel workbook (.xls): open it in your spreadsheet and save it as CSV' },
  { bytes: [0x1f, 0x8b], what: 'gzip-compressed: unpack it first' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image, not a table' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image, not a table' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document: export the report as CSV instead' },
];

/** Reads the start of a file and works out its encoding, dialect, kind and column mapping. */
export async function inspectFile(blob: Blob, fileName: string): Promise<Inspection> {
  if (blob.size === 0) throw new ImportError(fileName, 1, 'line 1: the file is empty (0 bytes).');
  const head = new Uint8Array(await blob.slice(0, HEAD_BYTES).arrayBuffer());
  const encoding = detectEncoding(head, fileName);
  const notes: string[] = [];
  if (encoding === 'windows-1252') notes.push('The file is not valid UTF-8; it is read as Windows-1252 (Western European), as Excel saves it.');
  if (encoding.startsWith('utf-16')) notes.push('The file is UTF-16 text (Excel "Unicode text"); it is read as such.');
  let text = new TextDecoder(encoding).decode(head);
  const complete = blob.size <= HEAD_BYTES;
  if (!complete) {
    const lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    if (lastBreak < 0) {
      throw new ImportError(fileName, 1, `line 1: no line break in the first ${HEAD_BYTES.toLocaleString('en')} bytes, so this is not a table of rows (a CSV has one row per line).`);
    }
    text = text.slice(0, lastBreak + 1);
  }
  if (text.trim() === '') throw new ImportError(fileName, 1, 'line 1: the file is empty (only blank lines).');

  const newline = recordTerminator(text);
  let headerLine = 1;
  let forcedDelimiter: string | undefined;
  const sep = /^sep=(.)\r?\n?/i.exec(text);
  if (sep) {
    forcedDelimiter = sep[1];
    headerLine = 2;
    text = text.slice(text.indexOf(newline) + newline.length);
    notes.push(`Line 1 ("sep=${sep[1]}") names the delimiter, as Excel writes it.`);
  }
  const delimiter = forcedDelimiter ?? guessDelimiter(text, newline);
  const parsed = new Papa.Parser({ delimiter, newline, quoteChar: '"', preview: SAMPLE_ROWS + 50 }).parse(text, 0, !complete) as Papa.ParseResult<string[]>;
  const rows = parsed.data;
  // Skip blank lines before the header (they still count as lines).
  let first = 0;
  while (first < rows.length && rows[first].length === 1 && rows[first][0].trim() === '') { first++; headerLine++; }
  if (first >= rows.length) throw new ImportError(fileName, 1, 'line 1: the file is empty (only blank lines).');
  const headers = rows[first].map((h) => h.replace(/^\ufeff/, '').trim());
  if (headers.some((h) => h.length > MAX_ROW_CHARS / 4)) throw new ImportError(fileName, headerLine, `line ${headerLine}: the header row is far too long to be column names.`);
  if (headers.every((h) => h === '')) throw new ImportError(fileName, headerLine, `line ${headerLine}: the header row has no column names.`);
  const dataRows = rows.slice(first + 1).filter((r) => !(r.length === 1 && r[0].trim() === ''));
  if (dataRows.length === 0) {
    throw new ImportError(fileName, headerLine + 1, `line ${headerLine + 1}: the file has a header but no data rows.`);
  }
  if (headers.length === 1) {
    throw new ImportError(fileName, headerLine, `line ${headerLine}: only one column was found ("${clip(headers[0])}"); expected columns separated by a comma, semicolon, tab or "|".`);
  }
  const dataLike = headers.filter((h) => /^[\d.,\-/: ]+$/.test(h) && h.trim() !== '').length;
  const anyKnown = (['sales', 'catalogue', 'reviews', 'stock'] as FileKind[]).some((k) => Object.keys(matchKind(headers, k).columns).length > 0);
  const wideDays = wideDayColumns(headers);
  if (dataLike >= Math.ceil(headers.length / 2) && !anyKnown && wideDays.columns.length === 0) {
    throw new ImportError(fileName, headerLine, `line ${headerLine} looks like data ("${clip(headers.join(delimiter), 60)}"), not column names: add a header row such as "date${delimiter}sku${delimiter}quantity".`);
  }

  const detection = detectKind(headers, wideDays);
  const plan: ImportPlan = {
    kind: detection.match.kind,
    encoding,
    delimiter,
    newline,
    headerLine,
    decimal: '.',
    columns: detection.match.columns,
    granularity: 'day',
    seriesKey: 'sku',
    excludeNonProducts: true,
  };
  const questions: string[] = [];
  let zones: string | undefined;
  notes.push(`Delimiter: ${delimiter === '\t' ? 'tab' : `"${delimiter}"`}.`);
  if (!detection.sure) questions.push(detection.reason);
  else notes.push(detection.reason);
  const m = detection.match;
  if (m.duplicates.length > 0) questions.push(`The header names ${m.duplicates.map((d) => `"${d}"`).join(', ')} more than once: please pick the right column.`);
  if (m.missing.length > 0) questions.push(`Which column holds the ${m.missing.map((f) => fieldHint(f)).join(' and the ')}?`);
  if (m.loose.length > 0) questions.push(`Please check: ${m.loose.map((f) => `${FIELD_LABEL[f]} → "${headers[m.columns[f] as number]}"`).join(', ')} was matched by a similar name only.`);

  if (plan.kind === 'wide') {
    plan.wideColumns = wideDays.columns;
    plan.granularity = wideDays.granularity;
    plan.dateOrder = wideDays.order;
    if (wideDays.order === undefined || !wideDays.sure) questions.push(`Date columns: ${wideDays.reason}`);
    else notes.push(`${wideDays.columns.length} ${wideDays.granularity === 'week' ? 'weekly' : 'daily'} columns from ${dayToIso(wideDays.columns[0].day)}; ${wideDays.reason}.`);
    if (wideDays.granularity === 'week') notes.push('Each week\'s quantity is spread evenly over its 7 days (daily series keep weekly totals).');
  } else if (plan.columns.date !== undefined || plan.columns.onOrderArrival !== undefined) {
    const dateColumn = (plan.columns.date ?? plan.columns.onOrderArrival) as number;
    const cells = dataRows.map((r) => r[dateColumn] ?? '');
    const guess = detectDateOrder(cells);
    zones = plan.kind === 'sales' ? zoneExample(cells) : undefined;
    if (zones) notes.push(`Times carry a time zone (e.g. "${clip(zones)}"); each sale counts on the date written in the file, the shop's own day. The column mapping can move them to your time zone instead.`);
    plan.dateOrder = guess.order;
    if (!guess.sure || guess.order === undefined) questions.push(`Dates: ${guess.reason}.`);
    else notes.push(`Dates: ${DATE_ORDER_LABEL[guess.order]}, because ${guess.reason}.`);
  }
  const numericCells: string[] = [];
  for (const field of NUMERIC_FIELDS) {
    const index = plan.columns[field];
    if (index !== undefined) for (const r of dataRows) numericCells.push(r[index] ?? '');
  }
  if (plan.kind === 'wide') for (const w of plan.wideColumns ?? []) for (const r of dataRows.slice(0, 50)) numericCells.push(r[w.column] ?? '');
  const decimal = detectDecimal(numericCells);
  plan.decimal = decimal.decimal;
  if (!decimal.sure) questions.push(`Numbers: is "${decimal.ambiguousExample ?? ''}" a whole number with a thousands separator or a decimal? Please choose the decimal separator.`);
  else if (decimal.decimal === ',') notes.push('Numbers use a decimal comma (e.g. 2,50).');

  const store = plan.columns.store;
  if (store !== undefined) {
    plan.seriesKey = 'store-sku';
    notes.push(`"${headers[store]}" is a store or location column: each product gets one series per store (e.g. "SKU@store"), because each location keeps its own stock. Choose "add stores up" if they share one stock.`);
  }
  if (plan.columns.channel !== undefined) {
    notes.push(`"${headers[plan.columns.channel]}" is a sales channel: channels share one stock, so their sales add up per product.`);
  }
  if (plan.kind === 'sales' && plan.columns.invoice !== undefined) {
    notes.push('Order lines are added up to daily quantities per product, with the average price paid.');
  }
  return {
    fileName,
    size: blob.size,
    headers,
    sample: dataRows.slice(0, SHOWN_ROWS).map((r) => r.map((c) => clip(c, 60))),
    plan,
    notes,
    questions,
    confident: questions.length === 0,
    layout: layoutName(headers, plan),
    ...(zones ? { zoneExample: zones } : {}),
  };
}

export function dialectOf(plan: ImportPlan): TableDialect {
  return { encoding: plan.encoding, delimiter: plan.delimiter, newline: plan.newline };
}

function detectEncoding(head: Uint8Array, fileName: string): TextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  for (const sig of SIGNATURES) {
    if (sig.bytes.every((b, i) => head[i] === b)) throw new ImportError(fileName, 1, `line 1: this file is ${sig.what}.`);
  }
  const probe = head.subarray(0, Math.min(head.length, 4096));
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < probe.length; i++) if (probe[i] === 0) (i % 2 === 0 ? evenZeros++ : oddZeros++);
  if (oddZeros > probe.length / 4 && evenZeros === 0) return 'utf-16le';
  if (evenZeros > probe.length / 4 && oddZeros === 0) return 'utf-16be';
  let control = 0;
  let firstBad = -1;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c)) {
      control++;
      if (firstBad < 0) firstBad = i;
    }
  }
  if (control > 0 && (head.indexOf(0) >= 0 || control > head.length / 100)) {
    let line = 1;
    for (let i = 0; i < firstBad; i++) if (head[i] === 0x0a) line++;
    throw new ImportError(fileName, line, `line ${line}: this is not a text file (binary byte 0x${head[firstBad].toString(16).padStart(2, '0')} at byte ${firstBad + 1}); please choose a CSV export.`);
  }
  try {
    // A multi-byte character cut at the end of the probe is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head.length === HEAD_BYTES ? head.subarray(0, head.length - 4) : head);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

function guessDelimiter(text: string, newline: TableDialect["newline"]): string {
  let best = ',';
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const rows = (new Papa.Parser({ delimiter, newline, quoteChar: '"', preview: 60 }).parse(text, 0, false) as Papa.ParseResult<string[]>).data
      .filter((r) => !(r.length === 1 && r[0].trim() === ''));
    if (rows.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    const [mode, freq] = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
    if (mode < 2) continue;
    const score = (freq / rows.length) * 1000 + Math.min(mode, 50);
    if (score > bestScore) { bestScore = score; best = delimiter; }
  }
  return best;
}

interface WideDays { columns: WideColumn[]; order?: DateOrder; sure: boolean; granularity: 'day' | 'week'; reason: string }

/** Header cells that are dates (a wide table has one column per day or week). */
export function wideDayColumns(headers: readonly string[], order?: DateOrder): WideDays {
  const candidates = headers.map((h, i) => ({ h: h.trim(), i })).filter(({ h }) => /\d/.test(h) && !/^\d+$/.test(h) || /^\d{5}$/.test(h) || /^\d{8}$/.test(h));
  const isoWeek = candidates.filter(({ h }) => /^\d{4}-?W\d{2}$/i.test(h));
  if (isoWeek.length >= 2) {
    const columns = isoWeek.map(({ h, i }) => ({ column: i, day: isoWeekMonday(h) })).filter((c) => !Number.isNaN(c.day));
    return { columns, order: 'YMD', sure: true, granularity: 'week', reason: 'ISO week columns (2024-W05)' };
  }
  const guess = order ? { order, sure: true, reason: 'as chosen' } : detectDateOrder(candidates.map((c) => c.h));
  if (guess.order === undefined) {
    const plausible = candidates.filter(({ h }) => /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(h));
    return { columns: plausible.length >= 2 ? plausible.map(({ i }) => ({ column: i, day: Number.NaN })) : [], sure: false, granularity: 'day', reason: guess.reason };
  }
  const columns: WideColumn[] = [];
  for (const { h, i } of candidates) {
    const parsed = parseDate(h, guess.order);
    if ('day' in parsed) columns.push({ column: i, day: parsed.day });
  }
  if (columns.length < 2) return { columns: [], sure: false, granularity: 'day', reason: 'fewer than two date columns' };
  const gaps = columns.slice(1).map((c, k) => c.day - columns[k].day);
  const weekly = gaps.every((g) => g % 7 === 0 && g !== 0);
  return { columns, order: guess.order, sure: guess.sure, granularity: weekly ? 'week' : 'day', reason: guess.reason };
}

function isoWeekMonday(text: string): number {
  const m = /^(\d{4})-?W(\d{2})$/i.exec(text);
  if (!m) return Number.NaN;
  const year = Number(m[1]);
  const week = Number(m[2]);
  // The Monday of ISO week 1 is the Monday on or before 4 January.
  const jan4 = Date.UTC(year, 0, 4) / 86_400_000;
  const weekday = (((jan4 + 3) % 7) + 7) % 7; // Monday = 0
  return jan4 - weekday + (week - 1) * 7;
}

function detectKind(headers: string[], wide: WideDays): { match: KindMatch; sure: boolean; reason: string } {
  const sales = matchKind(headers, 'sales');
  const stock = matchKind(headers, 'stock');
  const reviews = matchKind(headers, 'reviews');
  const catalogue = matchKind(headers, 'catalogue');
  const wideMatch = matchKind(headers, 'wide');
  const has = (m: KindMatch, f: Field) => m.columns[f] !== undefined;
  if (wide.columns.length >= 2 && has(wideMatch, 'sku')) {
    // The date columns are data, not fields.
    for (const f of Object.keys(wideMatch.columns) as Field[]) if (wide.columns.some((w) => w.column === wideMatch.columns[f])) delete wideMatch.columns[f];
    return { match: { ...wideMatch, missing: wideMatch.columns.sku === undefined ? ['sku'] : [] }, sure: true, reason: `${KIND_LABEL.wide}: ${wide.columns.length} date columns.` };
  }
  if (sales.missing.length === 0) return { match: sales, sure: true, reason: `${KIND_LABEL.sales}: date, product and quantity columns found.` };
  if (stock.missing.length === 0 && (has(stock, 'onHand') || has(stock, 'stockout'))) {
    return { match: stock, sure: true, reason: `${KIND_LABEL.stock}: date, product and stock columns, no quantity sold.` };
  }
  if (reviews.missing.length === 0 && (has(reviews, 'rating') || has(reviews, 'reviewText'))) {
    return { match: reviews, sure: true, reason: `${KIND_LABEL.reviews}: product, rating or review text columns found.` };
  }
  const catalogueFields = Object.keys(catalogue.columns).filter((f) => f !== 'sku');
  if (catalogue.missing.length === 0 && catalogueFields.length > 0 && !has(sales, 'date')) {
    return { match: catalogue, sure: true, reason: `${KIND_LABEL.catalogue}: product code with ${catalogueFields.map((f) => FIELD_LABEL[f as Field].toLowerCase()).join(', ')}.` };
  }
  const missing = sales.missing.map((f) => fieldHint(f)).join('; ');
  return {
    match: sales,
    sure: false,
    reason: `Shelfcast could not tell what kind of file this is: for sales it needs ${missing}. The header has: ${headers.map((h) => `"${clip(h, 30)}"`).join(', ')}. Please map the columns.`,
  };
}

function layoutName(headers: string[], plan: ImportPlan): string {
  const norm = headers.map(normaliseHeader);
  if (plan.kind === 'sales') {
    if (norm.includes('lineitem quantity')) return 'Shopify orders export';
    if (norm.includes('invoiceno') && norm.includes('stockcode')) return 'order lines (Online Retail layout)';
    if (plan.columns.invoice !== undefined) return 'order lines';
    return 'sales table (one row per product and date)';
  }
  if (plan.kind === 'wide') return `wide table (one column per ${plan.granularity})`;
  return KIND_LABEL[plan.kind].split(' (')[0].toLowerCase();
}

/** Which fields a kind offers on the mapping screen. */
export function fieldsFor(kind: FileKind): Field[] {
  return [...KIND_FIELDS[kind].required, ...KIND_FIELDS[kind].optional];
}

export type { ColumnMap };

/**
 * The line break that ends records: the first one outside quotes. Quoted cells may hold other
 * breaks (review texts pasted from Windows carry CRLF inside an LF file), so the first break
 * anywhere in the text is not a reliable answer.
 */
export function recordTerminator(text: string): TableDialect['newline'] {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) quoted = !quoted;
    else if (!quoted && c === 10 /* \n */) return '\n';
    else if (!quoted && c === 13 /* \r */) return text.charCodeAt(i + 1) === 10 ? '\r\n' : '\r';
  }
  return '\n';
}
