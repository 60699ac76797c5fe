/**
 * The rooms' import rules, checked by `npm run check` (and so by CI): a violation fails the build
 * instead of waiting for a reviewer. docs/architecture.md says what each room is for.
 */
const ROOMS_THAT_MAY_NOT = [
  // [rule, importing room, imported paths, why]
  ['core-stays-pure', '^src/core/', '^(src/(db|app|bridge|jobs|cli)/|workers/|src/main\\.ts)', 'src/core runs everywhere (page, workers, Node, tests): it must not import the rooms that know IndexedDB, the page, workers, jobs or Node. It may translate (src/i18n is pure too).'],
  ['i18n-stays-pure', '^src/i18n/', '^(src/(core|db|app|bridge|jobs|cli)/|workers/|src/main\\.ts)', 'src/i18n (messages and the translate function) is used by every room, core included: it imports none of them.'],
  ['only-db-touches-indexeddb', '^(src/(app|bridge|core|jobs|cli|i18n)/|workers/|src/main\\.ts)', '(^|/)node_modules/dexie/', "Dexie is the db room's business: the page and the other rooms go through src/db's repositories."],
  ['jobs-are-hosted-not-hosting', '^src/jobs/', '^(src/(app|bridge|cli)/|workers/)', 'src/jobs are plain functions over repositories: they know neither the page, the bridge, the workers nor Node.'],
  ['db-below-the-page', '^src/db/', '^(src/(app|bridge|jobs|cli)/|workers/)', 'src/db serves the page, the jobs and the workers; it must not import them.'],
];

module.exports = {
  forbidden: [
    ...ROOMS_THAT_MAY_NOT.map(([name, from, to, comment]) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } })),
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
