import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { ModelEnvironment } from '../core/evaluate';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Model assets in Node: a package file ("@bsull/augurs/ets_bg.wasm") is read from node_modules, any
 * other id from public/ (where the app serves its models from).
 */
export const nodeEnvironment: ModelEnvironment = {
  runtime: 'node',
  async asset(id: string): Promise<Uint8Array<ArrayBuffer>> {
    const file = id.startsWith('@') || !id.includes('/') ? resolvePackageFile(id) : path.join(ROOT, 'public', id);
    const bytes = await readFile(file);
    return new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  },
};

function resolvePackageFile(id: string): string {
  // Package "exports" list neither data files nor package.json: find the package's directory from
  // its main entry, then join the rest of the id.
  const parts = id.split('/');
  const scoped = id.startsWith('@');
  const name = parts.slice(0, scoped ? 2 : 1).join('/');
  const rest = parts.slice(scoped ? 2 : 1).join('/');
  let dir = path.dirname(require.resolve(name, { paths: [ROOT] }));
  while (path.basename(dir) !== parts[scoped ? 1 : 0] && dir !== path.dirname(dir)) dir = path.dirname(dir);
  return path.join(dir, rest);
}
