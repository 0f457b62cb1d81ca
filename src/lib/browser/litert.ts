// LiteRT.js's runtime in the inference worker, from the app's own origin and without eval. Its Emscripten glue
// is meant for <script> or importScripts, which a module worker lacks; so the glue is bundled into the worker
// (vite.config.ts's litertGlue plugin gives it an `export default`), handed to @litertjs/core as
// `self.ModuleFactory`, and importScripts is a no-op while loadLiteRt runs. `self.Module.locateFile` points the
// glue at the .wasm that `npm run assets` copied into static/litert-wasm/. The glue compiles its WASM with
// WebAssembly.instantiate, which the CSP's 'wasm-unsafe-eval' allows.
import type { LiteRtApi } from '../core/litert-classifier';
import { paths } from '../core/datasets';

export interface LiteRtRuntime {
	api: LiteRtApi;
	/** 'relaxed-simd': LiteRT.js's default build; 'compat': plain SIMD, for browsers without relaxed SIMD. */
	build: 'relaxed-simd' | 'compat';
	startMs: number;
}

let loaded: Promise<LiteRtRuntime> | null = null;

/** LiteRT.js may be loaded once per JS context: the first call loads it, later ones share it. */
export function loadLiteRtBrowser(base: string): Promise<LiteRtRuntime> {
	loaded ??= start(base);
	loaded.catch(() => (loaded = null));
	return loaded;
}

async function start(base: string): Promise<LiteRtRuntime> {
	const t0 = performance.now();
	const litert = await import('@litertjs/core');
	const relaxed = await litert.supportsFeature('relaxedSimd');
	const glue = relaxed ? await import('@litertjs/core/wasm/litert_wasm_internal.js') : await import('@litertjs/core/wasm/litert_wasm_compat_internal.js');
	const file = relaxed ? 'litert_wasm_internal.js' : 'litert_wasm_compat_internal.js';
	const dir = `${base}/${paths.litertWasm}`;
	const scope = self as unknown as { ModuleFactory?: unknown; Module?: unknown; importScripts?: unknown };
	scope.ModuleFactory = glue.default;
	scope.Module = { locateFile: (f: string) => dir + f };
	const importScripts = scope.importScripts;
	scope.importScripts = () => {}; // the glue is already here (bundled)
	try {
		await litert.loadLiteRt(dir + file);
	} finally {
		scope.importScripts = importScripts;
	}
	return {
		api: { Tensor: litert.Tensor, loadAndCompile: (bytes, options) => litert.loadAndCompile(bytes, options) },
		build: relaxed ? 'relaxed-simd' : 'compat',
		startMs: performance.now() - t0
	};
}
