/**
 * Training throughput of the Transformer in headless Chromium, per tfjs backend (WebGPU — on
 * SwiftShader here, i.e. on the CPU —, WebGL through ANGLE/SwiftShader, WASM, CPU): full training
 * steps (forward, backward, AdamW) in the training worker, after a warm-up step.
 *
 *   npm run bench:train:browser -- [--port 5203] [--backends webgpu,webgl,wasm,cpu] [--steps 4] [--batch 64]
 *
 * Starts the Vite dev server itself on --port and imports the worker bridge into the page.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '5203' },
    backends: { type: 'string', default: 'webgpu,webgl,wasm,cpu' },
    steps: { type: 'string', default: '4' },
    batch: { type: 'string', default: '64' },
    config: { type: 'string' },
  },
});

const port = Number(args.port);
const server = spawn('npx', ['vite', '--port', String(port), '--strictPort'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
await new Promise<void>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('the dev server did not start in 60 s')), 60_000);
  server.stdout.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('Local:')) {
      clearTimeout(timer);
      resolve();
    }
  });
  server.on('exit', (code) => reject(new Error(`the dev server exited with ${code}`)));
});

const QUIET = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const WEBGPU = [
  '--headless=new', '--enable-unsafe-webgpu', '--enable-features=Vulkan,WebGPU', '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader', '--disable-vulkan-surface', '--use-angle=swiftshader',
];
const browser = await chromium.launch({
  executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
  args: [...QUIET, ...WEBGPU],
  ignoreDefaultArgs: ['--headless'],
});
try {
  const page = await browser.newPage();
  // (The dev server injects styles inline, which the app's CSP refuses: noise, not a failure.)
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('inline style')) console.error(`  [page] ${m.text()}`); });
  await page.goto(`http://localhost:${port}/`);
  console.log(`headless Chromium ${browser.version()}, batch ${args.batch}, ${args.steps} timed steps after 1 warm-up step`);
  for (const backend of (args.backends as string).split(',')) {
    const started = Date.now();
    try {
      const result = await page.evaluate(async (job) => {
        const modulePath = '/src/bridge/train.ts'; // served by the dev server
        const bridge = (await import(/* @vite-ignore */ modulePath)) as typeof import('../src/bridge/train');
        return bridge.benchmarkTraining(job as Parameters<typeof bridge.benchmarkTraining>[0]);
      }, { backend, steps: Number(args.steps), batchSize: Number(args.batch), config: args.config ? JSON.parse(args.config) : undefined });
      console.log(`${backend.padEnd(7)} ran on ${result.backend}: ${result.windowsPerSecond.toFixed(1)} windows/s ` +
        `(first step ${(result.firstStepMs / 1000).toFixed(1)} s, ${result.windows} windows timed, ${result.parameters} parameters, ` +
        `${result.numTensorsAfter} tensors left) — ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
    } catch (error) {
      console.log(`${backend.padEnd(7)} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
} finally {
  await browser.close();
  if (server.pid) process.kill(-server.pid);
}
