import Papa from 'papaparse';
import { t } from '../../i18n';
import { dayToIso } from '../series';
import { detectDateOrder, parseDate, zoneExample, DATE_ORDER_LABEL, type DateOrder } from './dates';
import { guessEncoding, type EncodingGuess } from './encoding';
import { FIELD_LABEL, fieldHint, KIND_FIELDS, KIND_LABEL, matchKind, type ColumnMap, type Field, type FileKind, type KindMatch } from './fields';
import { moneyColumns } from './money';
import { clip, detectDecimal } from './numbers';
import { detectProfile, profileName } from './profiles';
import { MAX_ROW_CHARS, type TableDialect } from './reader';
import { ImportError, type ImportPlan, type Inspection, type TextEncoding, type WideColumn } from './types';

/** Bytes looked at before anything is decided. */
export const HEAD_BYTES = 1024 * 1024;
const SAMPLE_ROWS = 500;
const SHOWN_ROWS = 5;
const DELIMITERS = [',', ';', '\t', '|'];
const NUMERIC_FIELDS: Field[] = ['qty', 'price', 'unitCost', 'onHand', 'onOrder', 'leadTimeDays', 'leadTimeSdDays', 'moq', 'casePack', 'rating'];

const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'xlsx' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'xls' },
  { bytes: [0x1f, 0x8b], what: 'gzip' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'png' },
  { bytes: [0xff, 0xd8, 0xff], what: 'jpeg' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'pdf' },
];

/** What the seller may force: the text encoding (chosen on the mapping screen when the guess was unsure). */
export interface InspectOptions { encoding?: TextEncoding }

/** The table as text: header line, header cells, the first data rows, and the dialect. */
interface TableHead { text: string; complete: boolean; newline: TableDialect['newline']; delimiter: string; headerLine: number; headers: string[]; dataRows: string[][] }

/** Reads the start of a file and works out its encoding, dialect, kind and column mapping. */
export async function inspectFile(blob: Blob, fileName: string, options: InspectOptions = {}): Promise<Inspection> {
  if (blob.size === 0) throw new ImportError(fileName, 1, t('import:fatal.emptyBytes'));
  const head = new Uint8Array(await blob.slice(0, HEAD_BYTES).arrayBuffer());
  const guess: EncodingGuess = options.encoding ? { encoding: options.encoding, sure: true } : detectEncoding(head, fileName);
  const notes: string[] = [];
  const questions: string[] = [];
  encodingNotes(guess, options.encoding !== undefined, notes, questions);
  const table = readHead(head, blob.size, guess.encoding, fileName, notes);
  const { headers, dataRows, delimiter, headerLine } = table;
  const wideDays = wideDayColumns(headers);
  const detection = detectKind(headers, wideDays);
  const money = detection.match.kind === 'sales' ? moneyColumns(headers, dataRows) : [];
  const plan: ImportPlan = {
    kind: detection.match.kind, encoding: guess.encoding, delimiter, newline: table.newline, headerLine, decimal: '.',
    columns: detection.match.columns, granularity: 'day', seriesKey: 'sku', excludeNonProducts: true,
  };
  const profile = detectProfile(headers);
  if (profile && plan.kind === 'sales') plan.profile = profile.id;
  notes.push(t('import:note.delimiter', { delimiter: delimiter === '\t' ? t('import:note.tab') : `"${delimiter}"` }));
  const moneyAsked = moneyQuestion(plan, headers, money, questions);
  if (!detection.sure) questions.push(detection.reason);
  else if (!moneyAsked) notes.push(detection.reason);
  mappingQuestions(detection.match, headers, questions);
  const zones = plan.kind === 'wide' ? wideQuestions(plan, wideDays, notes, questions) : dateQuestions(plan, dataRows, notes, questions);
  numberQuestions(plan, dataRows, notes, questions);
  columnNotes(plan, headers, notes);
  return {
    fileName, size: blob.size, headers,
    sample: dataRows.slice(0, SHOWN_ROWS).map((r) => r.map((c) => clip(c, 60))),
    plan, notes, questions, confident: questions.length === 0,
    layout: layoutName(plan),
    moneyColumns: money,
    ...(guess.choices ? { encodingChoices: guess.choices } : {}),
    ...(zones ? { zoneExample: zones } : {}),
  };
}

function encodingNotes(guess: EncodingGuess, chosen: boolean, notes: string[], questions: string[]): void {
  const e = guess.encoding;
  if (chosen) notes.push(t('import:note.encodingChosen', { encoding: encodingLabel(e) }));
  else if (e === 'windows-1252') notes.push(t('import:note.windows1252'));
  else if (e.startsWith('utf-16')) notes.push(t('import:note.utf16'));
  else if (e === 'gb18030' || e === 'big5') notes.push(t(`import:note.${e}`));
  if (!guess.sure) questions.push(t('import:question.encoding', { encoding: encodingLabel(e) }));
}

