import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main';

const FIXTURE = 'tests/fixtures/skeleton-sales.csv';
const dir = mkdtempSync(path.join(tmpdir(), 'shelfcast-cli-'));

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { code, stdout, stderr };
}

/** date,store,item,sales for 2 stores × 2 items × 70 days: each store-item sells store·10 + item. */
const storeItem = path.join(dir, 'store-item.csv');
writeFileSync(storeItem, ['date,store,item,sales', ...Array.from({ length: 70 }, (_, t) => {
  const date = new Date(Date.UTC(2024, 0, 1 + t)).toISOString().slice(0, 10);
  return [1, 2].flatMap((store) => [1, 2].map((item) => `${date},${store},${item},${store * 10 + item + (t % 7)}`)).join('\n');
})].join('\n'));

describe('cli forecast', () => {
  it('writes sku,date,model,mean,p10,p50,p90 per product and future day', async () => {
    const out = path.join(dir, 'forecast.csv');
    const { code, stderr } = await run('forecast', '--input', FIXTURE, '--horizon', '7', '--output', out, '--models', 'seasonal_naive,tsb');
    expect(code).toBe(0);
    expect(stderr).toContain('1 of 87 rows could not be read');
    expect(stderr).toContain('skeleton-sales.csv, line 7, column 3 (Quantity): quantity "six" is not a number');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('sku,date,model,mean,p10,p50,p90');
    // 2 products × 7 days × 2 models.
    expect(lines).toHaveLength(1 + 28);
    // REG-1 sells 1…7 Monday…Sunday; the history ends on Sunday 2024-03-10, so Monday sells 1.
    expect(lines[1]).toBe('NOISY-2,2024-03-11,seasonal_naive,' + lines[1].split(',').slice(3).join(','));
    expect(lines).toContain('REG-1,2024-03-11,seasonal_naive,1,1,1,1');
    for (const line of lines.slice(1)) {
      const [mean, p10, p50, p90] = line.split(',').slice(3).map(Number);
      expect(mean).toBeGreaterThanOrEqual(0);
      expect(p10).toBeGreaterThanOrEqual(0);
      expect(p50).toBeGreaterThanOrEqual(p10);
      expect(p90).toBeGreaterThanOrEqual(p50);
    }
  });

  it('names a series by several id columns', async () => {
    const { code, stdout } = await run('forecast', '--input', storeItem, '--horizon', '3', '--output', '-', '--models', 'naive', '--id-columns', 'store,item', '--quantiles', '0.5');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('sku,date,model,mean,p50');
    // "item@store", as the app names per-store series.
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0]))).toEqual(new Set(['1@1', '1@2', '2@1', '2@2']));
    // A store column is found without the option too.
    const detected = await run('forecast', '--input', storeItem, '--horizon', '3', '--output', '-', '--models', 'naive', '--quantiles', '0.5');
    expect(detected.stdout).toBe(stdout);
  });

  it('forecasts weeks with --freq W: 7-day weeks ending on the last date', async () => {
    const { code, stdout } = await run('forecast', '--input', storeItem, '--horizon', '2', '--output', '-', '--models', 'moving_average', '--freq', 'W', '--quantiles', '0.5');
    expect(code).toBe(0);
    // 70 days from Monday 2024-01-01 end on Sunday 2024-03-10: the next weeks start 03-11 and 03-18,
    // and a week of store 1 item 1 sells 7·11 + (0 + 1 + … + 6) = 98.
    const rows = stdout.trim().split('\n').filter((l) => l.startsWith('1@1,'));
    expect(rows.map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['1@1,2024-03-11', '1@1,2024-03-18']);
    expect(Number(rows[0].split(',')[4])).toBeCloseTo(98, 0);
  });

  it('the default model is auto, and its rows say which model each product got', async () => {
    const { code, stdout } = await run('forecast', '--input', storeItem, '--horizon', '2', '--output', '-', '--id-columns', 'store,item');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n').slice(1).every((l) => /^\d@\d,2024-03-1[12],auto(:[a-z_]+)?,/.test(l))).toBe(true);
  });
});

