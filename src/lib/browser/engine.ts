// The browser side of the core: registers every TF.js backend, picks one, loads the class list and a model.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { chooseBackend, type BackendChoice, type BackendName } from '../core/backend';
import { getModel } from '../core/catalogue';
import { loadClassifier, type Classifier } from '../core/classifier';
import { parseClasses, type ImageNetClass } from '../core/classes';
import { paths } from '../core/datasets';
import { parseLabels, type LabelledImage } from '../core/labels';

export interface Engine {
	backend: BackendChoice;
	classes: ImageNetClass[];
	classifier: Classifier;
	loadMs: number;
}

let classesPromise: Promise<ImageNetClass[]> | null = null;

async function fetchOk(url: string): Promise<Response> {
	const res = await fetch(url);
	if (!res.ok) throw new Error(`${url}: HTTP ${res.status}. Run "npm run assets" to copy the data from the mirror.`);
	return res;
}

export function loadClasses(base: string): Promise<ImageNetClass[]> {
	classesPromise ??= fetchOk(`${base}/${paths.meta('classes.csv')}`)
		.then((r) => r.text())
		.then(parseClasses)
		.catch((e) => {
			classesPromise = null;
			throw e;
		});
	return classesPromise;
}

export async function loadImageSet(base: string, setId: string): Promise<LabelledImage[]> {
	return parseLabels(await (await fetchOk(`${base}/${paths.set(setId, 'labels.csv')}`)).text());
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
	const classifier = await loadClassifier(getModel(modelId), { baseUrl: base || '/', classes, onProgress });
	return { backend, classes, classifier, loadMs: performance.now() - t0 };
}

// Decoding needs no TF.js: it lives in decode.ts so that pages using the inference worker need not load TF.js.
export { decodePicture, MAX_SIDE } from './decode';

export function tensorCount(): number {
	return tf.memory().numTensors;
}

export async function timeClassify(classifier: Classifier, image: ImageBitmap, k = 5) {
	const t0 = performance.now();
	const predictions = await classifier.classify(image, k);
	return { predictions, ms: performance.now() - t0 };
}
