import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	build: { chunkSizeWarningLimit: 2500 },
	// The inference worker is an ES module worker (new Worker(url, { type: 'module' })).
	worker: { format: 'es' },
	server: { port: 5173, strictPort: false },
	preview: { port: 4173, strictPort: false },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		testTimeout: 120_000,
		hookTimeout: 120_000
	}
});
