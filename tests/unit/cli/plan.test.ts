import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/core/cli/main';

const SALES = 'tests/fixtures/skeleton-sales.csv';
const dir = mkdtempSync(join(tmpdir(), 'shelfcast-plan-'));

/** `npm run cli -- plan …` with seasonal naive, whose forecast of REG-1's fixed weekly pattern is exact. */
async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['plan', '--model', 'seasonal_naive', ...args], { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { code, stdout, stderr };
}

function parse(csv: string): Record<string, string>[] {
  const [header, ...rows] = csv.trim().split('\n');
  const keys = header.split(',');
  // The fixture's names contain no commas or quotes, so a plain split is enough here.
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [keys[i], v])));
}

describe('npm run cli -- plan', () => {
  it('with on hand 0 and lead time 0 orders the stock for the next review period', async () => {
    const output = join(dir, 'plan.csv');
    const { code, stderr } = await run(['--input', SALES, '--horizon', '28', '--lead-time', '0', '--review-period', '28',
      '--holding-cost', '1', '--stockout-cost', '4', '--on-hand', '0', '--output', output]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/line 7, column 3 \(Quantity\)/);
    const rows = parse(readFileSync(output, 'utf8'));
    expect(Object.keys(rows[0]).slice(0, 5)).toEqual(['sku', 'order_qty', 'reorder_point', 'order_up_to', 'expected_fill_rate']);
    // REG-1 sells 28 a week with certainty: 4 weeks = 112, all of it served; critical ratio 4/(4+1) = 0.8.
    const reg = rows.find((r) => r.sku === 'REG-1') as Record<string, string>;
    expect(reg).toMatchObject({ order_qty: '112', reorder_point: '0', order_up_to: '112', expected_fill_rate: '1', target_cycle_service_level: '0.8' });
  });

  it('lets a products file override the flags per product', async () => {
    const products = join(dir, 'products.csv');
    writeFileSync(products, 'SKU,On hand,lead_time_days,Review period days,service_level,case_pack,unit_cost,colour\nREG-1,50,14,14,0.95,12,2.5,red\n');
    const { code, stdout, stderr } = await run(['--input', SALES, '--products', products, '--lead-time', '0', '--review-period', '28']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/columns not used: colour/);
    const reg = parse(stdout).find((r) => r.sku === 'REG-1') as Record<string, string>;
    // Lead time 14 + review 14 → S = 112, s = 56; position 50 → 62 wanted, in cases of 12.
    expect(reg.order_up_to).toBe('112');
    expect(reg.reorder_point).toBe('56');
    expect(reg.raw_order_qty).toBe('62');
    expect(Number(reg.order_qty) % 12).toBe(0);
    expect(reg.rounding_note).toMatch(/cases of 12/);
    expect(Number(reg.order_value)).toBe(Number(reg.order_qty) * 2.5);
  });

  it('uses the lead times past purchase orders actually had', async () => {
    const orders = join(dir, 'po.csv');
    // REG-1's orders took 7, 7 and 14 days: half-ish of the mass at a week, a third at two.
    writeFileSync(orders, 'sku,ordered,received\nREG-1,2024-01-01,2024-01-08\nREG-1,2024-01-15,2024-01-22\nREG-1,2024-02-01,2024-02-15\n');
    const { code, stdout } = await run(['--input', SALES, '--purchase-orders', orders, '--review-period', '7', '--service-level', '0.9']);
    expect(code).toBe(0);
    const reg = parse(stdout).find((r) => r.sku === 'REG-1') as Record<string, string>;
    // Lead time 7 (2/3) or 14 (1/3) days of 28 a week: lead-time demand 28 or 56; 90% needs 56.
    // With the review week: 56 or 84 → 84.
    expect(reg.reorder_point).toBe('56');
    expect(reg.order_up_to).toBe('84');
    expect(Number(reg.lead_time_demand_mean)).toBeCloseTo((2 / 3) * 28 + (1 / 3) * 56, 1);
    writeFileSync(orders, 'sku,ordered,received\nREG-1,2024-01-08,2024-01-01\n');
    expect((await run(['--input', SALES, '--purchase-orders', orders])).stderr).toMatch(/line 2: received before it was ordered/);
  });

  it('reports a bad cell in the products file with file, line and column', async () => {
    const products = join(dir, 'bad.csv');
    writeFileSync(products, 'sku,on_hand,case_pack\nREG-1,5,12\nNOISY-2,lots,6\n');
    const { code, stderr } = await run(['--input', SALES, '--products', products]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${products}, line 3, column 2 (on_hand): on-hand stock "lots" is not a number\n`);
  });

  it('answers a wrong flag with the usage', async () => {
    const { code, stderr } = await run(['--input', SALES, '--holding-cots', '1']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Unknown option '--holding-cots'/);
    expect(stderr).toMatch(/Usage: npm run cli -- plan/);
    expect((await run(['--input', SALES, '--model', 'no_such_model'])).code).toBe(2);
    expect((await run(['--input', SALES, '--service-level', '95'])).stderr).toMatch(/--service-level must be a probability/);
    expect((await run(['--input', join(dir, 'missing.csv')])).stderr).toMatch(/no such file/);
  });
});
