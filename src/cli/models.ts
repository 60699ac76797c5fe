import { createRegistry, type AutoOptions, type ModelRegistry } from '../core/evaluate';
import { registerTransformer } from '../core/neural/runtime';
import { initNodeBackend } from './node';

/**
 * The CLI's models: the built-in ones, plus any a room registers here (one line each).
 */
export function cliRegistry(options: AutoOptions = {}): ModelRegistry {
  const registry = createRegistry(options);
  // src/core/neural: `--models transformer` (shipped weights) and `transformer_tuned`; tfjs on WASM.
  registerTransformer(registry, { prepare: () => initNodeBackend() });
  return registry;
}