/** The seller's name for an encoding ("GBK / GB18030 (Simplified Chinese)"). */
export function encodingLabel(encoding: TextEncoding): string {
  return t(`import:encoding.${encoding}`);
}

/** Decodes the head, finds the header row and parses the first rows. */
function readHead(head: Uint8Array, size: number, encoding: TextEncoding, fileName: string, notes: string[]): TableHead {
  let text = new TextDecoder(encoding).decode(head);
  const complete = size <= HEAD_BYTES;
  if (!complete) {
    const lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    if (lastBreak < 0) throw new ImportError(fileName, 1, t('import:fatal.noLineBreak', { bytes: HEAD_BYTES.toLocaleString('en') }));
    text = text.slice(0, lastBreak + 1);
  }
  if (text.trim() === '') throw new ImportError(fileName, 1, t('import:fatal.blankLines'));
  const newline = recordTerminator(text);
  let headerLine = 1;
  let forcedDelimiter: string | undefined;
  const sep = /^sep=(.)\r?\n?/i.exec(text);
  if (sep) {
    forcedDelimiter = sep[1];
    headerLine = 2;
    text = text.slice(text.indexOf(newline) + newline.length);
    notes.push(t('import:note.sepLine', { delimiter: sep[1] }));
  }
  const delimiter = forcedDelimiter ?? guessDelimiter(text, newline);
  const rows = (new Papa.Parser({ delimiter, newline, quoteChar: '"', preview: SAMPLE_ROWS + 50 }).parse(text, 0, !complete) as Papa.ParseResult<string[]>).data;
  // Skip blank lines before the header (they still count as lines).
  let first = 0;
  while (first < rows.length && rows[first].length === 1 && rows[first][0].trim() === '') { first++; headerLine++; }
  if (first >= rows.length) throw new ImportError(fileName, 1, t('import:fatal.blankLines'));
  const headers = rows[first].map((h) => h.replace(/^\ufeff/, '').trim());
  const dataRows = rows.slice(first + 1).filter((r) => !(r.length === 1 && r[0].trim() === ''));
  checkHeader(headers, dataRows, headerLine, delimiter, fileName);
  return { text, complete, newline, delimiter, headerLine, headers, dataRows };
}

function checkHeader(headers: string[], dataRows: string[][], headerLine: number, delimiter: string, fileName: string): void {
  const fail = (key: string, params: Record<string, unknown> = {}, line = headerLine) => { throw new ImportError(fileName, line, t(`import:fatal.${key}`, { line, ...params })); };
  if (headers.some((h) => h.length > MAX_ROW_CHARS / 4)) fail('headerTooLong');
  if (headers.every((h) => h === '')) fail('headerNoNames');
  if (dataRows.length === 0) fail('noRows', {}, headerLine + 1);
  if (headers.length === 1) fail('oneColumn', { header: clip(headers[0]) });
  const dataLike = headers.filter((h) => /^[\d.,\-/: ]+$/.test(h) && h.trim() !== '').length;
  const anyKnown = (['sales', 'catalogue', 'reviews', 'stock'] as FileKind[]).some((k) => Object.keys(matchKind(headers, k).columns).length > 0);
  if (dataLike >= Math.ceil(headers.length / 2) && !anyKnown && wideDayColumns(headers).columns.length === 0) {
    fail('looksLikeData', { text: clip(headers.join(delimiter), 60), example: `date${delimiter}sku${delimiter}quantity` });
  }
}

function mappingQuestions(m: KindMatch, headers: readonly string[], questions: string[]): void {
  if (m.duplicates.length > 0) questions.push(t('import:question.duplicates', { names: m.duplicates.map((d) => `"${d}"`).join(', ') }));
  if (m.missing.length > 0) questions.push(t('import:question.missing', { fields: m.missing.map((f) => fieldHint(f)).join(t('import:question.and')) }));
  if (m.loose.length > 0) questions.push(t('import:question.loose', { matches: m.loose.map((f) => `${FIELD_LABEL[f]} → "${headers[m.columns[f] as number]}"`).join(', ') }));
}

/** A money column (sales amounts) is never taken as units without the seller saying so. */
function moneyQuestion(plan: ImportPlan, headers: readonly string[], money: readonly number[], questions: string[]): boolean {
  const qty = plan.columns.qty;
  if (qty === undefined || !money.includes(qty)) return false;
  delete plan.columns.qty;
  questions.push(t('import:question.moneyAsQuantity', { column: headers[qty] }));
  return true;
}

