import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		// A static site: every page is prerendered, and the app reads models and images from its own origin.
		adapter: adapter({ fallback: undefined, strict: true })
	}
};
