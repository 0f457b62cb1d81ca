// The browser side of the core: registers every TF.js backend, picks one, loads a model (in the inference
// worker, or on the page where a page runs TF.js itself).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendChoice, BackendName } from '../core/backend';
import { chooseBackend } from './backend-choice';
import { getModel } from '../core/catalogue';
import { loadClassifier, type Classifier } from '../core/classifier';
import type { ImageNetClass } from '../core/classes';
import { paths } from '../core/datasets';
import { loadClasses } from './data';
import { ModelFileError, verifyingFetch } from '../core/integrity';

// TF.js's weight-progress monitor chains .then() on each shard's fetch without a catch, so a missing or
// damaged shard also surfaces as an unhandled rejection. The load itself rejects with the same error and
// the page shows it: drop only that duplicate.
globalThis.addEventListener?.('unhandledrejection', (e: PromiseRejectionEvent) => {
	if (e.reason instanceof ModelFileError) e.preventDefault();
});

export interface Engine {
	backend: BackendChoice;
	classes: ImageNetClass[];
	classifier: Classifier;
	loadMs: number;
}

let backendReady: { force: BackendName | undefined; choice: Promise<BackendChoice> } | null = null;

/** Pick (once per forced choice) and start the backend. */
export function startBackend(base: string, force?: BackendName): Promise<BackendChoice> {
	if (backendReady && backendReady.force === force) return backendReady.choice;
	// WASM binaries from our own origin; threads off (with COOP/COEP a Vite bundle hangs, and 2 cores gain nothing).
	setWasmPaths(`${base}/${paths.wasm}`);
	tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
	const choice = chooseBackend(force);
	backendReady = { force, choice };
	choice.catch(() => (backendReady = null));
	return choice;
}

export async function loadEngine(
	base: string,
	modelId: string,
	force?: BackendName,
	onProgress?: (fraction: number) => void
): Promise<Engine> {
	const backend = await startBackend(base, force);
	const classes = await loadClasses(base);
	const t0 = performance.now();
	// Every model file is checked against the catalogue's size and SHA-256: a missing or damaged one is named.
	const fetchFunc = verifyingFetch((input, init) => fetch(input, init));
	const classifier = await loadClassifier(getModel(modelId), { baseUrl: base || '/', classes, onProgress, fetchFunc });
	return { backend, classes, classifier, loadMs: performance.now() - t0 };
}
