// The lab's model work, run in the inference worker: probabilities for one picture, the occlusion map and sweeps.
// The lab code itself (src/lib/lab) is model-agnostic; this file hands it the worker's classifier.
import * as tf from '@tensorflow/tfjs';
import type { Crops } from '../core/crops';
import type { Classifier } from '../core/classifier';
import type { RGBImage } from '../lab/image';
import { occlusionMap, type OcclusionMap, type PredictFn } from '../lab/occlusion';
import { runSweep, type SweepResult } from '../lab/sweep';
import { imageToTensor, sweepModel } from '../lab/tensor';
import { getTransform } from '../lab/transforms';
import { canvasJpegCodec, loadPicture } from '../browser/lab';
import type { OcclusionJobOptions, SweepJob } from './protocol';
import { cropBitmaps } from './bitmap-pixels';

/** The model as the occlusion map wants it: 0..255 pictures -> probabilities (preprocess then probabilities). */
export function predictFn(classifier: Classifier): PredictFn {
	return (batch) => tf.tidy(() => classifier.probabilities(classifier.preprocess(tf.unstack(batch) as tf.Tensor3D[])));
}

const isBitmap = (x: RGBImage | ImageBitmap): x is ImageBitmap => typeof ImageBitmap !== 'undefined' && x instanceof ImageBitmap;

/**
 * Every class probability for one picture (the lab needs the true class's rank, not just the top-5); with
 * crops = 10 the mean over the ten crops, run as one batch.
 */
export async function probabilities(classifier: Classifier, image: RGBImage | ImageBitmap, crops: Crops = 1): Promise<Float32Array> {
	if (classifier.classScores) {
		// An asynchronous engine (LiteRT.js): the crops as pixels, then its own scores.
		if (isBitmap(image)) return classifier.classScores(cropBitmaps(classifier, [image], crops), crops);
		const batch = tf.tidy(() => classifier.preprocess([imageToTensor(image)], crops));
		try {
			return await classifier.classScores(new Float32Array(await batch.data()), crops);
		} finally {
			batch.dispose();
		}
	}
	const p = tf.tidy(() => {
		// A bitmap (a photo) takes the app's crop in JavaScript; lab pixels, transformed already, the backend's.
		const batch = isBitmap(image) ? classifier.preprocessCropped(cropBitmaps(classifier, [image], crops)) : classifier.preprocess([imageToTensor(image)], crops);
		return tf.mean(classifier.probabilities(batch), 0);
	});
	try {
		return new Float32Array(await p.data());
	} finally {
		p.dispose();
	}
}

export async function occlusionJob(
	classifier: Classifier,
	image: RGBImage,
	classIndex: number,
	o: OcclusionJobOptions,
	signal: AbortSignal,
	onProgress: (done: number, total: number) => void
): Promise<OcclusionMap> {
	const pixels = imageToTensor(image);
	try {
		return await occlusionMap(pixels, predictFn(classifier), classIndex, { ...o, batchSize: o.batchSize ?? 16, signal, onProgress });
	} finally {
		pixels.dispose();
	}
}

/**
 * A sweep with the pictures fetched and decoded here. `classifierFor` gives a model (the loaded one, or a temporary
 * one loaded for the sweep) and `release` disposes a temporary one.
 */
export async function sweepJob(
	job: SweepJob,
	classifierFor: (modelId: string) => Promise<{ classifier: Classifier; release(): void }>,
	signal: AbortSignal,
	onProgress: (done: number, total: number, note?: string) => void
): Promise<SweepResult> {
	const held: { release(): void }[] = [];
	try {
		const classifiers: Classifier[] = [];
		for (const id of job.modelIds) {
			onProgress(0, 1, `Loading ${id}…`);
			const c = await classifierFor(id);
			held.push(c);
			classifiers.push(c.classifier);
			if (signal.aborted) throw Object.assign(new Error('Cancelled'), { name: 'AbortError' });
		}
		return await runSweep({
			transform: getTransform(job.transformId),
			strengths: job.strengths,
			images: job.images.map((im) => ({ name: im.name, classIndex: im.classIndex, load: () => loadPicture(im.url, im.name) })),
			models: classifiers.map(sweepModel),
			ctx: { jpeg: canvasJpegCodec, seed: job.seed },
			batchSize: job.batchSize ?? 8,
			signal,
			onProgress: (done, total) => onProgress(done, total)
		});
	} finally {
		held.forEach((h) => h.release());
	}
}
