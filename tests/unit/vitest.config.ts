// Unit tier: pure code in Node, no mirror, no assets, no browser; seconds. Tests that need real weights or
// photos belong in tests/integration. The asset and mirror paths point nowhere, so such a test fails here
// even on a machine that has them.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	// The Svelte compiler only, for the runes in .svelte.ts state classes (SvelteKit's plugin costs seconds to start).
	plugins: [svelte()],
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		env: { ARENA_MIRROR: '/nonexistent/arena-mirror', ARENA_ASSETS: '/nonexistent/arena-assets' },
		// One module graph per worker thread: TF.js and the core are imported twice, not once per file (halves the time).
		// Each file sets up what it needs (e.g. the TF.js backend) in its own beforeAll.
		pool: 'threads',
		isolate: false,
		testTimeout: 30_000
	}
});
