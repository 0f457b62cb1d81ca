// One model over a labelled folder, with the app's classifier: the loop behind `npm run eval`.
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import * as tf from '@tensorflow/tfjs';
import { accuracy, type AccuracyReport } from '../core/accuracy';
import type { ModelEntry } from '../core/catalogue';
import type { ImageNetClass } from '../core/classes';
import type { LabelledImage } from '../core/labels';
import type { Crops } from '../core/preprocess';
import { decodePixelsFile } from './files';
import { cropPictures, type PixelRegion } from '../core/crop-resize';
import { loadClassifierFromDisk } from './runtime';
import type { EngineName } from '../core/engines';

export interface EvaluateOptions {
	entry: ModelEntry;
	classes: ImageNetClass[];
	labels: LabelledImage[];
	imageDir: string;
	crops: Crops;
	batchSize: number;
	/** Progress bar on stderr (default true). */
	progress?: boolean;
	/** 'litert': the model's original .tflite through LiteRT.js (default 'tfjs'). */
	engine?: EngineName;
	/** Answers kept per photo (default 5; more lets engines be compared with ties at fifth place). */
	k?: number;
}

export async function evaluateModel(o: EvaluateOptions) {
	const t0 = performance.now();
	const classifier = await loadClassifierFromDisk(o.entry.id, o.classes, undefined, o.engine ?? 'tfjs');
	const loadMs = performance.now() - t0;
	const tensorsBefore = tf.memory().numTensors;
	// Ten crops make each picture ten rows of the batch: keep the batch about the same size in rows.
	const perBatch = Math.max(1, Math.floor(o.batchSize / o.crops));
	const bar = new cliProgress.SingleBar(
		{ format: `${o.entry.id} [{bar}] {value}/{total} images | {eta_formatted} left`, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 10000 },
		cliProgress.Presets.shades_classic
	);
	if (o.progress !== false) bar.start(o.labels.length, 0);
	const guesses: number[][] = [];
	const answersKept: { classIndex: number; probability: number }[][] = [];
	const unreadable: string[] = [];
	const t1 = performance.now();
	try {
		for (let i = 0; i < o.labels.length; i += perBatch) {
			const chunk = o.labels.slice(i, i + perBatch);
			const pixels: (PixelRegion | null)[] = await Promise.all(
				chunk.map((l) =>
					decodePixelsFile(join(o.imageDir, l.filename)).catch((e) => {
						unreadable.push(`${l.filename}: ${(e as Error).message}`);
						return null;
					})
				)
			);
			const ok = pixels.filter((p): p is PixelRegion => p !== null);
			// The app's own path: crop and resize in JavaScript (core/crop-resize), as the inference worker does.
			const fraction = classifier.entry.preprocessing.crop;
			const answers = ok.length ? await classifier.classifyCropped(cropPictures(ok, classifier.inputSize, fraction, o.crops), Math.max(5, o.k ?? 5), o.crops) : [];
			let a = 0;
			for (const p of pixels) {
				const kept = p ? answers[a++].map((x) => ({ classIndex: x.classIndex, probability: x.probability })) : [];
				answersKept.push(kept);
				guesses.push(kept.slice(0, 5).map((x) => x.classIndex));
			}
			if (o.progress !== false) bar.increment(chunk.length);
		}
	} finally {
		if (o.progress !== false) bar.stop();
	}
	const runMs = performance.now() - t1;
	const leaked = tf.memory().numTensors - tensorsBefore;
	classifier.dispose();
	const report: AccuracyReport = accuracy(guesses, o.labels);
	return { report, unreadable, loadMs, msPerImage: runMs / Math.max(1, o.labels.length), leaked, answers: answersKept };
}
