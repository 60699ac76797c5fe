import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { inspectFile, reportOf, stageImport } from '../../../../src/core/ingest';
import {
  DEFAULT_NGRAM_SENTIMENT, dominantLanguage, labelFromRating, NgramTitleIndex, sentimentFeatures, stratifiedSplit, binaryScores, summariseSentiment,
  trainNgramSentiment,
} from '../../../../src/core/text';

/** The Chinese demo shop in public/demo/zh (scripts/make-demo-zh.ts): what the demo button loads. */
const SALES = 'public/demo/zh/demo-sales-zh.csv';
const REVIEWS = 'public/demo/zh/demo-reviews-zh.csv';
const read = (path: string) => readFileSync(path, 'utf8');

describe('Chinese demo files', () => {
  it('are read without questions, as sales and as reviews', async () => {
    for (const [path, kind] of [[SALES, 'sales'], [REVIEWS, 'reviews']] as const) {
      const blob = new Blob([read(path)]);
      const inspection = await inspectFile(blob, path);
      expect(inspection.confident, `${path}: ${inspection.questions.join(' ')}`).toBe(true);
      expect(inspection.plan.kind).toBe(kind);
      const staged = await stageImport(blob, path, inspection.headers, inspection.plan);
      const report = reportOf(staged, inspection.notes, inspection.layout);
      expect(report.rowsRejected).toBe(0);
      expect(report.rowsAccepted).toBe(read(path).trim().split('\n').length - 1);
    }
  });

  it('have Chinese names and reviews that the n-gram route reads, and a sentiment model that works on them', () => {
    const sales = Papa.parse<{ sku: string; name: string }>(read(SALES), { header: true, skipEmptyLines: true }).data;
    const names = new Map(sales.map((r) => [r.sku, r.name]));
    expect(names.size).toBe(24);
    expect(dominantLanguage([...names.values()])).toBe('zh');
    // Names within a group share their product word: the nearest neighbour is in the same group (sku prefix).
    const index = new NgramTitleIndex([...names.entries()]);
    const group = (sku: string) => sku.replace(/-\d+$/, '');
    const same = [...names.keys()].filter((sku) => group(index.neighboursOf(sku, 1)[0].key) === group(sku)).length;
    expect(same / names.size).toBeGreaterThanOrEqual(0.8);

    const rows = Papa.parse<{ sku: string; date: string; review: string; rating: string }>(read(REVIEWS), { header: true, skipEmptyLines: true }).data;
    const reviews = rows.flatMap((r) => { const label = labelFromRating(Number(r.rating)); return label === undefined ? [] : [{ text: r.review, label }]; });
    expect(dominantLanguage(reviews.map((r) => r.text))).toBe('zh');
    const split = stratifiedSplit(reviews.map((r) => r.label), 0.2, 11);
    const trained = trainNgramSentiment(split.train.map((i) => sentimentFeatures(reviews[i].text)), split.train.map((i) => reviews[i].label), DEFAULT_NGRAM_SENTIMENT);
    const scores = binaryScores(split.test.map((i) => reviews[i].label), trained.model.predictTexts(split.test.map((i) => reviews[i].text)));
    expect(scores.balancedAccuracy).toBeGreaterThan(0.9);

    // ZH-CABLE-02's bad batch from January 2025: its scored reviews trend downwards, the most steeply of all.
    const scored = trained.model.predictTexts(rows.map((r) => r.review));
    const summaries = summariseSentiment(rows.map((r, i) => ({ sku: r.sku, date: r.date, rating: Number(r.rating), score: scored[i] })));
    expect(summaries.find((s) => s.sku === 'ZH-CABLE-02')?.trend.kind).toBe('worsening');
    const slope = (s: (typeof summaries)[number]) => (s.trend.kind === 'none' ? 0 : s.trend.slopePerMonth);
    expect([...summaries].sort((a, b) => slope(a) - slope(b))[0].sku).toBe('ZH-CABLE-02');
  });
});
