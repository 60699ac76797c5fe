// `npm test`: type check, unit tests, then the production build and the browser tests. Every stage
// runs even if an earlier one failed, so one report shows everything; the exit code is non-zero if
// any stage failed. The type check's outcome is written to reports/check.json for the CI summary.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const run = (script) => spawnSync('npm', ['run', '--silent', script], { stdio: 'inherit' }).status === 0;

mkdirSync('reports', { recursive: true });
const checked = run('check');
writeFileSync('reports/check.json', JSON.stringify({ ok: checked }));
const unit = run('test:unit');
const e2e = run('test:e2e');
process.exit(checked && unit && e2e ? 0 : 1);
