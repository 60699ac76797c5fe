import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { USE_LITE_DIR, useLiteModel } from './scripts/vite-plugin-use-lite';

// @bsull/augurs does not export its .wasm files; this alias lets workers import them with ?url.
const augursDir = path.dirname(createRequire(import.meta.url).resolve('@bsull/augurs'));

/**
 * Dev server only: Vite injects each component's CSS as an inline <style>, which index.html's
 * Content-Security-Policy (style-src 'self') refuses, leaving `npm start` unstyled. The build links
 * CSS files and keeps the strict policy (tests/e2e/privacy.spec.ts checks the built one).
 */
function devInlineStyles(): Plugin {
  return {
    name: 'shelfcast-dev-inline-styles',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  };
}

export default defineConfig({
  // Relative base: the built app works from any static host and any sub-path.
  base: './',
  plugins: [
    svelte(),
    devInlineStyles(),
    // Universal Sentence Encoder lite weights, served from this origin (before the PWA plugin, so
    // they are in the bundle it precaches).
    useLiteModel(),
    VitePWA({
      // Updates are announced in the app and applied when the seller chooses, never mid-task.
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Shelfcast — demand forecasts and purchase plans',
        short_name: 'Shelfcast',
        description: 'Forecast demand and plan purchases in your browser. Your sales data never leaves your machine.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#f4f7fa',
        theme_color: '#1f4e79',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // Everything the app needs offline: code, workers, wasm, model weights, demo data.
        globPatterns: ['**/*.{js,mjs,css,html,wasm,json,bin,csv,svg,png,txt,onnx,webmanifest}', `${USE_LITE_DIR}/group*-shard*`],
        globIgnores: ['**/test-fixtures/**'],
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        // The first install takes control at once so the first visit already works offline; later
        // versions wait (no skipWaiting) until the seller accepts the update.
        clientsClaim: true,
      },
    }),
  ],
  resolve: { alias: { '@augurs-wasm': augursDir } },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
  },
  // Worker-only dependencies: pre-bundle them so the dev server does not re-optimise (and reload
  // the page) the first time a worker imports them.
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow/tfjs-backend-wasm',
      'comlink',
      'dexie',
      'papaparse',
      '@tensorflow-models/universal-sentence-encoder',
      '@huggingface/transformers',
    ],
  },
  server: { port: 5173 },
  preview: { port: 4173 },
});
