import { t } from '../../i18n';

/**
 * Demand classes of Syntetos, Boylan & Croston (2005), from two numbers of a product's history:
 * - ADI, the average interval between sales: observed steps / steps with a sale;
 * - CV², the squared coefficient of variation of the sale sizes (non-zero steps only).
 * With their cut-offs ADI = 1.32 and CV² = 0.49:
 *   smooth (ADI < 1.32, CV² < 0.49)   erratic (ADI < 1.32, CV² ≥ 0.49)
 *   intermittent (ADI ≥ 1.32, CV² < 0.49)   lumpy (ADI ≥ 1.32, CV² ≥ 0.49)
 * Stock-outs and closed days are not observations and are left out. With fewer than two sales the
 * class is "too few sales".
 */
export type DemandClassName = 'smooth' | 'erratic' | 'intermittent' | 'lumpy' | 'too few sales';

export interface DemandClass {
  name: DemandClassName;
  adi: number;
  cv2: number;
  /** Observed steps and steps with a sale. */
  observed: number;
  selling: number;
}

export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

export function demandClass(values: ArrayLike<number>, mask?: Uint8Array): DemandClass {
  let observed = 0;
  let selling = 0;
  let sum = 0;
  let sumSq = 0;
  for (let t = 0; t < values.length; t++) {
    if (mask && !mask[t]) continue;
    observed++;
    const v = values[t];
    if (v > 0) {
      selling++;
      sum += v;
      sumSq += v * v;
    }
  }
  if (selling < 2) return { name: 'too few sales', adi: selling > 0 ? observed / selling : Number.POSITIVE_INFINITY, cv2: Number.NaN, observed, selling };
  const adi = observed / selling;
  const mean = sum / selling;
  // Sample variance (n − 1), as in the original paper's estimates.
  const variance = Math.max(0, (sumSq - selling * mean * mean) / (selling - 1));
  const cv2 = variance / (mean * mean);
  const frequent = adi < ADI_CUTOFF;
  const steady = cv2 < CV2_CUTOFF;
  const name: DemandClassName = frequent ? (steady ? 'smooth' : 'erratic') : steady ? 'intermittent' : 'lumpy';
  return { name, adi, cv2, observed, selling };
}

/** A demand class's name for the seller ("Lumpy", "不规则"), in the current language. */
export function demandClassLabel(name: DemandClassName): string {
  return t(`forecast:demandClass.${name === 'too few sales' ? 'tooFew' : name}`);
}

/**
 * One line for the seller in plain words, e.g. "Lumpy: sells on 1 day in 3.2, in very uneven amounts."
 * ADI and CV² are for analysts: `describeDemandClassNumbers`.
 */
export function describeDemandClass(c: DemandClass, unit: 'day' | 'week'): string {
  if (c.name === 'too few sales') return t('forecast:demandClass.describeTooFew', { count: c.selling });
  const every = c.adi < 1.05 ? t(`forecast:demandClass.everyAlmost_${unit}`) : t(`forecast:demandClass.everyOneIn_${unit}`, { n: c.adi < 10 ? c.adi.toFixed(1) : Math.round(c.adi) });
  const sizes = t(c.cv2 < CV2_CUTOFF ? 'forecast:demandClass.even' : 'forecast:demandClass.uneven');
  return t('forecast:demandClass.describe', { label: demandClassLabel(c.name), every, sizes });
}

/** The two numbers behind the class, for the analysts' details: "ADI 1.20, CV² 0.35". */
export function describeDemandClassNumbers(c: DemandClass): string {
  return `ADI ${c.adi.toFixed(2)}, CV² ${Number.isFinite(c.cv2) ? c.cv2.toFixed(2) : '–'}`;
}
