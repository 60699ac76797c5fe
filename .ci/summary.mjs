// Prints one plain line "N passed, N failed" from the unit (vitest) and e2e (Playwright) JSON
// reports. A missing report means that stage never ran, which counts as a failure.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;

function read(path, stage) {
  if (!existsSync(path)) {
    console.log(`${stage}: no report at ${path} (the stage did not run or crashed)`);
    failed += 1;
    return undefined;
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}

const check = read('reports/check.json', 'type check');
if (check) {
  if (check.ok) passed += 1;
  else failed += 1;
  console.log(`type check (svelte-check + tsc): ${check.ok ? 'passed' : 'FAILED'}`);
}

const unit = read('reports/unit.json', 'unit tests');
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  // A test file that fails to load has no test results but makes the run fail.
  if (unit.numFailedTestSuites > 0 && unit.numFailedTests === 0) failed += unit.numFailedTestSuites;
  console.log(`unit tests: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed`);
}

const e2e = read('reports/e2e.json', 'e2e tests');
if (e2e) {
  const ok = e2e.stats.expected + e2e.stats.flaky;
  const bad = e2e.stats.unexpected + (e2e.errors?.length ?? 0);
  passed += ok;
  failed += bad;
  console.log(`e2e tests: ${ok} passed, ${bad} failed${e2e.stats.skipped ? `, ${e2e.stats.skipped} skipped` : ''}`);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