describe('cli backtest', () => {
  it('prints the metrics table per model, and JSON with --json', async () => {
    const table = await run('backtest', '--input', storeItem, '--id-columns', 'store,item', '--horizon', '7', '--folds', '2', '--models', 'naive,seasonal_naive');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/model\s+MASE\s+RMSSE\s+sPinball\s+WAPE\s+bias\s+cov80/);
    expect(table.stdout).toMatch(/Fold 2 \(the last 7 steps\): 2024-03-04 to 2024-03-10/);
    const json = await run('backtest', '--input', storeItem, '--id-columns', 'store,item', '--horizon', '7', '--folds', '2', '--models', 'seasonal_naive', '--json');
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout);
    expect(result.models[0].model).toBe('seasonal_naive');
    expect(result.models[0].folds).toHaveLength(2);
    // The series are exactly weekly: seasonal naive is perfect.
    expect(result.models[0].overall.mae).toBe(0);
    expect(result.folds[1]).toMatchObject({ firstDate: '2024-03-04', lastDate: '2024-03-10', products: 4 });
  });
});

describe('cli errors: a clear message and a non-zero exit code', () => {
  it.each([
    [['forecast', '--horizon', '7', '--output', 'x.csv'], 2, '--input is required'],
    [['forecast', '--input', FIXTURE, '--horizon', 'seven', '--output', 'x.csv'], 2, '--horizon must be a whole number ≥ 1, got "seven"'],
    [['forecast', '--input', FIXTURE, '--horizon', '7', '--output', 'x.csv', '--hoirzon', '3'], 2, "Unknown option '--hoirzon'"],
    [['forecast', '--input', FIXTURE, '--horizon', '7', '--output', 'x.csv', '--quantiles', '0.1,1.5'], 2, '"1.5" is not a level strictly between 0 and 1'],
    [['forecast', '--input', FIXTURE, '--horizon', '7', '--output', 'x.csv', '--models', 'prophet'], 2, 'unknown model "prophet"'],
    [['forecast', '--input', 'nope.csv', '--horizon', '7', '--output', 'x.csv'], 1, 'nope.csv: no such file'],
    [['backtest', '--input', FIXTURE, '--horizon', '60', '--folds', '3'], 1, '3 folds of 60 need at least 194'],
    [['forecast', '--input', FIXTURE, '--horizon', '7', '--output', 'x.csv', '--id-columns', 'store,sku'], 1, '--id-columns names "store", but the header has'],
    [['forecast', '--input', FIXTURE, '--horizon', '7', '--output', 'x.csv', '--id-columns', 'a,b,c'], 2, '--id-columns takes a product column, or a store column then a product column'],
    [['forecast', '--input', FIXTURE, '--horizon', '7', '--output', 'x.csv', '--returns', 'keep'], 2, '--returns must be net'],
    [['frobnicate'], 2, 'Unknown command "frobnicate"'],
  ])('%j → exit %i', async (argv, code, message) => {
    const result = await run(...(argv as string[]));
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
  });

  it('a file that is not a sales table', async () => {
    const junk = path.join(dir, 'junk.csv');
    writeFileSync(junk, 'colour,size\nred,4\n');
    const result = await run('forecast', '--input', junk, '--horizon', '7', '--output', 'x.csv');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('junk.csv: the file needs answers before it can be read');
    expect(result.stderr).toContain('The header has: "colour", "size"');
    const binary = path.join(dir, 'binary.csv');
    writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2]));
    expect((await run('forecast', '--input', binary, '--horizon', '7', '--output', 'x.csv')).stderr).toContain('binary.csv, line 1: this file is an Excel workbook or other zip archive');
  });

  it('help and the model list', async () => {
    expect((await run('--help')).stdout).toContain('forecast  fit on the whole history');
    expect((await run('forecast', '--help')).stdout).toContain('--id-columns [S,]P');
    expect((await run('models')).stdout).toMatch(/auto_ets\s+@bsull\/augurs' AutoETS/);
  });
});
