import { CumulativePaths, type SamplePaths } from './demand';
import { DemandDistribution } from './distribution';
import { minimumOrder, type OrderConstraints } from './rounding';

export interface MultiPeriodInputs {
  /** Demand per period (a forecast step: a day for daily forecasts). */
  demand: SamplePaths;
  /** Number of order decisions planned: periods 0 … periods − 1. Needs horizon ≥ periods + lead time. */
  periods: number;
  /** Whole periods from order to arrival (0: available in the period it is ordered). */
  leadTimePeriods: number;
  /** An order can be placed every `reviewEvery` periods, starting now (1: every period). */
  reviewEvery: number;
  /** Cost of one unit left in stock at the end of a period. */
  holdingPerUnitPeriod: number;
  /** Cost of one unit of demand short at the end of a period. */
  shortagePerUnit: number;
  /** Fixed cost per order placed (0: none). */
  orderingCost?: number;
  /** On hand + on order now. */
  inventoryPosition: number;
  constraints?: OrderConstraints;
  /** Upper bound on the grid size; larger problems plan in steps of several units. */
  maxGridPoints?: number;
}

export interface PeriodPlan {
  period: number;
  canOrder: boolean;
  /** Order when the inventory position is at or below this (review periods only; NaN: never). */
  reorderLevel: number;
  /** Inventory position the optimal order brings you to from the reorder level. */
  orderUpTo: number;
  /** Over the forecast's sample paths, following the optimal policy: mean units ordered, chance of ordering. */
  expectedOrder: number;
  orderProbability: number;
  /** Mean net stock (on hand − backorders) at the end of the period the order would arrive in. */
  expectedStockAtArrival: number;
}

export interface MultiPeriodPlan {
  /** Units to order now (period 0) at the current inventory position. */
  orderNow: number;
  /** Minimum expected holding + shortage (+ ordering) cost over the planned periods. */
  expectedCost: number;
  periods: PeriodPlan[];
  /** Units per grid step (1 unless the problem was too large for unit steps). */
  unit: number;
}

/**
 * Multi-period order plan by dynamic programming (backorder model). The state is the inventory
 * position x; an order placed in period t arrives L periods later, so the holding/shortage cost it
 * controls is that of period t + L, which depends on y − D[t..t+L] where y is the position after
 * ordering and D[t..t+L] the demand of periods t to t + L (from the sample paths, so its days stay
 * correlated). Bellman: V_t(x) = min over allowed y ≥ x of K·[y > x] + G_t(y) + E V_{t+1}(y − D_t),
 * V_T = 0. Periods before the first order could arrive are already decided and not counted.
 * Assumes period demands independent across periods in the recursion (the cost of each period uses
 * the paths' joint totals).
 */
