/**
 * The direction of the pipeline, checked by `npm test` (npm run depcruise):
 *   crawl → store, read, pipeline   (fetching; the crawler hands fetched bytes to the pipeline)
 *   pipeline → read, template, output   (the worker pool and the loading of inputs)
 *   read: bytes → document, knows no template, pipeline, crawl, store or output
 *   template: document → figures, knows no format: of read/ only the document and grid types
 *   store: the crawl's files and state, knows nothing above it
 * Shared by all: errors.ts, limits.ts, formats.ts, lib/.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle ties stages together: neither can be read, tested or replaced alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'read-is-below-the-pipeline',
      severity: 'error',
      comment: 'Readers turn bytes into a document; they know no template, pool, network, store or output (a pool is injected: ReadOptions.readPdf).',
      from: { path: '^src/read/' },
      to: { path: '^src/(template|pipeline|crawl|store|output|cli|report-page|demo|portals)/' },
    },
    {
      name: 'template-knows-no-format',
      severity: 'error',
      comment: 'The template maps a document to figures; of read/ it knows only the document and the cell grid (their types and textLines).',
      from: { path: '^src/template/' },
      to: { path: '^src/(crawl|store|output|pipeline|cli|report-page|demo|portals)/|^src/read/(?!document\\.ts$|grid\\.ts$)' },
    },
    {
      name: 'store-is-at-the-bottom',
      severity: 'error',
      comment: 'The store keeps files and the crawl state; it imports nothing above it.',
      from: { path: '^src/store/' },
      to: { path: '^src/(crawl|pipeline|read|template|output|cli|report-page|demo|portals)/' },
    },
    {
      name: 'shared-modules-import-no-stage',
      severity: 'error',
      comment: 'errors.ts, limits.ts, formats.ts and lib/ are used by every stage, so they use none.',
      from: { path: '^src/(errors|limits|formats)\\.ts$|^src/lib/' },
      to: { path: '^src/(crawl|pipeline|read|template|output|store|cli|report-page|demo|portals)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.build.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
