/**
 * The rooms' import rules, checked by `npm run check` (and so by CI): a violation fails the build
 * instead of waiting for a reviewer. See docs/architecture.md for what each room is for.
 */
module.exports = {
  forbidden: [
    {
      name: 'core-stays-pure',
      severity: 'error',
      comment: 'src/core runs everywhere (page, workers, Node, tests): it must not import the rooms that know IndexedDB, the page, workers, jobs or Node. It may translate (src/i18n is pure too).',
      from: { path: '^src/core/' },
      to: { path: '^(src/(db|app|bridge|jobs|cli)/|workers/|src/main\\.ts)' },
    },
    {
      name: 'i18n-stays-pure',
      severity: 'error',
      comment: 'src/i18n (messages and the translate function) is used by every room, core included: it imports none of them.',
      from: { path: '^src/i18n/' },
      to: { path: '^(src/(core|db|app|bridge|jobs|cli)/|workers/|src/main\\.ts)' },
    },
    {
      name: 'only-db-touches-indexeddb',
      severity: 'error',
      comment: 'Dexie is the db room\'s business: the page and the other rooms go through src/db\'s repositories.',
      from: { path: '^(src/(app|bridge|core|jobs|cli|i18n)/|workers/|src/main\\.ts)' },
      to: { path: '(^|/)node_modules/dexie/' },
    },
    {
      name: 'jobs-are-hosted-not-hosting',
      severity: 'error',
      comment: 'src/jobs are plain functions over repositories: they know neither the page, the bridge, the workers nor Node.',
      from: { path: '^src/jobs/' },
      to: { path: '^(src/(app|bridge|cli)/|workers/)' },
    },
    {
      name: 'db-below-the-page',
      severity: 'error',
      comment: 'src/db serves the page and the workers; it must not import them.',
      from: { path: '^src/db/' },
      to: { path: '^(src/(app|bridge|jobs|cli)/|workers/)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle makes module initialisation order matter and rooms inseparable. Type-only imports are erased before run time, so a cycle through one is harmless.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    exclude: { path: '\\.d\\.ts$' },
  },
};
