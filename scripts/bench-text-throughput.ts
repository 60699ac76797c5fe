/**
 * Embedding throughput (texts per second) per encoder and backend in headless Chromium, through the
 * app's own worker code (workers/textRuntime.ts): USE-lite on tfjs wasm / cpu / webgl / webgpu, and
 * transformers.js on wasm / webgpu with (a) the synthetic bow-random-bert fixture (tokeniser and
 * plumbing cost only) and (b) a generated model with all-MiniLM-L6-v2's exact shape and random
 * weights (the real model's arithmetic, fp32). WebGPU runs on SwiftShader (the CPU): there is no GPU
 * on this machine, so real-GPU numbers cannot be measured here.
 *
 * Texts: Online Retail product descriptions (short titles) and Women's Clothing reviews (~60 words).
 *
 *   npm run bench:text-throughput [-- --only use-lite --port 5204]
 */
import { parseArgs } from 'node:util';
import type { BackendName } from '../src/core/neural';
import type { EncoderChoice } from '../src/core/text';
import { demoResponsiveness, FIXTURE_MODEL_DIR, openBench, startServer, stopServer, type BenchBrowser } from './bench-text/browser';
import { loadClothingReviews, loadOnlineRetail } from './bench-text/data';
import { writeMiniLmShaped } from './bench-text/minilmShaped';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    'skip-demo': { type: 'boolean', default: false },
    port: { type: 'string', default: '5204' },
    'batch-size': { type: 'string', default: '32' },
  },
});
const batchSize = Number(args['batch-size']);

const titles = [...new Set(loadOnlineRetail().products.map((p) => p.name))];
const reviews = loadClothingReviews().map((r) => r.text);
// Bench-only models are served by the dev server from their folders (a base URL per case), never
// copied into public/: transformers.js reads <base>models/<model id>/.
const MINILM_DIR = 'reports/bench-cache/models/bench/minilm-l6-shaped-random';
writeMiniLmShaped(MINILM_DIR, `${FIXTURE_MODEL_DIR}/test-fixtures/bow-random-bert`);

interface Case {
  name: string;
  /** Folder (relative to the repository) whose models/ holds the transformers.js model. */
  modelRoot?: string;
  encoder: EncoderChoice;
  backends?: BackendName[];
  webgpu?: boolean;
  texts: 'titles' | 'reviews';
  n: number;
}
const fixture = (device: 'wasm' | 'webgpu'): EncoderChoice => ({ kind: 'transformers', model: 'test-fixtures/bow-random-bert', device, dtype: 'fp32' });
const minilm = (device: 'wasm' | 'webgpu'): EncoderChoice => ({ kind: 'transformers', model: 'bench/minilm-l6-shaped-random', device, dtype: 'fp32' });
const FIXTURE_ROOT = 'tests/fixtures/';
const MINILM_ROOT = 'reports/bench-cache/';
const USE: EncoderChoice = { kind: 'use-lite' };
const allCases: Case[] = [
  { name: 'USE-lite', encoder: USE, backends: ['wasm'], texts: 'titles', n: 1024 },
  { name: 'USE-lite', encoder: USE, backends: ['wasm'], texts: 'reviews', n: 128 },
  { name: 'USE-lite', encoder: USE, backends: ['cpu'], texts: 'titles', n: 64 },
  { name: 'USE-lite', encoder: USE, backends: ['webgl'], texts: 'titles', n: 64 },
  { name: 'USE-lite', encoder: USE, backends: ['webgpu'], webgpu: true, texts: 'titles', n: 64 },
  { name: 'transformers.js fixture (bow-random-bert)', encoder: fixture('wasm'), modelRoot: FIXTURE_ROOT, texts: 'titles', n: 1024 },
  { name: 'transformers.js fixture (bow-random-bert)', encoder: fixture('webgpu'), modelRoot: FIXTURE_ROOT, webgpu: true, texts: 'titles', n: 256 },
  { name: 'transformers.js MiniLM-L6-shaped (random, fp32)', encoder: minilm('wasm'), modelRoot: MINILM_ROOT, texts: 'titles', n: 256 },
  { name: 'transformers.js MiniLM-L6-shaped (random, fp32)', encoder: minilm('wasm'), modelRoot: MINILM_ROOT, texts: 'reviews', n: 64 },
  { name: 'transformers.js MiniLM-L6-shaped (random, fp32)', encoder: minilm('webgpu'), modelRoot: MINILM_ROOT, webgpu: true, texts: 'titles', n: 64 },
];
const cases = allCases.filter((c) => !args.only || c.name.toLowerCase().includes(args.only.toLowerCase()));

const baseUrl = await startServer(Number(args.port));
const rows: string[] = [];
let browser: { webgpu: boolean; bench: BenchBrowser } | undefined;
try {
  for (const c of cases) {
    const webgpu = c.webgpu ?? false;
    if (!browser || browser.webgpu !== webgpu) {
      await browser?.bench.close();
      // A throwaway profile: no embedding cache must make a run look faster than it is.
      browser = { webgpu, bench: await openBench(baseUrl, { webgpu, profile: `reports/bench-cache/throughput-profile-${webgpu ? 'webgpu' : 'plain'}` }) };
    }
    const texts = (c.texts === 'titles' ? titles : reviews).slice(0, c.n);
    const backend = c.encoder.kind === 'use-lite' ? `tfjs ${c.backends?.join('/')}` : `onnxruntime ${c.encoder.device}`;
    const label = `${c.name.padEnd(48)} ${backend.padEnd(18)} ${c.texts.padEnd(8)}`;
    try {
      const r = await browser.bench.run('throughput', {
        encoder: c.encoder, backends: c.backends, texts, batchSize, baseUrl: c.modelRoot ? new URL(c.modelRoot, baseUrl).href : undefined,
      });
      const actual = r.tfBackend ? `tfjs ${r.tfBackend}` : r.device;
      rows.push(`${label} ${String(r.n).padStart(5)} ${(r.loadMs / 1000).toFixed(1).padStart(7)} ${(r.warmMs / 1000).toFixed(2).padStart(8)} ${r.textsPerSecond.toFixed(1).padStart(9)}  ${actual}`);
    } catch (error) {
      rows.push(`${label}   failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 160)}`);
    }
    console.log(rows[rows.length - 1]);
  }
  await browser?.bench.close();
  browser = undefined;
  if (!args['skip-demo']) {
    // The seller's view: the demo page while its 120 names are embedded in the worker.
    const demo = await demoResponsiveness(baseUrl);
    rows.push(`demo page (?demo): names embedded ${(demo.embedMs / 1000).toFixed(1)} s after the text job started; ` +
      `main-thread long tasks meanwhile: ${demo.longTasks}, longest ${demo.longestMs.toFixed(0)} ms — ${demo.status.replace(/\s+/g, ' ')}`);
    console.log(rows[rows.length - 1]);
  }
} finally {
  await browser?.bench.close();
  await stopServer();
}
console.log(`\n${'encoder'.padEnd(48)} ${'backend'.padEnd(18)} ${'texts'.padEnd(8)} ${'n'.padStart(5)} ${'load s'.padStart(7)} ${'warm-up'.padStart(8)} ${'texts/s'.padStart(9)}  (batch ${batchSize})`);
for (const row of rows) console.log(row);
console.log('\nHeadless Debian Chromium; WebGPU = SwiftShader on the CPU (no GPU here: real-GPU throughput not measured).');
