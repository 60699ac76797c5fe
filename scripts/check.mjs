// `npm run check`: every room type-checked with its own globals (a tsconfig.json per room: core has
// neither DOM nor Node types; incremental, so a second run is quick), the Svelte page with svelte-check, and the import rules between rooms
// (.dependency-cruiser.cjs). Two at a time; prints each one's time and fails if any fails.
import { spawn } from 'node:child_process';

const CHECKS = [
  ['page (src/app, bridge, i18n)', 'svelte-check', ['--tsconfig', './tsconfig.json', '--output', 'human']],
  ['core', 'tsc', ['-p', 'src/core/tsconfig.json']],
  ['db', 'tsc', ['-p', 'src/db/tsconfig.json']],
  ['workers + jobs', 'tsc', ['-p', 'workers/tsconfig.json']],
  ['cli', 'tsc', ['-p', 'src/cli/tsconfig.json']],
  ['tests, scripts, config files', 'tsc', ['-p', 'tests/tsconfig.json']],
  ['room boundaries', 'depcruise', ['src', 'workers', '--config', '.dependency-cruiser.cjs']],
];
const PARALLEL = 2;

function run([name, command, args]) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(`node_modules/.bin/${command}`, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('close', (code) => resolve({ name, ok: code === 0, output, seconds: (performance.now() - started) / 1000 }));
  });
}

const started = performance.now();
const queue = [...CHECKS];
const results = [];
await Promise.all(Array.from({ length: PARALLEL }, async () => {
  while (queue.length > 0) {
    const result = await run(queue.shift());
    console.log(`${result.ok ? 'ok    ' : 'FAILED'} ${result.name} (${result.seconds.toFixed(1)} s)`);
    if (!result.ok) console.log(result.output.split('\n').filter((line) => !line.startsWith('npm warn')).join('\n'));
    results.push(result);
  }
}));
const failed = results.filter((r) => !r.ok).map((r) => r.name);
console.log(`check: ${failed.length === 0 ? 'all passed' : `failed: ${failed.join(', ')}`} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed.length === 0 ? 0 : 1);
