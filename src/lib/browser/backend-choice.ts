// Probe the backends this browser offers, then switch TF.js to the best one that really starts, keeping why
// the others were not used (the ranking itself is core/backend.ts).
import * as tf from '@tensorflow/tfjs';
import { rankBackends, SOFTWARE_RENDERER, whyNotUsed, type BackendChoice, type BackendName, type BackendProbe } from '../core/backend';

async function probeWebGPU(): Promise<BackendProbe> {
	const name = 'webgpu';
	const gpu = (globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } })?.gpu;
	if (!gpu) return { name, available: false, hardware: null, detail: 'this browser has no WebGPU (navigator.gpu is missing)' };
	try {
		const adapter = (await gpu.requestAdapter()) as {
			isFallbackAdapter?: boolean;
			info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
		} | null;
		if (!adapter) return { name, available: false, hardware: null, detail: 'no WebGPU adapter was offered' };
		const info = adapter.info ?? {};
		const text = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed adapter';
		const fallback = Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter) || SOFTWARE_RENDERER.test(text);
		return { name, available: true, hardware: !fallback, detail: fallback ? `fallback adapter: ${text}` : text };
	} catch (e) {
		return { name, available: false, hardware: null, detail: `requestAdapter failed: ${(e as Error).message}` };
	}
}

function probeWebGL(): BackendProbe {
	const name = 'webgl';
	try {
		const canvas: HTMLCanvasElement | OffscreenCanvas =
			typeof OffscreenCanvas !== 'undefined'
				? new OffscreenCanvas(1, 1)
				: typeof document !== 'undefined'
					? document.createElement('canvas')
					: (null as never);
		if (!canvas) return { name, available: false, hardware: null, detail: 'no canvas in this context' };
		const gl = canvas.getContext('webgl2') as WebGL2RenderingContext | null;
		if (!gl) return { name, available: false, hardware: null, detail: 'WebGL2 context could not be created' };
		const ext = gl.getExtension('WEBGL_debug_renderer_info');
		const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
		gl.getExtension('WEBGL_lose_context')?.loseContext();
		const software = SOFTWARE_RENDERER.test(renderer);
		return { name, available: true, hardware: !software, detail: renderer };
	} catch (e) {
		return { name, available: false, hardware: null, detail: (e as Error).message };
	}
}

export async function probeBackends(): Promise<BackendProbe[]> {
	const registered = new Set(Object.keys(tf.engine().registryFactory));
	const probes: BackendProbe[] = [
		await probeWebGPU(),
		probeWebGL(),
		{ name: 'wasm', available: typeof WebAssembly !== 'undefined', hardware: null, detail: 'WebAssembly (SIMD when the browser has it)' },
		{ name: 'cpu', available: true, hardware: null, detail: 'plain JavaScript' }
	];
	for (const p of probes) {
		if (p.available && !registered.has(p.name)) {
			p.available = false;
			p.detail = 'backend not registered in this build';
		}
	}
	return probes;
}

/** Run `f` while collecting console.warn lines (still printed). */
async function withWarnings<T>(into: string[], f: () => Promise<T>): Promise<T> {
	const warn = console.warn;
	console.warn = (...args: unknown[]) => {
		into.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
		warn.apply(console, args);
	};
	try {
		return await f();
	} finally {
		console.warn = warn;
	}
}

/** The first informative line of what TF.js logged when a backend failed to start. */
export function causeOf(warnings: string[]): string {
	const lines = warnings.flatMap((w) => w.split('\n')).map((l) => l.trim());
	const cause = lines.find((l) => l && !/^Initialization of backend .* failed$/.test(l) && !/^at /.test(l));
	return cause ? cause.slice(0, 300) : '';
}

/**
 * Switch TF.js to the best backend that really initialises (or to `force`), trying the next on
 * failure. A failed setBackend leaves tf.getBackend() pointing at the broken one, so each result is
 * checked before any op runs.
 */
export async function chooseBackend(force?: BackendName, probes?: BackendProbe[]): Promise<BackendChoice> {
	probes ??= await probeBackends();
	const ranked = rankBackends(probes);
	const order = force ? [force, ...ranked.filter((b) => b !== force)] : ranked;
	const notUsed: Partial<Record<BackendName, string>> = {};
	for (const name of order) {
		const probe = probes.find((p) => p.name === name);
		if (name === 'webgl' && probe?.hardware === false) tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
		let ok = false;
		let error = '';
		const warned: string[] = [];
		try {
			// TF.js swallows a backend's start-up error and only logs it (console.warn): keep it, to show why.
			ok = await withWarnings(warned, async () => {
				const set = await tf.setBackend(name);
				if (set) await tf.ready();
				return set;
			});
		} catch (e) {
			error = (e as Error).message;
			ok = false;
		}
		if (!ok && !error) error = causeOf(warned);
		if (ok && tf.getBackend() === name) {
			for (const p of probes) {
				// When you chose the backend, no ranking was applied: say so, not "ranked below".
				if (p.name !== name && !notUsed[p.name])
					notUsed[p.name] = force === name && p.available ? `not used: you chose ${name}${p.hardware === false ? ` (${p.name} here is a software-emulated GPU)` : ''}` : whyNotUsed(p, name);
			}
			if (force && force !== name) notUsed[force] = notUsed[force] ?? `${force} was requested but failed`;
			return { chosen: name, forced: force === name, probes, notUsed };
		}
		notUsed[name] = `failed to initialise${error ? `: ${error}` : ''}`;
	}
	throw new Error(`No TF.js backend could start: ${JSON.stringify(notUsed)}`);
}
