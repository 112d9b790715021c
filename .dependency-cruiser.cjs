// Layering: a package may import only the layers below it, and only through their public entry
// point (their package name), never another package's src/.
const below = {
  protocol: [],
  network: ['protocol'],
  producer: ['protocol', 'network'],
  consumer: ['protocol', 'network'],
  balanced: ['protocol', 'network', 'producer', 'consumer'],
  tskafka: ['protocol', 'network', 'producer', 'consumer', 'balanced'],
  cli: ['protocol', 'network', 'producer', 'consumer', 'balanced', 'tskafka'],
};

const layerRules = Object.entries(below).map(([pkg, allowed]) => ({
  name: `layer-${pkg}`,
  comment: `packages/${pkg} may import only: ${allowed.join(', ') || 'no other tskafka package'}`,
  severity: 'error',
  from: { path: `^packages/${pkg}/` },
  to: { path: `^packages/(?!(?:${[pkg, ...allowed].join('|')})/)[^/]+/` },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-reach-into-src',
      comment: 'import another package by its name, not through its src/ folder',
      severity: 'error',
      from: { path: '^(packages/[^/]+|e2e|bench)/' },
      to: { path: '^packages/[^/]+/src/', pathNot: '^$1/src/' },
    },
    {
      name: 'no-e2e-in-packages',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^(e2e|bench)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '(^|/)dist/'] },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'default'] },
  },
};
