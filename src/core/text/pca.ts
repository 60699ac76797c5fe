import { mulberry32 } from '../stats';

/**
 * Principal components of embeddings, to hand a forecaster a small static covariate (say 16 numbers)
 * instead of a 512-dimensional vector: the directions along which the catalogue's products differ most.
 */
export interface Projection {
  mean: Float64Array;
  /** k unit vectors, most variance first; each signed so that its largest entry is positive. */
  components: Float64Array[];
  /** Variance along each component, and the total variance (to report the share explained). */
  variances: number[];
  totalVariance: number;
}

/** Fits k principal components by power iteration with deflation on the covariance matrix. */
export function fitPca(vectors: readonly ArrayLike<number>[], k: number, options: { iterations?: number; seed?: number } = {}): Projection {
  const n = vectors.length;
  if (n < 2) throw new RangeError(`principal components need at least 2 vectors, got ${n}`);
  const d = vectors[0].length;
  if (!(Number.isInteger(k) && k >= 1 && k <= d)) throw new RangeError(`k must be between 1 and ${d}, got ${k}`);
  const mean = new Float64Array(d);
  for (const v of vectors) {
    if (v.length !== d) throw new RangeError(`vectors differ in length: ${v.length} and ${d}`);
    for (let i = 0; i < d; i++) mean[i] += v[i] / n;
  }
  // Covariance (d × d, symmetric): one pass over the data, then cheap iterations.
  const cov = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (const v of vectors) {
    for (let i = 0; i < d; i++) centred[i] = v[i] - mean[i];
    for (let i = 0; i < d; i++) {
      const ci = centred[i];
      if (ci === 0) continue;
      const row = i * d;
      for (let j = i; j < d; j++) cov[row + j] += ci * centred[j];
    }
  }
  let totalVariance = 0;
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      cov[i * d + j] /= n - 1;
      cov[j * d + i] = cov[i * d + j];
    }
    totalVariance += cov[i * d + i];
  }

  const random = mulberry32(options.seed ?? 1);
  const iterations = options.iterations ?? 200;
  const components: Float64Array[] = [];
  const variances: number[] = [];
  const next = new Float64Array(d);
  for (let c = 0; c < k; c++) {
    let x = Float64Array.from({ length: d }, () => random() - 0.5);
    let lambda = 0;
    for (let it = 0; it < iterations; it++) {
      next.fill(0);
      for (let i = 0; i < d; i++) {
        let s = 0;
        const row = i * d;
        for (let j = 0; j < d; j++) s += cov[row + j] * x[j];
        next[i] = s;
      }
      // Deflation: remove the components already found.
      for (const u of components) {
        let dotU = 0;
        for (let i = 0; i < d; i++) dotU += next[i] * u[i];
        for (let i = 0; i < d; i++) next[i] -= dotU * u[i];
      }
      const length = Math.hypot(...next);
      if (length === 0) break;
      const converged = Math.abs(length - lambda) <= 1e-12 * Math.max(1, length);
      lambda = length;
      x = Float64Array.from(next, (v) => v / length);
      if (converged) break;
    }
    let largest = 0;
    for (let i = 1; i < d; i++) if (Math.abs(x[i]) > Math.abs(x[largest]) + 1e-12) largest = i;
    if (x[largest] < 0) x = x.map((v) => -v);
    components.push(x);
    variances.push(lambda);
  }
  return { mean, components, variances, totalVariance };
}

/** Coordinates of a vector along the fitted components. */
export function project(projection: Projection, vector: ArrayLike<number>): Float32Array {
  const out = new Float32Array(projection.components.length);
  projection.components.forEach((u, c) => {
    let s = 0;
    for (let i = 0; i < u.length; i++) s += (vector[i] - projection.mean[i]) * u[i];
    out[c] = s;
  });
  return out;
}
