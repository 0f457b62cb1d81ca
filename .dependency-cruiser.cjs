// The layering rule, checked by `npm run deps` (part of `npm test`); see docs/architecture.md.
// This file checks every import, type-only ones included (a type import still couples two layers):
//   - no cycles between modules;
//   - core/ (pure TypeScript shared by page, worker, Node and the future server) imports no other layer;
//   - arena/ (the game rules) imports no storage, page or model code;
//   - schema/ (records that cross a boundary) imports core/ only; src/server/ (reserved for the live-class
//     server, Node only) shares core/, schema/ and node/, never page code or Svelte;
//   - TF.js is imported directly only by the worker, Node code and the kernels the worker runs.
// .dependency-cruiser.runtime.cjs adds what the bundles see (runtime imports only): page code reaches no TF.js.
/** Files that run in the worker only although they live under browser/ (to move under worker/). */
const WORKER_ONLY_IN_BROWSER = '^src/lib/browser/(engine|backend-choice)\\.ts$';
const TFJS = '(^|/)node_modules/@tensorflow(-models)?/';

/** @type {import('dependency-cruiser').IConfiguration} */
const config = {
	forbidden: [
		{
			name: 'no-cycles',
			severity: 'error',
			comment: 'A cycle makes two modules one; break it by moving the shared part into a module both import.',
			from: {},
			to: { circular: true }
		},
		{
			name: 'tfjs-imported-only-where-expected',
			severity: 'error',
			comment:
				'Only the worker, Node code, the model core (core/classifier, core/litert-classifier, core/preprocess), the lab and bench kernels the worker runs, and tests import TF.js directly.',
			from: {
				pathNot: [
					'^src/lib/worker/',
					'^src/lib/node/',
					'^scripts/',
					'^tests/',
					WORKER_ONLY_IN_BROWSER,
					'^src/lib/core/(classifier|litert-classifier|preprocess)\\.ts$',
					'^src/lib/lab/(tensor|occlusion)\\.ts$',
					'^src/lib/bench/runner\\.ts$'
				]
			},
			to: { path: TFJS }
		},
		{
			name: 'core-imports-no-other-layer',
			severity: 'error',
			comment: 'core/ is the shared base (page, worker, Node, server): it imports only core/ and packages.',
			from: { path: '^src/lib/core/' },
			to: { path: '^src/', pathNot: '^src/lib/core/' }
		},
		{
			name: 'schema-imports-only-core',
			severity: 'error',
			comment: 'Record schemas are shared with the server: they may import core/ and packages only.',
			from: { path: '^src/lib/schema/' },
			to: { path: '^src/', pathNot: '^src/lib/(core|schema)/' }
		},
		{
			name: 'server-shares-only-core-and-schema',
			severity: 'error',
			comment: 'The server (src/server/) runs in Node: it may use core/, schema/ and node/, never page code or Svelte.',
			from: { path: '^src/server/' },
			to: { path: '^src/(routes|lib/(components|browser|store|inference|arena|worker|lab|bench))/' }
		},
		{
			name: 'server-no-svelte',
			severity: 'error',
			comment: 'The server runs in Node without Svelte.',
			from: { path: '^src/server/' },
			to: { path: ['^node_modules/svelte/', '^node_modules/@sveltejs/', '\\.svelte(\\.ts)?$'] }
		},
		{
			name: 'arena-is-game-rules',
			severity: 'error',
			comment: 'arena/ holds the game rules: storage (store/), the page (browser/, components/) and the model (worker/) depend on it, not the other way round.',
			from: { path: '^src/lib/arena/' },
			to: { path: '^src/(routes|lib/(store|browser|components|inference|worker|node))/' }
		},
		{
			name: 'lib-never-imports-routes',
			severity: 'error',
			comment: 'Routes are the top layer: nothing under src/lib (or the server) imports them.',
			from: { path: '^src/(lib|server)/' },
			to: { path: '^src/routes/' }
		},
		{
			name: 'no-svelte-in-node',
			severity: 'error',
			comment: 'Node code (CLIs, server) must run without a Svelte compiler: no components or $state modules.',
			from: { path: '^(src/lib/node|src/server|scripts)/' },
			to: { path: '\\.svelte(\\.ts)?$' }
		}
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		exclude: { path: ['^\\.svelte-kit/', '^build/', '^static/'] },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.depcruise.json' },
		enhancedResolveOptions: {
			exportsFields: ['exports'],
			conditionNames: ['import', 'require', 'node', 'default', 'types'],
			mainFields: ['module', 'main', 'types'],
			extensions: ['.ts', '.js', '.svelte', '.json']
		},
		reporterOptions: { text: { highlightFocused: true } }
	}
};

module.exports = config;
