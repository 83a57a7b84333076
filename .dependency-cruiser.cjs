/**
 * Pantau's layers (README "Architecture"), checked in `npm test`:
 *
 *   server/      composition root: wires the roles of one process
 *   collector/ api/ reports/ dashboards/   the parts, which never import each other
 *   shared/      metric queries, registry, access, alerting, charts, i18n, http kit, jobs
 *   storage/     ClickHouse client, migrations, table names
 *
 * Dependencies point down only; no cycles anywhere; product code never
 * imports tests or scripts; the browser bundle (dashboards/ui) imports only
 * dashboards and the browser-safe shared layers (i18n, charts), plus types.
 */
const PARTS = ['collector', 'api', 'reports', 'dashboards']
const product = '^(storage|shared|collector|api|reports|dashboards|server)/'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'modules must not depend on each other in a circle', from: {}, to: { circular: true } },
    {
      name: 'storage-is-the-bottom',
      severity: 'error',
      comment: 'storage imports nothing of the product',
      from: { path: '^storage/' },
      to: { path: '^(shared|collector|api|reports|dashboards|server|scripts|test)/' },
    },
    {
      name: 'shared-below-the-parts',
      severity: 'error',
      comment: 'the shared layers never import a part, the server, scripts or tests',
      from: { path: '^shared/' },
      to: { path: '^(collector|api|reports|dashboards|server|scripts|test)/' },
    },
    ...PARTS.map((part) => ({
      name: `${part}-imports-no-other-part`,
      severity: 'error',
      comment: `${part}/ reaches other parts only through shared layers; the server composes them`,
      from: { path: `^${part}/` },
      to: { path: `^(${PARTS.filter((p) => p !== part).join('|')}|server|scripts|test)/` },
    })),
    {
      name: 'server-is-not-imported',
      severity: 'error',
      comment: 'only scripts (demo, benches) and tests start a server',
      from: { path: product, pathNot: '^server/' },
      to: { path: '^server/' },
    },
    {
      name: 'scripts-never-import-tests',
      severity: 'error',
      from: { path: '^scripts/' },
      to: { path: '^test/' },
    },
    {
      name: 'ui-bundle-is-browser-safe',
      severity: 'error',
      comment: 'the UI bundle takes code only from dashboards/ and shared/i18n, shared/charts (types from anywhere in shared/)',
      from: { path: '^dashboards/ui/' },
      to: { path: '^(shared|storage)/', pathNot: '^shared/(i18n|charts)/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|\\.cache|data|artifacts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
