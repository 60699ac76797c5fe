// '@augurs-wasm' is an alias (vite.config.ts) for @bsull/augurs, whose exports omit the .wasm files.
import etsWasmUrl from '@augurs-wasm/ets_bg.wasm?url';
import mstlWasmUrl from '@augurs-wasm/mstl_bg.wasm?url';
import { AUGURS_WASM } from '../src/core/baselines';
import { createRegistry, type AutoOptions, type ModelEnvironment, type ModelRegistry } from '../src/core/evaluate';
import { registerTransformer, SHIPPED_MODEL_PATH } from '../src/core/neural/runtime';
import { registerColdStart } from '../src/core/text';
import { activeModels, checkpointOf, loadColdStartContext, productStatics } from '../src/db';
import { fetchShippedModel } from './shippedModel';

/**
 * The models the workers offer and where they find their files; shared by the forecast worker and
 * the plan worker, so planning checks use exactly the forecaster the app forecasts with.
 */

/** Files the models need, served from the app's own origin (bundled by Vite). */
const PACKAGE_ASSETS: Record<string, string> = {
  [AUGURS_WASM.ets]: etsWasmUrl,
  [AUGURS_WASM.mstl]: mstlWasmUrl,
};

export function browserEnvironment(baseUrl: string | undefined): ModelEnvironment {
  return {
    runtime: 'browser',
    async asset(id: string) {
      const known = PACKAGE_ASSETS[id];
      if (known) return new URL(known, import.meta.url).href; // self.location is the worker's blob: bootstrap
      if (!baseUrl) throw new Error(`cannot locate ${id}: no base URL was given to the worker`);
      return new URL(id, baseUrl).href;
    },
  };
}

/**
 * The models this worker offers: the built-in ones, plus any a room registers here (one line each,
 * as in src/cli/models.ts).
 */
export function workerRegistry(options: AutoOptions = {}): ModelRegistry {
  const registry = createRegistry(options);
  registerColdStart(registry, () => loadColdStartContext());
  // src/core/neural: the Transformer with the versions in use (IndexedDB), else its shipped weights.
  registerTransformer(registry, {
    versions: async () => [...(await activeModels()).values()].map((record) => ({
      group: record.group,
      checkpoint: checkpointOf(record),
      note: `Transformer fine-tuned on your sales (${record.createdAt.slice(0, 10)}).`,
    })),
    shipped: async (env) => fetchShippedModel(String(await env.asset(SHIPPED_MODEL_PATH))),
    statics: productStatics,
  });
  return registry;
}
