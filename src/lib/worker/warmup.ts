// Warm-up after a model loads, so the first real picture is answered without the compile wait. On WebGL and
// WebGPU the shaders of the whole pipeline are first compiled in parallel (TF.js's compile-only mode: ops are
// compiled, not run), then one blank picture goes through the real path (crop in the worker, upload, model, read-back).
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../core/classifier';
import { classifyBitmaps } from './bitmap-pixels';
import type { WarmUp } from './protocol';

type CompilingBackend = { checkCompileCompletionAsync(): Promise<unknown>; getUniformLocations?(): void };

/** Compile the pipeline's shaders without running them; false where the backend has no compile-only mode. */
async function compileInParallel(classifier: Classifier): Promise<boolean> {
	const name = tf.getBackend();
	const flag = name === 'webgl' ? 'ENGINE_COMPILE_ONLY' : name === 'webgpu' ? 'WEBGPU_ENGINE_COMPILE_ONLY' : null;
	if (!flag) return false;
	const backend = tf.backend() as unknown as CompilingBackend;
	if (typeof backend.checkCompileCompletionAsync !== 'function') return false;
	tf.env().set(flag, true);
	try {
		const size = classifier.inputSize; // the app's path: crops made in the worker (bitmap-pixels), then normalised here
		tf.dispose(tf.tidy(() => classifier.probabilities(classifier.preprocessCropped(new Float32Array(size * size * 3)))));
	} finally {
		tf.env().set(flag, false);
	}
	await backend.checkCompileCompletionAsync();
	backend.getUniformLocations?.(); // WebGL: bind the compiled programs' uniforms before the first real run
	return true;
}

/** `side`: the blank picture's size. */
export async function warmUp(classifier: Classifier, side = 256): Promise<WarmUp> {
	const t0 = performance.now();
	let parallel = false;
	try {
		parallel = await compileInParallel(classifier);
	} catch (e) {
		console.warn(`parallel shader compile skipped: ${(e as Error).message}`);
	}
	const canvas = new OffscreenCanvas(side, side);
	canvas.getContext('2d')!.fillRect(0, 0, side, side);
	const bitmap = canvas.transferToImageBitmap();
	try {
		await classifyBitmaps(classifier, [bitmap], 5);
	} finally {
		bitmap.close();
	}
	return { ms: performance.now() - t0, parallel_compile: parallel };
}