function wideQuestions(plan: ImportPlan, wideDays: WideDays, notes: string[], questions: string[]): undefined {
  plan.wideColumns = wideDays.columns;
  plan.granularity = wideDays.granularity;
  plan.dateOrder = wideDays.order;
  if (wideDays.dayIndex !== undefined) {
    questions.push(t('import:question.firstDate', { count: wideDays.columns.length, first: `d_${wideDays.dayIndex}` }));
    return undefined;
  }
  if (wideDays.order === undefined || !wideDays.sure) questions.push(t('import:question.wideDates', { reason: wideDays.reason }));
  else notes.push(t(`import:note.wide_${wideDays.granularity}`, { count: wideDays.columns.length, from: dayToIso(wideDays.columns[0].day), reason: wideDays.reason }));
  if (wideDays.granularity === 'week') notes.push(t('import:note.weekSpread'));
  return undefined;
}

function dateQuestions(plan: ImportPlan, dataRows: string[][], notes: string[], questions: string[]): string | undefined {
  if (plan.columns.date === undefined && plan.columns.onOrderArrival === undefined) return undefined;
  const dateColumn = (plan.columns.date ?? plan.columns.onOrderArrival) as number;
  const cells = dataRows.map((r) => r[dateColumn] ?? '');
  const guess = detectDateOrder(cells);
  const zones = plan.kind === 'sales' ? zoneExample(cells) : undefined;
  if (zones) notes.push(t('import:note.zones', { example: clip(zones) }));
  plan.dateOrder = guess.order;
  if (!guess.sure || guess.order === undefined) questions.push(t('import:question.dates', { reason: guess.reason }));
  else notes.push(t('import:note.dates', { order: DATE_ORDER_LABEL[guess.order], reason: guess.reason }));
  return zones;
}

function numberQuestions(plan: ImportPlan, dataRows: string[][], notes: string[], questions: string[]): void {
  const numericCells: string[] = [];
  for (const field of NUMERIC_FIELDS) {
    const index = plan.columns[field];
    if (index !== undefined) for (const r of dataRows) numericCells.push(r[index] ?? '');
  }
  if (plan.kind === 'wide') for (const w of plan.wideColumns ?? []) for (const r of dataRows.slice(0, 50)) numericCells.push(r[w.column] ?? '');
  const decimal = detectDecimal(numericCells);
  plan.decimal = decimal.decimal;
  if (!decimal.sure) questions.push(t('import:question.decimal', { example: decimal.ambiguousExample ?? '' }));
  else if (decimal.decimal === ',') notes.push(t('import:note.decimalComma'));
}

function columnNotes(plan: ImportPlan, headers: readonly string[], notes: string[]): void {
  const store = plan.columns.store;
  if (store !== undefined) {
    plan.seriesKey = 'store-sku';
    notes.push(t('import:note.store', { column: headers[store] }));
  }
  if (plan.columns.channel !== undefined) notes.push(t('import:note.channel', { column: headers[plan.columns.channel] }));
  if (plan.kind === 'sales' && plan.columns.invoice !== undefined) notes.push(t('import:note.orderLines'));
  if (plan.profile) notes.push(t('import:note.profile', { profile: profileName(plan.profile) }));
}

export function dialectOf(plan: ImportPlan): TableDialect {
  return { encoding: plan.encoding, delimiter: plan.delimiter, newline: plan.newline };
}

function detectEncoding(head: Uint8Array, fileName: string): EncodingGuess {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', sure: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', sure: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', sure: true };
  for (const sig of SIGNATURES) {
    if (sig.bytes.every((b, i) => head[i] === b)) throw new ImportError(fileName, 1, t('import:fatal.signature', { what: t(`import:signature.${sig.what}`) }));
  }
  const probe = head.subarray(0, Math.min(head.length, 4096));
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < probe.length; i++) if (probe[i] === 0) (i % 2 === 0 ? evenZeros++ : oddZeros++);
  if (oddZeros > probe.length / 4 && evenZeros === 0) return { encoding: 'utf-16le', sure: true };
  if (evenZeros > probe.length / 4 && oddZeros === 0) return { encoding: 'utf-16be', sure: true };
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
    throw new ImportError(fileName, line, t('import:fatal.binary', { line, byte: head[firstBad].toString(16).padStart(2, '0'), at: firstBad + 1 }));
  }
  return guessEncoding(head, head.length === HEAD_BYTES);
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

