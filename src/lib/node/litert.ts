// LiteRT.js in Node (eval, tests): its glue is an Emscripten script meant for <script> or importScripts, so it is
// run here as a CommonJS function (Node may eval; the browser worker bundles it instead, see browser/litert.ts),
// handed to @litertjs/core as `self.ModuleFactory`, and importScripts is a no-op. Node 20 lacks relaxed SIMD, so
// Node runs the `compat` build (plain SIMD); browsers with relaxed SIMD get the default build.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import type { LiteRtApi } from '../core/litert-classifier';

const GLUE = 'litert_wasm_compat_internal.js';
let loaded: Promise<LiteRtApi> | null = null;

/** The LiteRT.js runtime, loaded once per process (LiteRT.js allows one per JS context). */
export function loadLiteRtNode(): Promise<LiteRtApi> {
	loaded ??= (async () => {
		const require = createRequire(import.meta.url);
		const dir = join(dirname(require.resolve('@litertjs/core/package.json')), 'wasm');
		const file = join(dir, GLUE);
		const module = { exports: {} as unknown };
		const factory = vm.compileFunction(readFileSync(file, 'utf8'), ['require', 'module', 'exports', '__filename', '__dirname'], { filename: file });
		factory(createRequire(file), module, module.exports, file, dir);
		const g = globalThis as Record<string, unknown>;
		g.self ??= globalThis;
		g.ModuleFactory = module.exports;
		g.importScripts ??= () => {};
		const litert = await import('@litertjs/core');
		await litert.loadLiteRt(file);
		return { Tensor: litert.Tensor, loadAndCompile: (bytes, options) => litert.loadAndCompile(bytes, options) };
	})();
	return loaded;
}
