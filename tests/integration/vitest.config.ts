// Integration tier: real weights, real photos and the mirror, TF.js in Node, the command-line tools spawned.
// Needs ../shared (or $ARENA_MIRROR); the global setup syncs the assets and fails (never skips) without them.
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['tests/integration/**/*.test.ts'],
		environment: 'node',
		globalSetup: ['tests/integration/global-setup.ts'],
		testTimeout: 180_000,
		hookTimeout: 180_000
	}
});
