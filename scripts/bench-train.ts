/**
 * Training speed of the Transformer in Node.
 *
 * Throughput per backend — windows per second of full training steps (forward, backward, AdamW)
 * after a warm-up step, on synthetic series:
 *   npm run bench:train -- [--backends wasm,cpu] [--threads 1] [--batch 128] [--steps 20]
 *
 * The fine-tuning target — the app's whole fine-tune job (training with early stopping, path
 * calibration and the keep-or-reject backtest) from the shipped weights on 1,000 products × 2 years:
 *   npm run bench:train -- --finetune [--products 1000] [--days 730]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import {
  DEFAULT_CONFIG, fineTune, generateSynthetic, PatchTransformer, prepareSeries, trainModel, type NeuralConfig,
} from '../src/core/neural/runtime';
import { initNodeBackend, readShippedModel, type NodeBackendName } from '../src/cli/node';

const { values: args } = parseArgs({
  options: {
    backends: { type: 'string', default: 'wasm,cpu' },
    threads: { type: 'string', default: '1' },
    batch: { type: 'string', default: '128' },
    steps: { type: 'string', default: '20' },
    config: { type: 'string' },
    finetune: { type: 'boolean', default: false },
    products: { type: 'string', default: '1000' },
    days: { type: 'string', default: '730' },
    model: { type: 'string', default: 'public/models/shelfcast-transformer' },
  },
});

if (args.finetune) {
  const choice = await initNodeBackend(['wasm', 'cpu'], Number(args.threads));
  // A seed the pre-training never used: these products are new to the model.
  const series = generateSynthetic({ count: Number(args.products), days: Number(args.days), seed: 777 });
  const parent = await readShippedModel(args.model);
  console.log(`fine-tuning ${series.length} products × ${args.days} days from ${args.model} on ${choice.backend}`);
  const started = performance.now();
  let lastEpoch = -1;
  const outcome = await fineTune({
    parent, series, freeze: 'all',
    train: {
      onProgress: (p) => {
        if (p.phase === 'epoch' && p.epoch !== lastEpoch) {
          lastEpoch = p.epoch;
          console.log(`  epoch ${p.epoch}: val loss ${p.valLoss?.toFixed(4)} at ${(p.elapsedMs / 1000).toFixed(0)} s` +
            (p.windowsPerSecond ? `, ${p.windowsPerSecond.toFixed(0)} windows/s` : ''));
        }
      },
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const r = outcome.result;
  console.log(`whole fine-tune job: ${seconds.toFixed(1)} s (training ${r.seconds.toFixed(1)} s: ${r.epochs.length} epochs, ` +
    `${r.windowsSeen} windows at ${r.trainWindowsPerSecond.toFixed(0)} windows/s, stopped: ${r.stoppedBecause}; ` +
    `val loss ${r.initialValLoss.toFixed(4)} → ${r.bestValLoss.toFixed(4)})`);
  console.log(`backtest on the last ${outcome.backtest.horizon} days: scaled pinball ${outcome.backtest.model.scaledPinball.toFixed(4)} ` +
    `vs ${outcome.backtest.parent.scaledPinball.toFixed(4)} for the shipped weights → ${outcome.keep ? 'kept' : 'not kept'}`);
  console.log(`target ≤ 180 s on 2 CPU cores: ${seconds <= 180 ? 'met' : 'NOT met'}`);
} else {
  const cfg: NeuralConfig = { ...DEFAULT_CONFIG, ...(args.config ? JSON.parse(args.config) as Partial<NeuralConfig> : {}) };
  const batch = Number(args.batch);
  const steps = Number(args.steps);
  const data = generateSynthetic({ count: 200, days: 730, seed: 5 })
    .map((s) => prepareSeries(s, { categoryBuckets: cfg.categoryBuckets, priceIsPlanned: true }));
  for (const backend of (args.backends as string).split(',') as NodeBackendName[]) {
    let choice;
    try {
      choice = await initNodeBackend([backend], Number(args.threads));
    } catch (error) {
      console.log(`${backend}${backend === 'wasm' ? ` (threads ${args.threads})` : ''}: unavailable — ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const model = new PatchTransformer(cfg);
    const options = { freeze: 'all' as const, maxEpochs: 1, batchSize: batch, peakLearningRate: 1e-3, patience: 99 };
    await trainModel(model, data, { ...options, windowsPerSeries: 1, maxWindowsPerEpoch: batch }); // warm-up
    const result = await trainModel(model, data, { ...options, windowsPerSeries: Math.ceil((batch * steps) / data.length), maxWindowsPerEpoch: batch * steps });
    console.log(`${choice.backend}${backend === 'wasm' ? ` (threads ${args.threads})` : ''}: ${result.trainWindowsPerSecond.toFixed(0)} windows/s ` +
      `(batch ${batch}, ${result.windowsSeen} windows, ${model.parameterCount} parameters, patch ${cfg.patch}, dModel ${cfg.dModel}, layers ${cfg.layers})`);
    model.dispose();
    if (tf.memory().numTensors !== 0) console.log(`  tensors left: ${tf.memory().numTensors}`);
  }
}
