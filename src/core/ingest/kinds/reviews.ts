import { t } from '../../../i18n';
import { dayToIso } from '../../series';
import { MAX_NAME_CHARS, MAX_TEXT_CHARS, type RowContext } from '../context';
import { parseNumber } from '../numbers';
import type { StagedReview } from '../staged';
import type { KindReader } from './reader';

/** "4 stars", "4/5", "4★", "4星", "4分" → "4". */
const RATING_SUFFIX = /\s*(\/\s*5|stars?|★+|星|分)$/i;

/** Product reviews: a rating, a text, or both, per row. */
export function reviewsReader(ctx: RowContext): KindReader {
  const reviews: StagedReview[] = [];
  const what = t('import:what.rating');
  const rating = (cells: string[], line: number): number | undefined | false => {
    const raw = ctx.cell(cells, 'rating').replace(RATING_SUFFIX, '');
    if (raw === '') return undefined;
    const parsed = parseNumber(raw, ctx.plan.decimal, what);
    if ('error' in parsed) { ctx.reject(line, parsed.error, ctx.cols.rating); return false; }
    if (parsed.value < 0 || parsed.value > 5) { ctx.reject(line, t('import:issue.ratingRange', { value: parsed.value }), ctx.cols.rating); return false; }
    return parsed.value;
  };
  const date = (cells: string[], line: number): string | undefined | false => {
    if (ctx.cell(cells, 'date') === '') return undefined;
    const parsed = ctx.dateOf(cells[ctx.cols.date as number]);
    if ('error' in parsed) { ctx.reject(line, parsed.error, ctx.cols.date); return false; }
    return dayToIso(parsed.day);
  };
  return {
    row(cells, line) {
      const sku = ctx.skuOf(cells, line);
      if (sku === undefined) return false;
      const stars = rating(cells, line);
      if (stars === false) return false;
      const day = date(cells, line);
      if (day === false) return false;
      const title = ctx.text(cells, 'reviewTitle', MAX_NAME_CHARS, line);
      const body = ctx.text(cells, 'reviewText', MAX_TEXT_CHARS, line) ?? '';
      if (stars === undefined && body === '' && !title) { ctx.reject(line, t('import:issue.reviewEmpty')); return false; }
      reviews.push({ sku, line, text: body, ...(day ? { date: day } : {}), ...(stars !== undefined ? { rating: stars } : {}), ...(title ? { title } : {}) });
      return true;
    },
    finish(staged) { staged.reviews = reviews; },
  };
}
