import type { DateOrder } from './dates';
import type { ColumnMap, FileKind } from './fields';
import type { DecimalSeparator } from './numbers';
import type { ProfileId } from './profiles';

/** A rejected row (or cell) and exactly where it is. Lines and columns count from 1, as editors show them. */
export interface RowIssue {
  file: string;
  line: number;
  /** 1-based column number, and the header's name for it, when one cell is at fault. */
  column?: number;
  columnName?: string;
  reason: string;
}

/** The encodings Shelfcast reads ('gb18030' also reads GBK and GB2312, of which it is a superset). */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'gb18030' | 'big5';
export const TEXT_ENCODINGS: readonly TextEncoding[] = ['utf-8', 'gb18030', 'big5', 'windows-1252', 'utf-16le', 'utf-16be'];

/** A day column of a wide table. */
export interface WideColumn {
  column: number;
  day: number;
}

/**
 * Everything needed to read a file, as detected and then confirmed or corrected by the seller on
 * the mapping screen. Plain data: it crosses the worker boundary.
 */
export interface ImportPlan {
  kind: FileKind;
  encoding: TextEncoding;
  delimiter: string;
  newline: '\n' | '\r\n' | '\r';
  /** 1-based line of the header row (2 when an Excel "sep=;" line comes first). */
  headerLine: number;
  decimal: DecimalSeparator;
  dateOrder?: DateOrder;
  columns: ColumnMap;
  /** Wide tables: the day each date column stands for, and whether columns are days or weeks. */
  wideColumns?: WideColumn[];
  granularity: 'day' | 'week';
  /** Wide tables with numbered day columns (d_1 … d_N, M5 style): the date of day 1, ISO, as the seller gave it. */
  firstDate?: string;
  /** The export layout whose rules apply (Online Retail, Shopify, Taobao…), when the header has its signature. */
  profile?: ProfileId;
  /**
   * One series per product ("sku": stores and channels add up) or one per product and store
   * ("store-sku": each store keeps its own stock). Only meaningful when a store column is mapped.
   */
  seriesKey: 'sku' | 'store-sku';
  /**
   * Undefined: a sale's day is the date written in the file (the shop's own day). An IANA zone:
   * timestamps with an explicit offset or Z are moved to that zone's calendar day.
   */
  timeZone?: string;
  /**
   * Leave out non-product lines: the profile's own codes (Online Retail's postage, fees, vouchers…),
   * or, in other files, the service lines proposed on the report (delivery, fee, discount…).
   */
  excludeNonProducts: boolean;
}

/** What the first part of a file told us, shown on the mapping screen. */
export interface Inspection {
  fileName: string;
  size: number;
  headers: string[];
  /** The first rows after the header, cells as written (clipped), for the mapping screen. */
  sample: string[][];
  plan: ImportPlan;
  /** Why each detected setting was chosen, in plain words. */
  notes: string[];
  /** Things the seller must answer before the file can be read (empty: nothing to ask). */
  questions: string[];
  /** True when the file can be read without the seller looking at the mapping (no questions). */
  confident: boolean;
  /** A date cell with an explicit time zone, when the file has them (the mapping screen offers conversion). */
  zoneExample?: string;
  /** Layout label for the report ("Shopify orders export", "Online Retail order lines", …). */
  layout: string;
  /** The text encoding was a guess between these (the mapping screen offers them); absent when sure. */
  encodingChoices?: TextEncoding[];
  /** Columns that hold money (sales amounts, revenue) rather than units, by index. */
  moneyColumns: number[];
}

/** Thrown for problems that stop a whole file (empty, binary, no header…): nothing is stored. */
export class ImportError extends Error {
  constructor(readonly file: string, readonly line: number, message: string) {
    super(`${file}, ${message}`);
    this.name = 'ImportError';
  }
}
