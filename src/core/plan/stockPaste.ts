import Papa from 'papaparse';

/**
 * Stock levels pasted from a spreadsheet: two columns, product code and units on hand, separated
 * by tabs (what copying cells from Excel or Google Sheets gives) or commas/semicolons, with or
 * without a header row. Every line that cannot be read is reported with its line and column, and
 * nothing of a paste with problems is meant to be stored.
 */

export interface PastedStock {
  sku: string;
  onHand: number;
  /** 1-based line of the paste it came from. */
  line: number;
}

export interface StockPasteProblem {
  line: number;
  /** 1-based column, when the problem is in one cell. */
  column?: number;
  kind: 'columns' | 'quantity' | 'unknownSku' | 'duplicate';
  /** The cell or code concerned, as pasted. */
  value: string;
}

export interface StockPasteResult {
  entries: PastedStock[];
  problems: StockPasteProblem[];
}

const HEADER_SKU = /^(sku|code|product|product code|item|item code|article|stock ?code|商品|商品编码|编码|货号|sku编码)$/i;

/**
 * A quantity as sellers type it: "12", "1,200" or "1 200" (thousands), "12.0"; a comma followed by
 * exactly three digits is a thousands separator, any other comma a decimal mark.
 */
function parseQuantity(text: string): number {
  let cleaned = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(cleaned)) cleaned = cleaned.replace(/,/g, '');
  else cleaned = cleaned.replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return Number.NaN;
  return Number(cleaned);
}

/**
 * Reads a paste. `knownSkus`, when given, turns codes not in the catalogue into problems (a typo
 * would otherwise be silently ignored). The last of two lines for the same code is a problem too.
 */
export function parseStockPaste(text: string, knownSkus?: ReadonlySet<string>): StockPasteResult {
  const trimmed = text.replace(/^\ufeff/, '').trim();
  if (trimmed === '') return { entries: [], problems: [] };
  const firstLine = trimmed.split(/\r?\n/, 1)[0];
  // Tabs win: spreadsheet cells are tab-separated; else let papaparse guess between , and ;.
  const delimiter = firstLine.includes('\t') ? '\t' : firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const parsed = Papa.parse<string[]>(trimmed, { delimiter, skipEmptyLines: 'greedy' });
  const entries: PastedStock[] = [];
  const problems: StockPasteProblem[] = [];
  const seen = new Map<string, number>();
  // Papaparse drops empty lines; map each record back to its line in the paste by its first cell.
  const lines = trimmed.split(/\r?\n/);
  let cursor = 0;
  parsed.data.forEach((cells, index) => {
    while (cursor < lines.length && lines[cursor].trim() === '') cursor++;
    const line = cursor + 1;
    cursor++;
    const filled = cells.map((c) => c.trim());
    while (filled.length > 0 && filled[filled.length - 1] === '') filled.pop();
    if (index === 0 && filled.length >= 2 && HEADER_SKU.test(filled[0]) && Number.isNaN(parseQuantity(filled[1]))) return;
    if (filled.length !== 2 || filled[0] === '') {
      problems.push({ line, kind: 'columns', value: cells.join(delimiter === '\t' ? ' ' : delimiter) });
      return;
    }
    const [sku, rawQty] = filled;
    const onHand = parseQuantity(rawQty);
    if (!Number.isFinite(onHand)) { problems.push({ line, column: 2, kind: 'quantity', value: rawQty }); return; }
    if (knownSkus && !knownSkus.has(sku)) { problems.push({ line, column: 1, kind: 'unknownSku', value: sku }); return; }
    if (seen.has(sku)) { problems.push({ line, column: 1, kind: 'duplicate', value: sku }); return; }
    seen.set(sku, line);
    entries.push({ sku, onHand, line });
  });
  return { entries, problems };
}
