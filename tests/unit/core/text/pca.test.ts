import { describe, expect, it } from 'vitest';
import { fitPca, project } from '../../../../src/core/text';

describe('principal components (static covariate from embeddings)', () => {
  it('finds the direction of a line through the data, with hand-computed coordinates', () => {
    // Points on y = 2x around the mean (1, 1): the first component is (1, 2)/√5.
    const points = [[0, -1], [2, 3], [-1, -3], [3, 5]];
    const pca = fitPca(points, 1);
    expect(Array.from(pca.mean)).toEqual([1, 1]);
    expect(pca.components[0][0]).toBeCloseTo(1 / Math.sqrt(5), 9);
    expect(pca.components[0][1]).toBeCloseTo(2 / Math.sqrt(5), 9);
    // (2,3) − mean = (1,2): coordinate √5. Variance = (5 + 5 + 20 + 20) / 3.
    expect(project(pca, [2, 3])[0]).toBeCloseTo(Math.sqrt(5), 6);
    expect(pca.variances[0]).toBeCloseTo(50 / 3, 9);
    expect(pca.totalVariance).toBeCloseTo(50 / 3, 9);
  });

  it('orders components by variance and keeps them orthogonal', () => {
    // Spread 3 along x, 1 along y, 0 along z.
    const pca = fitPca([[3, 0, 0], [-3, 0, 0], [0, 1, 0], [0, -1, 0]], 2);
    expect(pca.components.map((c) => Array.from(c, (v) => Math.round(v * 1e6) / 1e6 + 0))).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(pca.variances[0]).toBeCloseTo(6, 9);
    expect(pca.variances[1]).toBeCloseTo(2 / 3, 9);
    expect(() => fitPca([[1, 2]], 1)).toThrow(/at least 2 vectors/);
  });
});
