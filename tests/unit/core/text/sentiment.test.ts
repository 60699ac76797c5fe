import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { isoToDay } from '../../../../src/core/series';
import { mulberry32 } from '../../../../src/core/stats';
import {
  binaryScores, labelFromRating, SentimentHead, sentimentCovariate, sentimentTrend, stratifiedSplit, summariseSentiment,
} from '../../../../src/core/text';
import { trainSentimentHead } from '../../../../workers/textLoaders';

describe('labels, split and scores', () => {
  it('maps stars to labels: 4–5 positive, 1–2 negative, 3 left out', () => {
    expect([1, 2, 3, 4, 5, Number.NaN, undefined].map(labelFromRating)).toEqual([0, 0, undefined, 1, 1, undefined, undefined]);
  });

  it('splits each class in the same proportion', () => {
    const labels = [...Array(70).fill(1), ...Array(10).fill(0)];
    const { train, test } = stratifiedSplit(labels, 0.2, 1);
    expect(test.filter((i) => labels[i] === 1)).toHaveLength(14);
    expect(test.filter((i) => labels[i] === 0)).toHaveLength(2);
    expect(new Set([...train, ...test]).size).toBe(80);
    expect(stratifiedSplit(labels, 0.2, 1)).toEqual({ train, test }); // seeded
  });

  it('computes balanced accuracy by hand', () => {
    // 3 of 4 positives and 1 of 2 negatives right: (0.75 + 0.5) / 2
    const s = binaryScores([1, 1, 1, 1, 0, 0], [0.9, 0.8, 0.7, 0.2, 0.1, 0.6]);
    expect(s).toMatchObject({ tp: 3, fn: 1, tn: 1, fp: 1, balancedAccuracy: 0.625, accuracy: 4 / 6 });
    // Always "positive" on a 7:1 set: accuracy 0.875 but balanced accuracy 0.5.
    expect(binaryScores([1, 1, 1, 1, 1, 1, 1, 0], Array(8).fill(1)).balancedAccuracy).toBe(0.5);
  });
});

describe('SentimentHead', () => {
  it('computes a forward pass by hand (one hidden ReLU layer, sigmoid output)', () => {
    // d = 2, h = 2: W1 = [[1, -1], [2, 0]], b1 = [0, 1], W2 = [1, -2], b2 = 0.5
    const head = new SentimentHead({ dimension: 2, hidden: 2, encoderKey: 'x' }, Float32Array.from([1, -1, 2, 0, 0, 1, 1, -2, 0.5]));
    // x = [1, 1]: hidden = relu([1+2, -1+0] + [0, 1]) = [3, 0]; z = 3 + 0 + 0.5 = 3.5
    // x = [0, -1]: hidden = relu([-2, 0] + [0, 1]) = [0, 1]; z = -2 + 0.5 = -1.5
    const p = head.predict(Float32Array.from([1, 1, 0, -1]), 2);
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-3.5)), 6);
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(1.5)), 6);
    expect(() => new SentimentHead({ dimension: 2, hidden: 2, encoderKey: 'x' }, new Float32Array(3))).toThrow(/expects 9 weights/);
  });

  it('trains on a tiny imbalanced separable set to perfect balanced accuracy, class-weighted, without leaking tensors', async () => {
    await tf.setBackend('cpu');
    const random = mulberry32(3);
    const d = 8;
    const make = (sign: number) => Array.from({ length: d }, (_, i) => (i === 0 ? sign * (1 + random()) : (random() - 0.5) * 0.6));
    const positives = Array.from({ length: 48 }, () => make(1));
    const negatives = Array.from({ length: 8 }, () => make(-1));
    const rows = Float32Array.from([...positives, ...negatives].flat());
    const labels = [...Array(48).fill(1), ...Array(8).fill(0)];
    const before = tf.memory().numTensors;
    const trained = await trainSentimentHead(rows, labels, { dimension: d, encoderKey: 'test' }, { epochs: 60, hidden: 4, batchSize: 16, learningRate: 0.02, patience: 60 });
    expect(tf.memory().numTensors).toBe(before);
    // Class weights n / (2 · n_class) on the training part (validation took 10% of each class).
    expect(trained.trainRows + trained.validationRows).toBe(56);
    expect(trained.classWeights[0] / trained.classWeights[1]).toBeCloseTo(43 / 7, 6);
    const testRows = Float32Array.from([...Array.from({ length: 20 }, () => make(1)), ...Array.from({ length: 20 }, () => make(-1))].flat());
    const scores = binaryScores([...Array(20).fill(1), ...Array(20).fill(0)], trained.head.predict(testRows, 40));
    expect(scores.balancedAccuracy).toBe(1);
    expect(trained.epochs[0].loss).toBeGreaterThan(trained.epochs[trained.bestEpoch - 1].loss);
  }, 30_000); // seconds alone; the shared machine can be slow

  it('refuses to train without both classes', async () => {
    await expect(trainSentimentHead(new Float32Array(8), [1, 1, 1, 1], { dimension: 2, encoderKey: 'x' })).rejects.toThrow(/at least 2 positive and 2 negative/);
  });
});

