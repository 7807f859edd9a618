// Dependency direction: services → adapters (db — the ledger's Postgres store included —, queue, bank) → pure packages.
// Pure packages (domain, calendar, statements, lifecycle, ledger core) import no I/O library.
// docs/adr/0003-layout-and-dependency-rules.md explains the rules; scripts/depcheck.test.ts proves
// that a violation fails `./dev test`.
const PURE = '^packages/(domain|calendar|statements|lifecycle|ledger)/';
const IO_LIBRARIES =
  '(^|/node_modules/)(pg|pg-[a-z-]+|kysely|ioredis|bullmq|fastify|@fastify/[^/]+|opossum|undici|pino|prom-client|testcontainers|@testcontainers/[^/]+)(/|$)';
const IO_BUILTINS = '^(node:)?(fs|fs/promises|net|http|https|http2|dgram|dns|child_process|cluster|worker_threads|tls|readline)$';

module.exports = {
  forbidden: [
    {
      name: 'pure-no-io-library',
      comment: 'Pure packages take data and clocks as arguments; I/O lives in adapters and services.',
      severity: 'error',
      from: { path: PURE, pathNot: '\\.(int\\.)?test\\.ts$' },
      to: { path: IO_LIBRARIES },
    },
    {
      name: 'pure-no-io-builtin',
      comment: 'Pure packages must not touch files, sockets or processes.',
      severity: 'error',
      from: { path: PURE, pathNot: '\\.(int\\.)?test\\.ts$' },
      to: { dependencyTypes: ['core'], path: IO_BUILTINS },
    },
    {
      name: 'pure-no-adapters',
      comment: 'Pure packages must not depend on adapter packages.',
      severity: 'error',
      from: { path: PURE },
      to: { path: '^packages/(db|queue|bank)/|^@payout/(db|queue|bank|api|workers|bank-sim|cli|test-harness)(/|$)' },
    },
    {
      name: 'packages-not-services',
      comment: 'Libraries never import deployables.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^services/' },
    },
    {
      name: 'no-test-support-in-product',
      comment:
        'The product (packages/*, services/*) never imports test tooling: the harness, the test kit or the e2e suites (test/**), ' +
        'the bank simulator, or any test-support module. Tests and package-internal test-support folders may; so may ' +
        'services/devstack (the demo, ./dev start, the benchmarks) and the simulator itself, which are test tooling ' +
        '(the simulator under simulator-only-profile-builder).',
      severity: 'error',
      from: { path: '^(packages|services)/', pathNot: '^services/(devstack|bank-sim)/|\\.(int\\.)?test\\.ts$|/test-support/' },
      to: { path: '^test/|^services/bank-sim/|(^|/)test-support/' },
    },
    {
      name: 'simulator-only-profile-builder',
      comment: "The simulator's runtime takes only the test kit's bank-profile builder (its default banks) from test/**.",
      severity: 'error',
      from: { path: '^services/bank-sim/', pathNot: '\\.(int\\.)?test\\.ts$|/acceptance/|/test-support/' },
      to: { path: '^test/', pathNot: '^test/kit/src/bank-profile\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|^\\.tools/|/fixtures/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
    combinedDependencies: false,
    preserveSymlinks: false,
  },
};
