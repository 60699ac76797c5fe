/**
 * Nelder–Mead simplex minimisation (standard coefficients: reflection 1, expansion 2,
 * contraction ½, shrink ½). Used for the few smoothing parameters of ETS, where the objective is
 * cheap, smooth enough and has no gradient at hand. All work happens in preallocated arrays.
 */
export interface MinimiseOptions {
  maxEvaluations?: number;
  /** Stop when the simplex's best and worst values differ by less than this (relative). */
  tolerance?: number;
  /** Initial simplex step per coordinate. */
  step?: number;
}

export interface Minimum {
  x: Float64Array;
  value: number;
  evaluations: number;
}

export function nelderMead(f: (x: Float64Array) => number, start: ArrayLike<number>, options: MinimiseOptions = {}): Minimum {
  const d = start.length;
  const maxEvaluations = options.maxEvaluations ?? 200 * d;
  const tolerance = options.tolerance ?? 1e-8;
  const step = options.step ?? 0.5;
  const points: Float64Array[] = [];
  const values = new Float64Array(d + 1);
  let evaluations = 0;
  const evaluate = (x: Float64Array) => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  for (let i = 0; i <= d; i++) {
    const x = Float64Array.from(start);
    if (i > 0) x[i - 1] += step;
    points.push(x);
    values[i] = evaluate(x);
  }
  const order = new Int32Array(d + 1);
  const centroid = new Float64Array(d);
  const reflected = new Float64Array(d);
  const trial = new Float64Array(d);

  const sortSimplex = () => {
    for (let i = 0; i <= d; i++) order[i] = i;
    // Insertion sort: d + 1 is at most 5 here.
    for (let i = 1; i <= d; i++) {
      const k = order[i];
      let j = i - 1;
      while (j >= 0 && values[order[j]] > values[k]) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = k;
    }
  };

  while (evaluations < maxEvaluations) {
    sortSimplex();
    const best = order[0];
    const worst = order[d];
    const secondWorst = order[d - 1];
    const spread = Math.abs(values[worst] - values[best]);
    if (spread <= tolerance * (Math.abs(values[best]) + tolerance)) break;

    centroid.fill(0);
    for (let i = 0; i < d; i++) {
      const p = points[order[i]];
      for (let j = 0; j < d; j++) centroid[j] += p[j] / d;
    }
    const pw = points[worst];
    for (let j = 0; j < d; j++) reflected[j] = centroid[j] + (centroid[j] - pw[j]);
    const fr = evaluate(reflected);
    if (fr < values[best]) {
      for (let j = 0; j < d; j++) trial[j] = centroid[j] + 2 * (centroid[j] - pw[j]);
      const fe = evaluate(trial);
      if (fe < fr) {
        pw.set(trial);
        values[worst] = fe;
      } else {
        pw.set(reflected);
        values[worst] = fr;
      }
      continue;
    }
    if (fr < values[secondWorst]) {
      pw.set(reflected);
      values[worst] = fr;
      continue;
    }
    // Contraction, outside or inside depending on whether the reflection improved on the worst.
    const outside = fr < values[worst];
    for (let j = 0; j < d; j++) {
      trial[j] = outside ? centroid[j] + 0.5 * (reflected[j] - centroid[j]) : centroid[j] + 0.5 * (pw[j] - centroid[j]);
    }
    const fc = evaluate(trial);
    if (fc < (outside ? fr : values[worst])) {
      pw.set(trial);
      values[worst] = fc;
      continue;
    }
    // Shrink towards the best point.
    const pb = points[best];
    for (let i = 0; i <= d; i++) {
      if (i === best) continue;
      const p = points[i];
      for (let j = 0; j < d; j++) p[j] = pb[j] + 0.5 * (p[j] - pb[j]);
      values[i] = evaluate(p);
    }
  }
  sortSimplex();
  return { x: Float64Array.from(points[order[0]]), value: values[order[0]], evaluations };
}
