/**
 * Review sentiment on Women's E-Commerce Clothing Reviews (CC0): 4–5★ positive, 1–2★ negative, 3★
 * dropped; stratified 80/20 split; the app's class-balanced head trained in headless Chromium on
 * USE-lite embeddings (computed in the same worker code as the app, cached in IndexedDB between runs).
 * Prints balanced accuracy on the held-out 20% and the head's training time.
 *
 *   npm run bench:text-sentiment [-- --limit 4000 --train-backend wasm --hidden 32 --port 5204]
 *
 * Chinese (scripts/bench-text/zhSentiment.ts): the app's n-gram model trained on part of one category
 * of ../shared/data/chinese-reviews-dev and scored on the other categories, or on any two CSVs with
 * the columns cat,label,review; --compare adds the small Transformer encoder on tfjs WASM.
 *
 *   npm run bench:text-sentiment -- --lang zh [--compare] [--transformer-rows 2000]
 *   npm run bench:text-sentiment -- --train train.csv --test test.csv
 *
 * English with the n-gram model instead of USE-lite, on the same split (to compare the two):
 *
 *   npm run bench:text-sentiment -- --method ngram [--limit 4000]
 */
import { parseArgs } from 'node:util';
import { labelFromRating, stratifiedSplit } from '../src/core/text';
import { openBench, startServer, stopServer } from './bench-text/browser';
import { loadClothingReviews } from './bench-text/data';
import { runZh } from './bench-text/zhSentiment';

const { values: args } = parseArgs({
  options: {
    limit: { type: 'string' },
    'train-backend': { type: 'string', default: 'wasm' },
    hidden: { type: 'string' },
    port: { type: 'string', default: '5204' },
    seed: { type: 'string', default: '2026' },
    lang: { type: 'string', default: 'en' },
    train: { type: 'string' },
    test: { type: 'string' },
    'train-fraction': { type: 'string', default: '0.8' },
    compare: { type: 'boolean', default: false },
    'no-lexicon': { type: 'boolean', default: false },
    method: { type: 'string', default: 'use-lite' },
    'transformer-rows': { type: 'string', default: '2000' },
  },
});

if (args.lang === 'zh' || args.train || args.test) {
  const baseUrl = await startServer(Number(args.port));
  const bench = await openBench(baseUrl);
  try {
    await runZh(bench, {
      trainFile: args.train, testFile: args.test, trainFraction: Number(args['train-fraction']), seed: Number(args.seed),
      compare: args.compare ?? false, noLexicon: args['no-lexicon'] ?? false, transformerRows: Number(args['transformer-rows']),
    });
  } finally {
    await bench.close();
    await stopServer();
  }
  process.exit(0);
}

const reviews = loadClothingReviews().flatMap((r) => {
  const label = labelFromRating(r.rating);
  return label === undefined ? [] : [{ ...r, label }];
});
let used = reviews;
if (args.limit) {
  // A stratified subsample, for quick runs: the same positive/negative ratio as the whole set.
  const keep = stratifiedSplit(reviews.map((r) => r.label), Number(args.limit) / reviews.length, Number(args.seed) + 1).test;
  used = keep.map((i) => reviews[i]);
}
const labels = used.map((r) => r.label);
const { train, test } = stratifiedSplit(labels, 0.2, Number(args.seed));
const count = (idx: number[], label: number) => idx.filter((i) => labels[i] === label).length;
console.log(`reviews with text and a 1,2,4,5★ rating: ${used.length} (positive ${count(train, 1) + count(test, 1)}, negative ${count(train, 0) + count(test, 0)})`);
console.log(`stratified split: train ${train.length} (${count(train, 1)} pos / ${count(train, 0)} neg), test ${test.length} (${count(test, 1)} pos / ${count(test, 0)} neg)`);

const baseUrl = await startServer(Number(args.port));
const bench = await openBench(baseUrl);
if (args.method === 'ngram') {
  try {
    const set = (idx: number[]) => ({ name: 'test', texts: idx.map((i) => used[i].text), labels: idx.map((i) => labels[i]) });
    const result = await bench.run('ngramSentiment', { config: { lexicon: false }, train: set(train), tests: [set(test)] });
    const s = result.tests[0].scores;
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    console.log(`n-gram logistic regression (no lexicon: it is Chinese), plain JS in a Chromium worker: features ${(result.featureMs / 1000).toFixed(1)} s, training ${(result.trainMs / 1000).toFixed(1)} s, ${result.epochs} epochs (best ${result.bestEpoch})`);
    console.log(`held-out: balanced accuracy ${pct(s.balancedAccuracy)} (recall positive ${pct(s.recallPositive)}, negative ${pct(s.recallNegative)}); plain accuracy ${pct(s.accuracy)}`);
    console.log(JSON.stringify({ method: 'ngram', balancedAccuracy: s.balancedAccuracy, n: test.length, trainMs: result.trainMs }));
  } finally {
    await bench.close();
    await stopServer();
  }
  process.exit(0);
}
try {
  const result = await bench.run('sentiment', {
    encoder: { kind: 'use-lite' }, backends: ['wasm'], texts: used.map((r) => r.text), labels, train, test, batchSize: 32,
    trainBackend: args['train-backend'] as 'wasm', head: args.hidden === undefined ? {} : { hidden: Number(args.hidden) },
  });
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(`embeddings: ${result.computed} computed + ${result.cached} from the IndexedDB cache in ${(result.embedMs / 1000).toFixed(1)} s (${result.device})`);
  console.log(`head trained on tfjs ${result.trainBackend} in ${(result.trainMs / 1000).toFixed(1)} s, ${result.epochs} epochs (best ${result.bestEpoch}), class weights neg ${result.classWeights[0].toFixed(2)} / pos ${result.classWeights[1].toFixed(2)}`);
  const s = result.scores;
  console.log(`held-out: balanced accuracy ${pct(s.balancedAccuracy)} (recall positive ${pct(s.recallPositive)}, negative ${pct(s.recallNegative)}); plain accuracy ${pct(s.accuracy)}; tp ${s.tp} fn ${s.fn} tn ${s.tn} fp ${s.fp}`);
  console.log(`training set: balanced accuracy ${pct(result.trainScores.balancedAccuracy)}; always-positive baseline: balanced accuracy 50.0%`);
} finally {
  await bench.close();
  await stopServer();
}
