import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { CSP_DIRECTIVES } from './src/lib/core/csp.js';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		// A static site: every page is prerendered, and the app reads models and images from its own origin.
		adapter: adapter({ fallback: undefined, strict: true }),
		// Content-Security-Policy, written into each prerendered page as a <meta> tag (src/lib/core/csp.js holds the
		// policy; npm start sends it as headers too). Mode 'hash': SvelteKit adds the hash of its inline start-up
		// script, as a static site has no server to make nonces.
		csp: { mode: 'hash', directives: CSP_DIRECTIVES }
	}
};
