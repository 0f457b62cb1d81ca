// The layering rule on runtime imports only (what a bundle contains; `import type` is erased): page code must
// not reach TF.js through any chain of imports. The page talks to the model through worker/client.ts, which
// starts the worker with `new Worker(new URL(...))`, not an import. Run by `npm run deps` after the main config.
/** Page code: everything the browser's main thread loads, the worker's client and protocol included. */
const PAGE = ['^src/(routes/|service-worker\\.ts$|lib/(components|browser|store|inference|arena|schema)/)', '^src/lib/worker/(client|protocol)\\.ts$'];
/** Files that run in the worker only although they live under browser/ (to move under worker/). */
const WORKER_ONLY_IN_BROWSER = '^src/lib/browser/(engine|backend-choice)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
	extends: './.dependency-cruiser.cjs',
	forbidden: [
		{
			name: 'page-reaches-no-tfjs',
			severity: 'error',
			comment: 'TF.js (about 2 MB) runs only in the inference worker and in Node. Page code must not import it, directly or through another module: ask the worker.',
			from: { path: PAGE, pathNot: WORKER_ONLY_IN_BROWSER },
			to: { path: '(^|/)node_modules/@tensorflow(-models)?/', reachable: true }
		}
	],
	options: { tsPreCompilationDeps: false }
};