describe('per-product sentiment, trend and covariate', () => {
  it('finds an improving trend with a hand-computed slope', () => {
    // Scores rise 0.1 per 30-day step, exactly linear: slope per month = 0.1 × (365.25/12) / 30.
    const dated = Array.from({ length: 8 }, (_, i) => ({ day: 1000 + 30 * i, score: 0.2 + 0.1 * i }));
    const trend = sentimentTrend(dated);
    expect(trend.kind).toBe('improving');
    if (trend.kind !== 'none') expect(trend.slopePerMonth).toBeCloseTo((0.1 * 365.25) / 12 / 30, 9);
    expect(sentimentTrend(dated.slice(0, 5))).toEqual({ kind: 'none', reason: 'needs at least 8 dated reviews, has 5' });
    // Alternating scores have no trend.
    const flat = Array.from({ length: 12 }, (_, i) => ({ day: 1000 + 20 * i, score: i % 2 === 0 ? 0.2 : 0.8 }));
    expect(sentimentTrend(flat).kind).toBe('steady');
  });

  it('summarises per product: mean score, share positive, mean stars and monthly means', () => {
    const [a, b] = summariseSentiment([
      { sku: 'B', score: 0.2, rating: 1 },
      { sku: 'A', score: 0.9, rating: 5, date: '2024-01-05' },
      { sku: 'A', score: 0.7, rating: 4, date: '2024-01-20T10:00' },
      { sku: 'A', score: 0.1, rating: 1, date: '2024-02-01' },
    ]);
    expect(a).toMatchObject({ sku: 'A', reviews: 3, meanRating: 10 / 3 });
    expect(a.meanScore).toBeCloseTo(1.7 / 3, 12);
    expect(a.positiveShare).toBeCloseTo(2 / 3, 12);
    expect(a.monthly).toEqual([{ month: '2024-01', meanScore: expect.closeTo(0.8, 12), reviews: 2 }, { month: '2024-02', meanScore: 0.1, reviews: 1 }]);
    expect(b).toMatchObject({ sku: 'B', reviews: 1, meanScore: 0.2, positiveShare: 0, trend: { kind: 'none' } });
  });

  it('turns reviews into a daily covariate without look-ahead (exponentially weighted mean)', () => {
    const d0 = isoToDay('2024-01-01');
    // Reviews on day 1 (score 1) and day 3 (score 0), half-life 2 days:
    // day 0 NaN; days 1–2: 1; day 3: (1·0.5 + 0) / (0.5 + 1) = 1/3
    const c = sentimentCovariate([{ day: d0 + 3, score: 0 }, { day: d0 + 1, score: 1 }], d0, 5, 2);
    expect(Number.isNaN(c[0])).toBe(true);
    expect(Array.from(c.slice(1))).toEqual([1, 1, expect.closeTo(1 / 3, 6), expect.closeTo(1 / 3, 6)]);
  });
});
