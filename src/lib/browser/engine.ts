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

export const MAX_SIDE = 4096;

/**
 * Decode a user's file into an ImageBitmap with EXIF orientation applied; pictures larger than
 * MAX_SIDE are scaled down. Throws an Error whose message can be shown as is.
 */
export async function decodePicture(file: Blob, name = 'The file'): Promise<ImageBitmap> {
	if (file.size === 0) throw new Error(`${name} is empty (0 bytes).`);
	let bitmap: ImageBitmap;
	try {
		if (file.type === 'image/svg+xml') bitmap = await rasteriseSvg(file);
		else bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	} catch {
		throw new Error(`${name} could not be read as a picture (${file.type || 'unknown type'}). Try a JPEG, PNG, WebP or GIF.`);
	}
	if (bitmap.width === 0 || bitmap.height === 0) throw new Error(`${name} has no pixels.`);
	const side = Math.max(bitmap.width, bitmap.height);
	if (side > MAX_SIDE) {
		const scale = MAX_SIDE / side;
		const smaller = await createImageBitmap(bitmap, {
			resizeWidth: Math.max(1, Math.round(bitmap.width * scale)),
			resizeHeight: Math.max(1, Math.round(bitmap.height * scale)),
			resizeQuality: 'high'
		});
		bitmap.close();
		bitmap = smaller;
	}
	return bitmap;
}

/** SVG has no intrinsic pixels: draw it through an <img> (which never loads external resources) at 512 px. */
async function rasteriseSvg(file: Blob): Promise<ImageBitmap> {
	const url = URL.createObjectURL(file);
	try {
		const img = new Image();
		img.src = url;
		await img.decode();
		const w = img.naturalWidth || 512, h = img.naturalHeight || 512;
		const scale = 512 / Math.max(w, h);
		const canvas = document.createElement('canvas');
		canvas.width = Math.round(w * scale);
		canvas.height = Math.round(h * scale);
		const ctx = canvas.getContext('2d')!;
		ctx.fillStyle = '#fff'; // transparent areas read as white, not black
		ctx.fillRect(0, 0, canvas.width, canvas.height);
		ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
		return await createImageBitmap(canvas);
	} finally {
		URL.revokeObjectURL(url);
	}
}

export function tensorCount(): number {
	return tf.memory().numTensors;
}

export async function timeClassify(classifier: Classifier, image: ImageBitmap, k = 5) {
	const t0 = performance.now();
	const predictions = await classifier.classify(image, k);
	return { predictions, ms: performance.now() - t0 };
}
