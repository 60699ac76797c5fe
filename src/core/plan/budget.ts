import { minimumOrder, type OrderConstraints } from './rounding';

/** One product competing for the purchase budget. */
export interface BudgetCandidate {
  sku: string;
  /** Purchase cost of one unit. */
  unitCost: number;
  /** The order the plan would place with no budget limit (already whole cases, ≥ MOQ), the cap here. */
  maxQty: number;
  constraints: OrderConstraints;
  /**
   * Expected cost (holding + stockout) of the product's coming cycle if q units are ordered now.
   * Its decrease from q to q + step is the step's expected marginal profit.
   */
  costOf: (qty: number) => number;
}

export interface BudgetAllocation {
  /** Units to order per product (0 for products the budget did not reach). */
  qty: Map<string, number>;
  spent: number;
  budget: number;
  /** Expected cost saved, summed over products, against ordering nothing. */
  expectedSaving: number;
  /** Products whose order was cut below the unconstrained plan. */
  cut: string[];
}

/** At most this many steps per product (bigger steps for huge orders keep the heap small). */
const MAX_STEPS_PER_PRODUCT = 200;

interface Step {
  index: number;
  qty: number;
  size: number;
  gain: number;
  spend: number;
  ratio: number;
}

/**
 * Spends a budget where it earns most: repeatedly buys the next case (the first "case" of a product
 * is its minimum order) with the highest expected marginal profit per unit of money, until the
 * budget is spent or no purchase saves money. With no MOQ this greedy is optimal because each
 * extra unit saves less than the one before (the cost curve is convex); with MOQs it is the
 * standard knapsack heuristic and can leave a small remainder unspent.
 */
export function allocateBudget(candidates: readonly BudgetCandidate[], budget: number): BudgetAllocation {
  if (!(Number.isFinite(budget) && budget >= 0)) throw new RangeError(`budget must be a number ≥ 0, got ${budget}`);
  const qty = new Map<string, number>(candidates.map((c) => [c.sku, 0]));
  const heap: Step[] = [];
  const stepSize = (c: BudgetCandidate) => {
    const pack = c.constraints.casePack ?? 1;
    return pack * Math.max(1, Math.floor(c.maxQty / pack / MAX_STEPS_PER_PRODUCT));
  };
  const next = (index: number, from: number): Step | undefined => {
    const c = candidates[index];
    if (!(c.unitCost >= 0)) throw new RangeError(`unit cost of ${c.sku} must be ≥ 0`);
    const size = from === 0 ? minimumOrder(c.constraints) : Math.min(stepSize(c), c.maxQty - from);
    if (size <= 0 || from + size > c.maxQty) return undefined;
    const gain = c.costOf(from) - c.costOf(from + size);
    const spend = size * c.unitCost;
    return { index, qty: from, size, gain, spend, ratio: spend > 0 ? gain / spend : gain > 0 ? Infinity : 0 };
  };
  candidates.forEach((_, i) => {
    const step = next(i, 0);
    if (step) push(heap, step);
  });

  let spent = 0;
  let expectedSaving = 0;
  while (heap.length > 0) {
    const step = pop(heap);
    if (step.gain <= 0) continue; // this product's next unit no longer pays (later ones pay even less)
    if (spent + step.spend > budget + 1e-9) continue; // cannot afford this step; cheaper products may still fit
    spent += step.spend;
    expectedSaving += step.gain;
    const c = candidates[step.index];
    qty.set(c.sku, step.qty + step.size);
    const following = next(step.index, step.qty + step.size);
    if (following) push(heap, following);
  }
  const cut = candidates.filter((c) => (qty.get(c.sku) ?? 0) < c.maxQty).map((c) => c.sku);
  return { qty, spent, budget, expectedSaving, cut };
}

// A small binary max-heap on ratio (ties: lower product index first, for stable results).
function better(a: Step, b: Step): boolean {
  return a.ratio > b.ratio || (a.ratio === b.ratio && a.index < b.index);
}

function push(heap: Step[], step: Step): void {
  heap.push(step);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!better(heap[i], heap[parent])) break;
    [heap[i], heap[parent]] = [heap[parent], heap[i]];
    i = parent;
  }
}

function pop(heap: Step[]): Step {
  const top = heap[0];
  const last = heap.pop() as Step;
  if (heap.length > 0) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && better(heap[l], heap[m])) m = l;
      if (r < heap.length && better(heap[r], heap[m])) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }
  return top;
}