export function multiPeriodPlan(inputs: MultiPeriodInputs): MultiPeriodPlan {
  const { demand, periods: T, leadTimePeriods: L, reviewEvery, holdingPerUnitPeriod: h, shortagePerUnit: b, inventoryPosition: x0 } = inputs;
  const K = inputs.orderingCost ?? 0;
  if (!(Number.isInteger(T) && T >= 1)) throw new RangeError(`periods must be a whole number ≥ 1, got ${T}`);
  if (!(Number.isInteger(L) && L >= 0)) throw new RangeError(`lead time must be whole periods ≥ 0, got ${L}`);
  if (!(Number.isInteger(reviewEvery) && reviewEvery >= 1)) throw new RangeError(`review period must be whole periods ≥ 1, got ${reviewEvery}`);
  if (!(h >= 0 && b >= 0 && K >= 0)) throw new RangeError('costs must be 0 or more');
  if (!Number.isFinite(x0)) throw new RangeError('inventory position must be a number');
  if (demand.horizon < T + L) throw new RangeError(`the forecast covers ${demand.horizon} periods but ${T} decisions with a ${L}-period lead time need ${T + L}`);

  const cumulative = new CumulativePaths(demand, T + L);
  const n = demand.nPaths;
  // Grid bounds: from "nothing ordered and every period at its worst" to the largest demand any
  // order could have to cover (with one review's worth beyond the lead time).
  let worstTotal = 0;
  let coverMax = 0;
  for (let p = 0; p < n; p++) {
    worstTotal = Math.max(worstTotal, cumulative.total(p, T));
    for (let t = 0; t < T; t++) coverMax = Math.max(coverMax, cumulative.between(p, t, Math.min(T + L, t + L + reviewEvery)));
  }
  const minOrder = minimumOrder(inputs.constraints ?? {});
  const pack = inputs.constraints?.casePack ?? 1;
  const lowRaw = Math.min(x0, 0) - worstTotal - 1;
  const highRaw = Math.max(x0, coverMax + minOrder) + 1;
  const maxGrid = inputs.maxGridPoints ?? 6000;
  // Steps of `unit` units, a divisor-friendly multiple of the case pack, anchored at x0.
  const unit = pack * Math.max(1, Math.ceil((highRaw - lowRaw) / (maxGrid * pack)));
  const below = Math.ceil((x0 - lowRaw) / unit);
  const N = below + Math.ceil((highRaw - x0) / unit) + 1;
  const lo = x0 - below * unit;
  const value = (i: number) => lo + i * unit;
  const x0Index = below;
  const minSteps = Math.ceil(minOrder / unit - 1e-9);
  const packSteps = Math.max(1, Math.round(pack / unit)) || 1;

  // Per-period demand D_t as grid shifts (mass split between neighbouring steps keeps the mean).
  const shifts: { at: Int32Array; prob: Float64Array }[] = [];
  for (let t = 0; t < T; t++) {
    const mass = new Map<number, number>();
    for (let p = 0; p < n; p++) {
      const d = cumulative.between(p, t, t + 1) / unit;
      const a = Math.floor(d);
      const f = d - a;
      mass.set(a, (mass.get(a) ?? 0) + (1 - f) / n);
      if (f > 1e-12) mass.set(a + 1, (mass.get(a + 1) ?? 0) + f / n);
    }
    const keys = [...mass.keys()].sort((x, y) => x - y);
    shifts.push({ at: Int32Array.from(keys), prob: Float64Array.from(keys, (k) => mass.get(k) as number) });
  }

  let next = new Float64Array(N); // V_{t+1}, zero at the end of the horizon
  const decisions: Int32Array[] = new Array(T); // target grid index per state (−1: no order)
  let orderNow = 0;
  let expectedCost = 0;
  for (let t = T - 1; t >= 0; t--) {
    const costDist = DemandDistribution.fromSamples(Float64Array.from({ length: n }, (_, p) => cumulative.between(p, t, t + L + 1)));
    const J = new Float64Array(N);
    const { at, prob } = shifts[t];
    for (let i = 0; i < N; i++) {
      const y = value(i);
      let future = 0;
      for (let j = 0; j < at.length; j++) {
        const k = i - at[j];
        future += prob[j] * (k >= 0 ? next[k] : extrapolateBelow(next, k));
      }
      J[i] = h * costDist.expectedLeftover(y) + b * costDist.expectedShortage(y) + future;
    }
    const current = new Float64Array(N);
    const decision = new Int32Array(N).fill(-1);
    if (t % reviewEvery === 0) {
      // best[i]: cheapest J over i, i + packSteps, i + 2·packSteps, … (orders are whole cases).
      const best = new Float64Array(N);
      const bestAt = new Int32Array(N);
      for (let i = N - 1; i >= 0; i--) {
        const further = i + packSteps < N ? best[i + packSteps] : Infinity;
        if (J[i] <= further) {
          best[i] = J[i];
          bestAt[i] = i;
        } else {
          best[i] = further;
          bestAt[i] = bestAt[i + packSteps];
        }
      }
      for (let i = 0; i < N; i++) {
        const first = i + minSteps;
        const orderCost = first < N ? K + best[first] : Infinity;
        if (orderCost < J[i] - 1e-12) {
          current[i] = orderCost;
          decision[i] = bestAt[first];
        } else current[i] = J[i];
      }
    } else current.set(J);
    decisions[t] = decision;
    next = current;
    if (t === 0) {
      expectedCost = current[x0Index];
      orderNow = decision[x0Index] >= 0 ? (decision[x0Index] - x0Index) * unit : 0;
    }
  }

  // Follow the optimal policy along every sample path to show what it will likely order, and when.
  const sumOrder = new Float64Array(T);
  const countOrder = new Float64Array(T);
  const sumStock = new Float64Array(T);
  for (let p = 0; p < n; p++) {
    let i = x0Index;
    for (let t = 0; t < T; t++) {
      const target = decisions[t][Math.max(0, Math.min(N - 1, i))];
      if (target >= 0 && i >= 0 && i < N) {
        sumOrder[t] += (target - i) * unit;
        countOrder[t] += 1;
        i = target;
      }
      sumStock[t] += value(i) - cumulative.between(p, t, t + L + 1);
      i -= Math.round(cumulative.between(p, t, t + 1) / unit);
    }
  }
  const plan: PeriodPlan[] = [];
  for (let t = 0; t < T; t++) {
    const decision = decisions[t];
    let reorderIndex = -1;
    for (let i = N - 1; i >= 0; i--) if (decision[i] >= 0) { reorderIndex = i; break; }
    plan.push({
      period: t,
      canOrder: t % reviewEvery === 0,
      reorderLevel: reorderIndex >= 0 ? value(reorderIndex) : Number.NaN,
      orderUpTo: reorderIndex >= 0 ? value(decision[reorderIndex]) : Number.NaN,
      expectedOrder: sumOrder[t] / n,
      orderProbability: countOrder[t] / n,
      expectedStockAtArrival: sumStock[t] / n,
    });
  }
  return { orderNow, expectedCost, periods: plan, unit };
}

/** Below the grid the cost grows linearly (every further unit is one more backorder). */
function extrapolateBelow(v: Float64Array, k: number): number {
  const slope = v.length > 1 ? v[0] - v[1] : 0;
  return v[0] + Math.max(0, slope) * -k;
}
