// @ts-check
// The app's Content-Security-Policy, in one place. svelte.config.js writes it into each prerendered page as a
// <meta> tag (for static hosts; SvelteKit adds the hash of its inline start-up script); `npm start`
// (src/server) sends the same policy as HTTP headers, adding what a <meta> tag cannot carry (frame-ancestors),
// and gives the inference worker's script a policy of its own (a worker runs under its response's policy,
// not the page's: without one, eval ran inside it). Plain JS, because svelte.config.js imports it unbundled.

/** @typedef {Record<string, string[]>} Directives */

/**
 * The pages' policy (SvelteKit's form: keywords without quotes). Scripts and workers only from this origin;
 * 'wasm-unsafe-eval' lets the WASM backends compile; nothing from another origin; no plugins. Inline styles
 * stay allowed: Svelte writes style attributes.
 * @type {Directives}
 */
export const CSP_DIRECTIVES = {
	'default-src': ['self'],
	'script-src': ['self', 'wasm-unsafe-eval'],
	'worker-src': ['self'],
	'connect-src': ['self', 'blob:'], // blob: = data this page made itself (e.g. a CSV it offers for download)
	'img-src': ['self', 'data:', 'blob:'],
	'media-src': ['self', 'blob:'],
	'style-src': ['self', 'unsafe-inline'],
	'font-src': ['self'],
	'object-src': ['none'],
	'base-uri': ['self'],
	'form-action': ['self']
};

/** What only an HTTP header can say: no other site may frame the app (a <meta> CSP ignores frame-ancestors). */
export const HEADER_ONLY_DIRECTIVES = { 'frame-ancestors': ['none'] };

/**
 * The inference worker's policy: the pages' policy (no eval, nothing from another origin), plus blob: for
 * scripts and workers, because TF.js's threaded WASM backend starts its threads from blob: scripts it makes
 * inside the worker (they inherit this policy).
 * @type {Directives}
 */
export const WORKER_DIRECTIVES = {
	...CSP_DIRECTIVES,
	'script-src': [...CSP_DIRECTIVES['script-src'], 'blob:'],
	'worker-src': [...CSP_DIRECTIVES['worker-src'], 'blob:'],
	...HEADER_ONLY_DIRECTIVES
};

const KEYWORDS = new Set(['self', 'none', 'unsafe-inline', 'unsafe-eval', 'wasm-unsafe-eval', 'strict-dynamic', 'unsafe-hashes', 'report-sample']);

/** One source as written in a policy: keywords and hashes quoted, schemes and hosts as they are. */
const source = (/** @type {string} */ s) => (KEYWORDS.has(s) || /^(sha256|sha384|sha512|nonce)-/.test(s) ? `'${s}'` : s);

/**
 * A policy's text from directives in SvelteKit's form.
 * @param {Directives} directives
 * @returns {string}
 */
export function serialise(directives) {
	return Object.entries(directives)
		.map(([name, sources]) => [name, ...sources.map(source)].join(' '))
		.join('; ');
}

/**
 * The header for a page: its own <meta> policy (with the page's script hashes) plus the header-only directives.
 * @param {string} metaPolicy
 * @returns {string}
 */
export function pageHeaderPolicy(metaPolicy) {
	return [metaPolicy.trim().replace(/;\s*$/, ''), serialise(HEADER_ONLY_DIRECTIVES)].join('; ');
}

/** The header for everything that is not a page (scripts, the worker, pictures, data). */
export const WORKER_POLICY = serialise(WORKER_DIRECTIVES);
