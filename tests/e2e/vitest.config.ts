// End-to-end tests: the built app (vite preview) in Debian's headless Chromium.
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.e2e.ts'],
		environment: 'node',
		globalSetup: ['tests/e2e/global-setup.ts'],
		testTimeout: 180_000,
		hookTimeout: 180_000,
		fileParallelism: false // one Chromium at a time on a 2-core machine
	}
});
