import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		// A static site: every page is prerendered, and the app reads models and images from its own origin.
		adapter: adapter({ fallback: undefined, strict: true }),
		// Content-Security-Policy, written into each prerendered page as a <meta> tag. Scripts and workers only
		// from this origin (SvelteKit adds the hash of its inline start-up script: mode 'hash', as a static site
		// has no server to make nonces); 'wasm-unsafe-eval' lets the TF.js WASM backend compile; nothing from
		// another origin; no plugins. Inline styles stay allowed: Svelte writes style attributes.
		csp: {
			mode: 'hash',
			directives: {
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
			}
		}
	}
};
