/**
 * CSV writing for purchase plans: opens cleanly in Excel in any locale, and cannot smuggle a formula
 * into the seller's spreadsheet (CSV injection) through a product name or code.
 */

export type CsvCell = string | number | null | undefined;

export interface CsvFormat {
  /** Field separator. Excel in locales whose decimal mark is a comma expects ';'. */
  delimiter: ',' | ';' | '\t';
  /** Decimal mark for numbers. */
  decimal: '.' | ',';
  /** UTF-8 byte-order mark, so Excel reads accents and € correctly. */
  bom: boolean;
  eol: '\r\n' | '\n';
}

/** Plain CSV for programs: comma, dot, no BOM. */
export const MACHINE_CSV: CsvFormat = { delimiter: ',', decimal: '.', bom: false, eol: '\n' };

/**
 * What Excel expects when a CSV is double-clicked in the given locale: comma-decimal locales
 * (de, fr, es, it, nl, pt-BR, …) use ';' between fields and ',' in numbers; others ',' and '.'.
 * Always with a BOM and CRLF.
 */
export function excelCsvFormat(locale?: string): CsvFormat {
  const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  return decimal === ',' ? { delimiter: ';', decimal: ',', bom: true, eol: '\r\n' } : { delimiter: ',', decimal: '.', bom: true, eol: '\r\n' };
}

/**
 * Characters that make a spreadsheet read a cell as a formula (or DDE command) when they come
 * first: = + - @, tab and carriage return, and their full-width forms that some Excel versions
 * also honour.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * A text cell made inert: if it starts with a formula trigger — also after leading spaces or line
 * breaks, which some importers strip — a single quote is put in front (OWASP's advice), so the
 * spreadsheet shows it as text.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) || FORMULA_START.test(text.replace(/^[\s]+/, '')) ? `'${text}` : text;
}

function formatNumber(x: number, format: CsvFormat, digits: number): string {
  if (!Number.isFinite(x)) return '';
  // No thousands separators, no exponent: a spreadsheet must read it as one number.
  const fixed = Number.isInteger(x) ? String(x) : x.toFixed(digits).replace(/\.?0+$/, '');
  return format.decimal === ',' ? fixed.replace('.', ',') : fixed;
}

function quoteIfNeeded(text: string, format: CsvFormat): string {
  const needs = text.includes(format.delimiter) || /["\r\n]/.test(text) || /^\s|\s$/.test(text);
  return needs ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvCell(cell: CsvCell, format: CsvFormat, digits = 4): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return formatNumber(cell, format, digits);
  return quoteIfNeeded(neutraliseFormula(cell), format);
}

/** A whole CSV document: header row, then one row per record. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], format: CsvFormat): string {
  const lines = [header.map((h) => csvCell(h, format)).join(format.delimiter)];
  for (const row of rows) {
    if (row.length !== header.length) throw new RangeError(`a CSV row has ${row.length} cells but the header has ${header.length}`);
    lines.push(row.map((c) => csvCell(c, format)).join(format.delimiter));
  }
  return (format.bom ? '\ufeff' : '') + lines.join(format.eol) + format.eol;
}
