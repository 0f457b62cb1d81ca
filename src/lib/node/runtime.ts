// Set up TF.js in Node (wasm or cpu backend) and read the app's assets from the static/ folder.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { getModel } from '../core/catalogue';
import { loadClassifier, type Classifier } from '../core/classifier';
import { parseClasses, type ImageNetClass } from '../core/classes';
import { paths } from '../core/datasets';
import type { EngineName } from '../core/engines';
import { fileFetch } from './files';
import { ASSET_ROOT } from './assets';

export { ASSET_ROOT };

export async function useNodeBackend(name: 'wasm' | 'cpu' = 'wasm'): Promise<string> {
	if (!(await tf.setBackend(name))) throw new Error(`TF.js backend "${name}" failed to start in Node`);
	await tf.ready();
	return tf.getBackend();
}

export async function loadClassesFromDisk(root = ASSET_ROOT): Promise<ImageNetClass[]> {
	const file = join(root, paths.meta('classes.csv'));
	try {
		return parseClasses(await readFile(file, 'utf8'));
	} catch (e) {
		throw new Error(`Cannot read the class list ${file}: ${(e as Error).message}. Run "npm run assets" (it copies it from the data mirror).`);
	}
}

/** `engine` 'litert': the model's original .tflite through LiteRT.js (WASM, its compat build in Node). */
export async function loadClassifierFromDisk(modelId: string, classes: ImageNetClass[], root = ASSET_ROOT, engine: EngineName = 'tfjs'): Promise<Classifier> {
	if (engine === 'litert') {
		const { loadLiteRtNode } = await import('./litert');
		const { loadLiteRtClassifier } = await import('../core/litert-classifier');
		return loadLiteRtClassifier(getModel(modelId), { baseUrl: root, classes, fetchFunc: fileFetch(), api: await loadLiteRtNode() });
	}
	return loadClassifier(getModel(modelId), { baseUrl: root, classes, fetchFunc: fileFetch() });
}