export interface WideDays {
  columns: WideColumn[]; order?: DateOrder; sure: boolean; granularity: 'day' | 'week'; reason: string;
  /** Numbered day columns (d_1 … d_N, M5 style): the number of the first one. Their days need the seller's first date. */
  dayIndex?: number;
}

const DAY_INDEX = /^d_?(\d{1,5})$/i;

/**
 * Header cells that are dates (a wide table has one column per day or week), or numbered day
 * columns (d_1, d_2 …) counted from `firstDay` (NaN days until the seller gives it).
 */
export function wideDayColumns(headers: readonly string[], order?: DateOrder, firstDay?: number): WideDays {
  const numbered = headers.map((h, i) => ({ m: DAY_INDEX.exec(h.trim()), i })).filter(({ m }) => m !== null);
  if (numbered.length >= 2) {
    const first = Math.min(...numbered.map(({ m }) => Number(m![1])));
    const start = firstDay ?? Number.NaN;
    const columns = numbered.map(({ m, i }) => ({ column: i, day: start + Number(m![1]) - first }));
    return { columns, order: order ?? 'YMD', sure: firstDay !== undefined, granularity: 'day', reason: t('import:reason.dayIndex'), dayIndex: first };
  }
  const candidates = headers.map((h, i) => ({ h: h.trim(), i })).filter(({ h }) => /\d/.test(h) && !/^\d+$/.test(h) || /^\d{5}$/.test(h) || /^\d{8}$/.test(h));
  const isoWeek = candidates.filter(({ h }) => /^\d{4}-?W\d{2}$/i.test(h));
  if (isoWeek.length >= 2) {
    const columns = isoWeek.map(({ h, i }) => ({ column: i, day: isoWeekMonday(h) })).filter((c) => !Number.isNaN(c.day));
    return { columns, order: 'YMD', sure: true, granularity: 'week', reason: t('import:reason.isoWeeks') };
  }
  const guess = order ? { order, sure: true, reason: t('import:reason.asChosen') } : detectDateOrder(candidates.map((c) => c.h));
  if (guess.order === undefined) {
    const plausible = candidates.filter(({ h }) => /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(h));
    return { columns: plausible.length >= 2 ? plausible.map(({ i }) => ({ column: i, day: Number.NaN })) : [], sure: false, granularity: 'day', reason: guess.reason };
  }
  const columns: WideColumn[] = [];
  for (const { h, i } of candidates) {
    const parsed = parseDate(h, guess.order);
    if ('day' in parsed) columns.push({ column: i, day: parsed.day });
  }
  if (columns.length < 2) return { columns: [], sure: false, granularity: 'day', reason: t('import:reason.fewDateColumns') };
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
  const sure = (match: KindMatch, key: string, params: Record<string, unknown> = {}) => ({ match, sure: true, reason: t(`import:reason.kind_${key}`, { kind: KIND_LABEL[match.kind], ...params }) });
  if (wide.columns.length >= 2 && has(wideMatch, 'sku')) {
    // The date columns are data, not fields.
    for (const f of Object.keys(wideMatch.columns) as Field[]) if (wide.columns.some((w) => w.column === wideMatch.columns[f])) delete wideMatch.columns[f];
    return sure({ ...wideMatch, missing: wideMatch.columns.sku === undefined ? ['sku'] : [] }, 'wide', { count: wide.columns.length });
  }
  if (sales.missing.length === 0) return sure(sales, 'sales');
  if (stock.missing.length === 0 && (has(stock, 'onHand') || has(stock, 'stockout'))) return sure(stock, 'stock');
  if (reviews.missing.length === 0 && (has(reviews, 'rating') || has(reviews, 'reviewText'))) return sure(reviews, 'reviews');
  const catalogueFields = Object.keys(catalogue.columns).filter((f) => f !== 'sku');
  if (catalogue.missing.length === 0 && catalogueFields.length > 0 && !has(sales, 'date')) {
    return sure(catalogue, 'catalogue', { fields: catalogueFields.map((f) => FIELD_LABEL[f as Field].toLowerCase()).join(', ') });
  }
  const missing = sales.missing.map((f) => fieldHint(f)).join('; ');
  return {
    match: sales,
    sure: false,
    reason: t('import:reason.kindUnknown', { missing, headers: headers.map((h) => `"${clip(h, 30)}"`).join(', ') }),
  };
}

function layoutName(plan: ImportPlan): string {
  if (plan.profile) return profileName(plan.profile);
  if (plan.kind === 'sales') return t(plan.columns.invoice !== undefined ? 'import:layout.orderLines' : 'import:layout.longSales');
  if (plan.kind === 'wide') return t(`import:layout.wide_${plan.granularity}`);
  return t(`import:layout.${plan.kind}`);
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
