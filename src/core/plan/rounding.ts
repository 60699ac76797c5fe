/** Supplier constraints on an order. */
export interface OrderConstraints {
  /** Minimum order quantity in units (0 or absent: none). */
  moq?: number;
  /** Units per case: orders are whole cases (1 or absent: single units). */
  casePack?: number;
}

export interface RoundedOrder {
  /** What the policy asked for. */
  raw: number;
  /** What can actually be ordered. */
  qty: number;
  /** Expected cost of ordering `qty` instead of `raw` (can be negative when rounding happens to help). */
  roundingCost: number;
  /** Why qty differs from raw, in words; empty when it does not. */
  reason: string;
}

/** Smallest orderable quantity: the MOQ rounded up to whole cases (at least one case). */
export function minimumOrder(constraints: OrderConstraints): number {
  const pack = casePackOf(constraints);
  const moq = Math.max(0, constraints.moq ?? 0);
  return Math.max(pack, Math.ceil(moq / pack - 1e-9) * pack);
}

function casePackOf(constraints: OrderConstraints): number {
  const pack = constraints.casePack ?? 1;
  if (!(Number.isInteger(pack) && pack >= 1)) throw new RangeError(`case pack must be a whole number of units ≥ 1, got ${pack}`);
  if (constraints.moq !== undefined && !(constraints.moq >= 0)) throw new RangeError(`MOQ must be 0 or more, got ${constraints.moq}`);
  return pack;
}

/**
 * Turns the policy's quantity into an orderable one: whole cases, at least the MOQ. Of the case
 * quantities just below and just above (both lifted to the minimum), the one with the lower expected
 * cost wins; when the MOQ is far above the need, ordering nothing is also considered. `costOf(q)`
 * is the expected cost of ordering q now (e.g. the cycle cost at inventory position + q), so the
 * cost of rounding is shown in money, not just units.
 */
export function roundOrder(raw: number, constraints: OrderConstraints, costOf: (qty: number) => number): RoundedOrder {
  if (!(raw >= 0 && Number.isFinite(raw))) throw new RangeError(`order quantity must be ≥ 0, got ${raw}`);
  const pack = casePackOf(constraints);
  if (raw === 0) return { raw, qty: 0, roundingCost: 0, reason: '' };
  const minimum = minimumOrder(constraints);
  const down = Math.max(minimum, Math.floor(raw / pack + 1e-9) * pack);
  const up = Math.max(minimum, Math.ceil(raw / pack - 1e-9) * pack);
  const candidates = new Set([down, up]);
  if (raw < minimum) candidates.add(0);
  const rawCost = costOf(raw);
  let best = up;
  let bestCost = costOf(up);
  for (const q of candidates) {
    if (q === up) continue;
    const cost = costOf(q);
    // Ties go to the larger order: the same expected cost with fewer stockouts.
    if (cost < bestCost - 1e-12 || (Math.abs(cost - bestCost) <= 1e-12 && q > best)) {
      best = q;
      bestCost = cost;
    }
  }
  let reason = '';
  if (best !== raw) {
    if (best === 0) reason = `the minimum order of ${minimum} costs more than it saves`;
    else if (raw < minimum && best === minimum) reason = pack > 1 && minimum === pack ? `one case of ${pack}` : `minimum order ${minimum}`;
    else if (pack > 1) reason = `${best / pack} case${best / pack === 1 ? '' : 's'} of ${pack}`;
    else reason = 'whole units';
  }
  return { raw, qty: best, roundingCost: bestCost - rawCost, reason };
}
