import { t } from '../../../i18n';
import { dayToIso } from '../../series';
import { MAX_NAME_CHARS, MAX_TEXT_CHARS, type RowContext } from '../context';
import { parseDate } from '../dates';
import type { Field } from '../fields';
import { clip, parseNumber } from '../numbers';
import type { CatalogueFields, CatalogueRow } from '../staged';
import type { KindReader } from './reader';

type NumericRule = [Field, string, { min?: number; integer?: boolean }];

const NUMERIC: NumericRule[] = [
  ['unitCost', 'unitCost', { min: 0 }], ['price', 'price', { min: 0 }], ['leadTimeDays', 'leadTime', { min: 0 }],
  ['leadTimeSdDays', 'leadTimeSd', { min: 0 }], ['moq', 'moq', { min: 0 }], ['casePack', 'casePack', { min: 1, integer: true }],
  ['onHand', 'onHand', {}], ['onOrder', 'onOrder', { min: 0 }], ['holdingCostRate', 'holdingCostRate', { min: 0 }],
  ['stockoutCost', 'stockoutCost', { min: 0 }], ['orderingCost', 'orderingCost', { min: 0 }],
];

/** Product catalogues: one row per product with costs, prices, lead times, stock. */
export function catalogueReader(ctx: RowContext): KindReader {
  const rows: CatalogueRow[] = [];
  const whats = new Map(NUMERIC.map(([field, what]) => [field, t(`import:what.${what}`)]));
  const serviceLevelWhat = t('import:what.serviceLevel');
  const lines = new Map<string, number>();

  const numbers = (cells: string[], line: number, fields: CatalogueFields): boolean => {
    for (const [field, , opts] of NUMERIC) {
      const result = ctx.numberOf(cells, field, line, whats.get(field) as string, opts);
      if (result && 'error' in result) return false;
      if (result) (fields as Record<string, number>)[field] = result.value;
    }
    if (fields.onHand !== undefined && fields.onHand < 0) fields.onHand = 0;
    return true;
  };
  const serviceLevel = (cells: string[], line: number, fields: CatalogueFields): boolean => {
    const level = ctx.cell(cells, 'serviceLevel');
    if (level === '') return true;
    const parsed = parseNumber(level.replace(/%$/, ''), ctx.plan.decimal, serviceLevelWhat);
    const value = 'value' in parsed ? (level.endsWith('%') || parsed.value > 1 ? parsed.value / 100 : parsed.value) : Number.NaN;
    if (!(value > 0 && value < 1)) { ctx.reject(line, t('import:issue.serviceLevel', { raw: clip(level) }), ctx.cols.serviceLevel); return false; }
    fields.serviceLevel = value;
    return true;
  };
  const arrival = (cells: string[], line: number, fields: CatalogueFields): boolean => {
    const text = ctx.cell(cells, 'onOrderArrival');
    if (text === '') return true;
    const parsed = parseDate(text, ctx.dateOrder);
    if ('error' in parsed) { ctx.reject(line, parsed.error, ctx.cols.onOrderArrival); return false; }
    fields.onOrderArrival = dayToIso(parsed.day);
    return true;
  };
  const texts = (cells: string[], line: number, fields: CatalogueFields): void => {
    const name = ctx.text(cells, 'name', MAX_NAME_CHARS, line);
    if (name) fields.name = name;
    const description = ctx.text(cells, 'description', MAX_TEXT_CHARS, line);
    if (description) fields.description = description;
    const category = ctx.text(cells, 'category', MAX_NAME_CHARS, line);
    if (category) fields.category = category;
    const supplier = ctx.text(cells, 'supplier', MAX_NAME_CHARS, line);
    if (supplier) fields.supplier = supplier;
  };

  return {
    row(cells, line) {
      const sku = ctx.skuOf(cells, line);
      if (sku === undefined) return false;
      const key = ctx.seriesKey(cells, sku);
      const seenOn = lines.get(key);
      if (seenOn !== undefined) { ctx.reject(line, t('import:issue.duplicateProduct', { key: clip(key), line: seenOn }), ctx.cols.sku); return false; }
      const fields: CatalogueFields = {};
      if (!numbers(cells, line, fields) || !serviceLevel(cells, line, fields) || !arrival(cells, line, fields)) return false;
      texts(cells, line, fields);
      lines.set(key, line);
      const store = ctx.stores.get(key);
      rows.push({ sku: key, line, fields, ...(store ? { store: store.store, baseSku: store.baseSku } : {}) });
      return true;
    },
    finish(staged) { staged.catalogue = rows; },
  };
}
