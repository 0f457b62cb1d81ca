import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { ISOLATION_HEADERS } from './src/lib/core/isolation';

/**
 * tfjs-backend-wasm starts its pthread workers with `importScripts` of a Blob made from
 * `wasmFactoryThreadedSimd.toString()`. That function reads `_scriptDir` from the closure around it, which the
 * Blob does not carry: in a bundle each pthread worker throws "_scriptDir (minified: e) is not defined" and
 * `setBackend('wasm')` waits for them forever. Declaring `_scriptDir` inside the function makes it self-contained.
 */
function tfjsWasmThreadsFix(): Plugin {
	const head = 'function(WasmBackendModuleThreadedSimd) {\n';
	return {
		name: 'tfjs-wasm-threads-fix',
		enforce: 'pre',
		transform(code, id) {
			if (!/tfjs-backend-wasm-threaded-simd\.js$/.test(id.split('?')[0])) return null;
			if (!code.includes(head)) throw new Error(`tfjs-wasm-threads-fix: ${id} changed; check the threaded WASM start-up`);
			return { code: code.replace(head, `${head}var _scriptDir = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : undefined;\n`), map: null };
		}
	};
}

/**
 * LiteRT.js's Emscripten glue (litert_wasm_*_internal.js) declares `var ModuleFactory` for a <script> tag or
 * importScripts, neither of which a module worker can use without eval. Given an `export default`, it is bundled
 * into the inference worker instead (browser/litert.ts hands it to @litertjs/core).
 */
function litertGlue(): Plugin {
	return {
		name: 'litert-glue',
		enforce: 'pre',
		transform(code, id) {
			if (!/@litertjs\/core\/wasm\/litert_wasm_(compat_)?internal\.js$/.test(id.split('?')[0])) return null;
			const umd = code.indexOf('// Export using a UMD style export'), amd = code.indexOf('define([], () => ModuleFactory);');
			if (!code.includes('var ModuleFactory = ') || umd < 0 || amd < umd) throw new Error(`litert-glue: ${id} changed; check how LiteRT.js starts`);
			// Its UMD tail and Node-only requires (never reached in a browser) would only make the bundler warn.
			const esm = (code.slice(0, umd) + code.slice(amd + 'define([], () => ModuleFactory);'.length)).replace(/require\("node:(fs|crypto)"\)/g, 'undefined');
			return { code: `${esm}\nexport default ModuleFactory;\n`, map: null };
		}
	};
}

/**
 * `vite preview` sends the isolation headers on every response (`npm start` serves build/ with its own server,
 * src/server/app.ts, which sends them too). `preview.headers` alone is
 * not enough: SvelteKit's preview middleware serves the pages and assets before Vite's, without them.
 */
function isolationHeaders(): Plugin {
	return {
		name: 'cross-origin-isolation',
		configurePreviewServer(server) {
			server.middlewares.use((_req, res, next) => {
				for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
				next();
			});
		}
	};
}

export default defineConfig({
	plugins: [isolationHeaders(), tfjsWasmThreadsFix(), litertGlue(), sveltekit()],
	build: { chunkSizeWarningLimit: 2500 },
	// The inference worker is an ES module worker (new Worker(url, { type: 'module' })).
	worker: { format: 'es', plugins: () => [tfjsWasmThreadsFix(), litertGlue()] },
	server: { port: 5173, strictPort: false },
	preview: { port: 4173, strictPort: false, headers: ISOLATION_HEADERS },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		testTimeout: 120_000,
		hookTimeout: 120_000
	}
});
