// The browser side of the core: registers every TF.js backend, picks one, loads a model (in the inference
// worker, or on the page where a page runs TF.js itself).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { whyNotUsed, type BackendChoice, type BackendName } from '../core/backend';
import { chooseBackend } from './backend-choice';
import { getModel } from '../core/catalogue';
import { loadClassifier, type Classifier } from '../core/classifier';
import type { ImageNetClass } from '../core/classes';
import { paths } from '../core/datasets';
import { loadClasses } from './data';
import { ModelFileError, verifyingFetch } from '../core/integrity';
import { ENGINE_BACKENDS, enginesFor, type EngineName } from '../core/engines';
import { loadLiteRtClassifier } from '../core/litert-classifier';
import { loadLiteRtBrowser } from './litert';

// TF.js's weight-progress monitor chains .then() on each shard's fetch without a catch, so a missing or
// damaged shard also surfaces as an unhandled rejection. The load itself rejects with the same error and
// the page shows it: drop only that duplicate.
globalThis.addEventListener?.('unhandledrejection', (e: PromiseRejectionEvent) => {
	if (e.reason instanceof ModelFileError) e.preventDefault();
});

export interface Engine {
	engine: EngineName;
	backend: BackendChoice;
	/** LiteRT.js's WASM build, when it runs the model. */
	litertBuild?: string;
	classes: ImageNetClass[];
	classifier: Classifier;
	loadMs: number;
}

let backendReady: { force: BackendName | undefined; choice: Promise<BackendChoice> } | null = null;

/** Whether this context may run threaded WASM: cross-origin isolated (SharedArrayBuffer) pages and their workers. */
export const canUseWasmThreads = () => Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated) && typeof SharedArrayBuffer !== 'undefined';

/**
 * Pick (once per forced choice) and start the backend. `wasmThreads`: XNNPACK's thread count for WASM (default: the
 * machine's logical cores), only where the page is cross-origin isolated; elsewhere WASM runs its one-thread build.
 * Both must be set before the WASM backend starts, i.e. once per worker.
 */
export function startBackend(base: string, force?: BackendName, wasmThreads?: number): Promise<BackendChoice> {
	if (backendReady && backendReady.force === force) return backendReady.choice;
	setWasmPaths(`${base}/${paths.wasm}`); // WASM binaries from our own origin
	// The threaded build needs SharedArrayBuffer; in a bundle it also needs vite.config.ts's tfjsWasmThreadsFix.
	tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', canUseWasmThreads());
	let restore = () => {};
	if (canUseWasmThreads()) {
		const threads = Math.max(1, Math.floor(wasmThreads ?? globalThis.navigator?.hardwareConcurrency ?? 1));
		setThreadsCount(threads);
		restore = reportCoresFor(threads);
	}
	const choice = chooseBackend(force);
	choice.finally(restore).catch(() => {});
	backendReady = { force, choice };
	choice.catch(() => (backendReady = null));
	return choice;
}

/** XNNPACK's threads in the running WASM backend (1 for the one-thread build); null on other backends. */
export function wasmThreadCount(): number | null {
	if (tf.getBackend() !== 'wasm') return null;
	try {
		return getThreadsCount();
	} catch {
		return null;
	}
}

/**
 * tfjs-backend-wasm (backend.cc) caps XNNPACK's threads at half of navigator.hardwareConcurrency, assuming two
 * hyper-threads per core, so on a 2-core machine it runs one thread whatever setThreadsCount asks. While the WASM
 * module starts (it reads the figure once), report enough cores for `threads`; returns the undo.
 */
function reportCoresFor(threads: number): () => void {
	const nav = globalThis.navigator;
	if (!nav || nav.hardwareConcurrency >= 2 * threads) return () => {};
	Object.defineProperty(nav, 'hardwareConcurrency', { configurable: true, get: () => 2 * threads });
	return () => delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
}

export async function loadEngine(
	base: string,
	modelId: string,
	force?: BackendName,
	onProgress?: (fraction: number) => void,
	wasmThreads?: number,
	engine: EngineName = 'tfjs'
): Promise<Engine> {
	if (engine === 'litert') return loadLiteRtEngine(base, modelId, force, onProgress);
	const backend = await startBackend(base, force, wasmThreads);
	const classes = await loadClasses(base);
	const t0 = performance.now();
	// Every model file is checked against the catalogue's size and SHA-256: a missing or damaged one is named.
	const fetchFunc = verifyingFetch((input, init) => fetch(input, init));
	const classifier = await loadClassifier(getModel(modelId), { baseUrl: base || '/', classes, onProgress, fetchFunc });
	return { engine: 'tfjs', backend, classes, classifier, loadMs: performance.now() - t0 };
}

/**
 * LiteRT.js on WASM (XNNPack). TF.js stays for what works on tensors (the lab's and the bench's crop on the
 * backend), on its plain CPU backend: starting TF.js's own WASM beside LiteRT.js's would cost time and memory.
 */
async function loadLiteRtEngine(base: string, modelId: string, force?: BackendName, onProgress?: (fraction: number) => void): Promise<Engine> {
	if (force && !ENGINE_BACKENDS.litert.includes(force)) throw new Error(`LiteRT.js runs on ${ENGINE_BACKENDS.litert.join(', ')} here, not ${force}`);
	const entry = getModel(modelId);
	if (!enginesFor(entry).includes('litert')) throw new Error(`${entry.name} has no .tflite file: LiteRT.js cannot run it`);
	const tfjs = await startBackend(base, 'cpu');
	const classes = await loadClasses(base);
	const t0 = performance.now();
	const runtime = await loadLiteRtBrowser(base);
	const fetchFunc = verifyingFetch((input, init) => fetch(input, init));
	const classifier = await loadLiteRtClassifier(entry, { baseUrl: base || '/', classes, onProgress, fetchFunc, api: runtime.api, accelerator: 'wasm' });
	const notUsed: BackendChoice['notUsed'] = {};
	// TF.js's reasons where they hold (emulated, unavailable); a real GPU is not used because LiteRT.js's WebGPU
	// needs its JSPI build, which the app does not serve yet.
	for (const p of tfjs.probes) {
		if (p.name === 'wasm') continue;
		notUsed[p.name] = p.available && p.hardware === true ? `LiteRT.js runs on wasm here (its ${p.name === 'webgpu' ? 'WebGPU needs the JSPI build, not served yet' : 'has no WebGL'})` : whyNotUsed(p, 'wasm');
	}
	const backend: BackendChoice = { chosen: 'wasm', forced: force === 'wasm', probes: tfjs.probes, notUsed };
	return { engine: 'litert', backend, classes, classifier, loadMs: performance.now() - t0, litertBuild: runtime.build };
}
