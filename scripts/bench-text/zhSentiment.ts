/**
 * The Chinese half of npm run bench:text-sentiment (--lang zh, or --train/--test files): trains the
 * app's n-gram sentiment model in a worker of headless Chromium and scores it on categories it never
 * saw; with --compare also the small Transformer encoder on tfjs WASM. Prints one line per category
 * and, last, one line of JSON.
 */
import { stratifiedSplit, type BinaryScores } from '../../src/core/text';
import type { BenchBrowser } from './browser';
import { loadLabelledReviews, loadZhCatalogue, type LabelledReview } from './data';

export const ZH_DEV = '../shared/data/chinese-reviews-dev/reviews_zh_dev.csv.gz';

export interface ZhOptions {
  trainFile?: string;
  testFile?: string;
  trainFraction: number;
  seed: number;
  compare: boolean;
  /** Leave the lexicon features out (to measure what they add). */
  noLexicon: boolean;
  /** Reviews the Transformer trains on, and reviews per test category it is scored on (WASM is slow). */
  transformerRows: number;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const set = (name: string, rows: readonly LabelledReview[]) => ({ name, texts: rows.map((r) => r.review), labels: rows.map((r) => r.label as number) });
const line = (s: BinaryScores) => `balanced accuracy ${pct(s.balancedAccuracy)} (positive ${pct(s.recallPositive)}, negative ${pct(s.recallNegative)})`;

/** A stratified subsample of `n` rows (all of them when there are fewer). */
function sample(rows: readonly LabelledReview[], n: number, seed: number): LabelledReview[] {
  if (rows.length <= n) return [...rows];
  return stratifiedSplit(rows.map((r) => r.label), n / rows.length, seed).test.map((i) => rows[i]);
}

export async function runZh(bench: BenchBrowser, options: ZhOptions): Promise<void> {
  const catalogue = loadZhCatalogue();
  if (options.trainFile || options.testFile) {
    if (!options.trainFile || !options.testFile) throw new Error('--train and --test go together: give both files (columns cat,label,review)');
    const train = loadLabelledReviews(options.trainFile);
    const test = loadLabelledReviews(options.testFile);
    console.log(`train ${options.trainFile}: ${train.length} reviews (${train.filter((r) => r.label === 1).length} positive); test ${options.testFile}: ${test.length} reviews`);
    const result = await bench.run('ngramSentiment', { config: { lexicon: !options.noLexicon }, train: set('train', train), tests: [set('test', test)] });
    const scores = result.tests[0].scores;
    console.log(`n-gram + lexicon logistic regression (plain JS in a Chromium worker): features ${seconds(result.featureMs)}, training ${seconds(result.trainMs)} (${result.epochs} epochs, best ${result.bestEpoch})`);
    console.log(`test: ${line(scores)}`);
    let transformer: number | undefined;
    if (options.compare) {
      const t = await bench.run('transformerSentiment', {
        backends: ['wasm'], train: set('train', sample(train, options.transformerRows, options.seed)), tests: [set('test', sample(test, options.transformerRows, options.seed))],
      });
      transformer = t.tests[0].scores.balancedAccuracy;
      console.log(`small Transformer (tfjs ${t.backend}, ${t.weights} weights, trained on ${Math.min(train.length, options.transformerRows)} reviews in ${seconds(t.trainMs)}): test ${line(t.tests[0].scores)}`);
    }
    console.log(JSON.stringify({ balancedAccuracy: scores.balancedAccuracy, recallPositive: scores.recallPositive, recallNegative: scores.recallNegative, n: test.length, trainMs: result.trainMs, transformer }));
    return;
  }

  const all = loadLabelledReviews(ZH_DEV);
  const categories = [...new Set(all.map((r) => r.cat))];
  console.log(`${ZH_DEV}: ${all.length} reviews in ${categories.length} categories (${categories.join(', ')})`);
  const unseen: Record<string, Record<string, number>> = {};
  const seen: Record<string, number> = {};
  const trainMs: number[] = [];
  const transformerUnseen: Record<string, Record<string, number>> = {};
  for (const category of categories) {
    const own = all.filter((r) => r.cat === category);
    const split = stratifiedSplit(own.map((r) => r.label), 1 - options.trainFraction, options.seed);
    const train = split.train.map((i) => own[i]);
    const others = categories.filter((c) => c !== category);
    const tests = [set(`${category} (held-out ${split.test.length})`, split.test.map((i) => own[i])), ...others.map((c) => set(c, all.filter((r) => r.cat === c)))];
    const result = await bench.run('ngramSentiment', { config: { lexicon: !options.noLexicon }, train: set(category, train), tests });
    trainMs.push(result.trainMs);
    console.log(`trained on ${train.length} ${category} reviews: features ${seconds(result.featureMs)}, training ${seconds(result.trainMs)} (${result.epochs} epochs, best ${result.bestEpoch}); scoring ${result.scored} reviews ${seconds(result.scoreMs)}`);
    seen[category] = result.tests[0].scores.balancedAccuracy;
    console.log(`  same category, held out   ${tests[0].name}: ${line(result.tests[0].scores)}`);
    unseen[category] = {};
    for (const t of result.tests.slice(1)) {
      unseen[category][t.name] = t.scores.balancedAccuracy;
      console.log(`  unseen category ${t.name.padEnd(10)} (${t.n}): ${line(t.scores)}`);
    }
    if (options.compare) {
      const small = sample(train, options.transformerRows, options.seed);
      const t = await bench.run('transformerSentiment', {
        backends: ['wasm'], train: set(category, small), tests: others.map((c) => set(c, sample(all.filter((r) => r.cat === c), options.transformerRows, options.seed))),
      });
      const fine = t.reports.filter((r) => r.stage === 'sentiment');
      console.log(`  small Transformer (tfjs ${t.backend}, vocabulary ${t.vocabulary}, ${t.weights} weights) trained on ${small.length} reviews in ${seconds(t.trainMs)}, ${fine.length} fine-tuning epochs:`);
      transformerUnseen[category] = {};
      for (const r of t.tests) {
        transformerUnseen[category][r.name] = r.scores.balancedAccuracy;
        console.log(`    unseen category ${r.name.padEnd(10)} (${r.n}): ${line(r.scores)}`);
      }
      // The n-gram model on the same reduced training set, for a like-for-like comparison.
      const same = await bench.run('ngramSentiment', { config: { lexicon: !options.noLexicon }, train: set(category, small), tests: others.map((c) => set(c, sample(all.filter((r) => r.cat === c), options.transformerRows, options.seed))) });
      console.log(`    n-gram model on the same ${small.length} reviews: ${same.tests.map((r) => `${r.name} ${pct(r.scores.balancedAccuracy)}`).join(', ')}`);
    }
  }
  const unseenValues = Object.values(unseen).flatMap((m) => Object.values(m));
  const mean = unseenValues.reduce((a, b) => a + b, 0) / unseenValues.length;
  console.log(`unseen categories: mean balanced accuracy ${pct(mean)}, lowest ${pct(Math.min(...unseenValues))} (target ≥ 88%)`);
  console.log(`training time, plain JS in a Chromium worker: ${trainMs.map(seconds).join(', ')}`);

  const similarity = await bench.run('titleSimilarity', {
    backends: ['wasm'], titles: catalogue.map((p) => p.name), groups: catalogue.map((p) => p.group), transformer: options.compare,
    options: { pretrainEpochs: 30, batchSize: 16 },
  });
  const groups = new Set(catalogue.map((p) => p.group)).size;
  console.log(`catalogue similarity (${catalogue.length} Chinese titles, ${groups} groups): nearest neighbour in the same group for ${pct(similarity.ngram)} with TF-IDF n-grams (the app's method)`
    + (similarity.transformer !== undefined ? `; ${pct(similarity.transformer)} with the small Transformer pre-trained on the titles (tfjs ${similarity.backend}, ${seconds(similarity.transformerMs ?? 0)})` : ''));
  console.log(JSON.stringify({
    lang: 'zh', seen, unseen, meanUnseen: mean, minUnseen: Math.min(...unseenValues), trainMs,
    similaritySameGroup: similarity.ngram, transformerUnseen: options.compare ? transformerUnseen : undefined,
    transformerSimilaritySameGroup: similarity.transformer,
  }));
}
