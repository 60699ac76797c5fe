/**
 * The accuracy numbers of the forecast engine: the CLI's rolling-origin backtest (3 folds × 28 days)
 * on Online Retail's products with enough history and on Store Item Demand, for seasonal naive,
 * AutoETS (augurs) and the default pipeline (plus any models named).
 *
 *   npm run bench:accuracy [-- --models seasonal_naive,auto_ets,ets,ensemble,auto --only online-retail|store-item]
 *
 * Online Retail is prepared first by scripts/bench-data.ts (into .bench/, see there for the product
 * selection and the cancellation handling) if it is not there yet.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { main } from '../src/cli/main';

const { values: args } = parseArgs({
  options: {
    models: { type: 'string', default: 'seasonal_naive,auto_ets,auto' },
    only: { type: 'string' },
    folds: { type: 'string', default: '3' },
    horizon: { type: 'string', default: '28' },
  },
});
const ONLINE_RETAIL = '.bench/online-retail-daily.csv';
const STORE_ITEM = '../shared/data/store-item-demand/train.csv';

if (args.only !== 'store-item' && !existsSync(ONLINE_RETAIL)) {
  const prepared = spawnSync('npx', ['tsx', 'scripts/bench-data.ts'], { stdio: 'inherit' });
  if (prepared.status !== 0) process.exit(1);
}
const common = ['--horizon', String(args.horizon), '--folds', String(args.folds), '--models', String(args.models)];
let status = 0;
if (args.only !== 'store-item') {
  console.log('\n=== Online Retail (daily, products with enough history) ===');
  status ||= await main(['backtest', '--input', ONLINE_RETAIL, ...common]);
}
if (args.only !== 'online-retail') {
  if (!existsSync(STORE_ITEM)) {
    console.log(`\n${STORE_ITEM} not found: Store Item Demand skipped.`);
  } else {
    console.log('\n=== Store Item Demand (500 store × item series) ===');
    status ||= await main(['backtest', '--input', STORE_ITEM, '--id-columns', 'store,item', ...common]);
  }
}
process.exitCode = status;
