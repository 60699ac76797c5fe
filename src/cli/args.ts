import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A problem with an input file or the data: printed as is, exit code 1. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `--name value` options strictly: unknown options and stray arguments are errors. */
export function parseOptions<T extends Options>(argv: readonly string[], options: T): Record<keyof T, string | boolean | undefined> {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    return values as unknown as Record<keyof T, string | boolean | undefined>;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // node:util's messages name the option ("Unknown option '--hoirzon'"); keep them, minus the noise.
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
    throw new UsageError(message);
  }
}

export function requireString(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function positiveInteger(value: unknown, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--${name} must be a whole number ≥ 1, got "${String(value)}"`);
  }
  return n;
}

/** "0.1,0.5,0.9" → [0.1, 0.5, 0.9], each strictly between 0 and 1. */
export function quantileList(value: unknown, fallback: number[]): number[] {
  if (value === undefined) return fallback;
  const parts = String(value).split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new UsageError('--quantiles needs at least one level, e.g. 0.1,0.5,0.9');
  return parts.map((part) => {
    const q = Number(part);
    if (!/^(0?\.\d+|0|1)$/.test(part) || !(q > 0 && q < 1)) {
      throw new UsageError(`--quantiles: "${part}" is not a level strictly between 0 and 1 (e.g. 0.1,0.5,0.9)`);
    }
    return q;
  });
}

export function frequency(value: unknown): 'D' | 'W' {
  if (value === undefined) return 'D';
  const text = String(value).trim().toUpperCase();
  if (text === 'D' || text === 'DAY' || text === 'DAILY') return 'D';
  if (text === 'W' || text === 'WEEK' || text === 'WEEKLY') return 'W';
  throw new UsageError(`--freq must be D (daily) or W (weekly), got "${String(value)}"`);
}

/** --id-columns "store,item" → ["store", "item"]. */
export function idColumnList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const columns = String(value).split(',').map((s) => s.trim()).filter(Boolean);
  if (columns.length === 0 || columns.length > 2) {
    throw new UsageError('--id-columns takes a product column, or a store column then a product column, e.g. store,item');
  }
  return columns;
}

export function dateOrderOption(value: unknown): 'YMD' | 'DMY' | 'MDY' | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim().toUpperCase();
  if (text === 'YMD' || text === 'DMY' || text === 'MDY') return text;
  throw new UsageError(`--date-order must be DMY (31/12/2024), MDY (12/31/2024) or YMD, got "${String(value)}"`);
}

export function returnsOption(value: unknown): 'net' | 'drop' {
  if (value === undefined) return 'net';
  const text = String(value).trim().toLowerCase();
  if (text === 'net' || text === 'drop') return text;
  throw new UsageError(`--returns must be net (subtract cancellations and returns from the day's sales) or drop (ignore them), got "${String(value)}"`);
}

/** The input options shared by every command that reads a sales file. */
export const INPUT_OPTIONS = {
  input: { type: 'string' },
  freq: { type: 'string' },
  'id-columns': { type: 'string' },
  'date-order': { type: 'string' },
  returns: { type: 'string' },
} as const;

export const INPUT_HELP = `  --input FILE         sales CSV (required; .csv.gz too): product-day rows or order lines, extra
                       columns allowed, read with the app's own import (header, date and number detection)
  --freq D|W           daily (default) or weekly series (7-day weeks ending on the last date)
  --id-columns [S,]P   the product column P, or a store column S then P: one series per product and
                       store, named "P@S" (e.g. store,item for Store Item Demand). Without it a store or
                       location column is detected and already gives one series per store
  --date-order DMY|MDY dates like 03/04/2024, when the file itself does not tell
  --returns net|drop   cancellations and returns: subtract them from the day's sales (default) or ignore them`;

/**
 * Parses a command's options; with --help, prints `help` and returns undefined (the command then
 * does nothing else).
 */
export function parseOrShowHelp<T extends Options>(
  argv: readonly string[], options: T, help: string, stdout: (text: string) => void,
): Record<keyof T, string | boolean | undefined> | undefined {
  const values = parseOptions(argv, options);
  if (values.help) {
    stdout(`${help}\n`);
    return undefined;
  }
  return values;
}

/** A number option's value, `fallback` when absent; a value that is not a number or fails `check` is a usage error naming `what` it must be. */
export function numberOption(values: Record<string, unknown>, name: string, fallback: number | undefined, check: (x: number) => boolean, what: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const x = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(x) || !check(x)) {
    throw new UsageError(`--${name} must be ${what}, got "${String(raw)}"`);
  }
  return x;
}
