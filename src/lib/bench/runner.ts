// The benchmark of one loaded classifier on the current TF.js backend. Framework-free: it runs in the
// inference worker (ImageBitmaps) and in Node tests (tensors).
import * as tf from '@tensorflow/tfjs';
import type { Classifier, Prediction } from '../core/classifier';
import { toPixelTensor, type PixelInput } from '../core/preprocess';
import { keepGoing, summarize } from './stats';
import type { BatchResult, BenchConfig, MemorySnapshot } from './types';

export interface NamedImage {
	name: string;
	image: PixelInput;
}

/** How the app turns pictures into predictions ("ours"): the classifier's own tensor path unless the caller has its own. */
export interface PicturePath {
	classifyBatch(images: PixelInput[], k: number): Promise<Prediction[][]>;
}

export interface BenchProgress {
	phase: 'first' | 'rounds' | 'batch' | 'reference';
	done: number;
	total: number;
	text: string;
}

export interface ClassifierBench {
	first_ms: number | null;
	ours: ReturnType<typeof summarize>;
	bare: ReturnType<typeof summarize>;
	classify: ReturnType<typeof summarize>;
	batches: BatchResult[];
	top5: Record<string, number[]>;
	tensors_before: MemorySnapshot;
	tensors_after: MemorySnapshot;
	tensors_leaked: number;
	classifications: number;
}

const now = () => performance.now();
const memory = (): MemorySnapshot => {
	const m = tf.memory();
	return { numTensors: m.numTensors, numBytes: m.numBytes };
};
/** Lets progress messages and other tasks through between runs. */
const yieldTask = () => new Promise((r) => setTimeout(r, 0));

async function time<T>(f: () => Promise<T>): Promise<[number, T]> {
	const t0 = now();
	const v = await f();
	return [now() - t0, v];
}

/**
 * First inference, then interleaved rounds of our pipeline (classify), bare predict (with its output read
 * back) and the package's classify(), then throughput per batch size. Reads tf.memory() before the first
 * classification and after the last one.
 */
export async function benchClassifier(
	classifier: Classifier,
	images: NamedImage[],
	config: BenchConfig,
	onProgress: (p: BenchProgress) => void = () => {},
	picturePath: PicturePath = classifier
): Promise<ClassifierBench> {
	if (images.length === 0) throw new Error('The benchmark needs at least one picture.');
	const before = memory();
	const top5: Record<string, number[]> = {};
	let classifications = 0;
	const ours = async (img: NamedImage) => {
		const [p] = await picturePath.classifyBatch([img.image], 5);
		classifications++;
		top5[img.name] ??= p.map((x) => x.classIndex);
		return p;
	};

	if (config.referenceOnly) {
		for (const [i, img] of images.entries()) {
			onProgress({ phase: 'reference', done: i, total: images.length, text: `reference top-5, picture ${i + 1} of ${images.length}` });
			await ours(img);
		}
		const after = memory();
		return {
			first_ms: null, ours: null, bare: null, classify: null, batches: [], top5,
			tensors_before: before, tensors_after: after, tensors_leaked: after.numTensors - before.numTensors, classifications
		};
	}

	onProgress({ phase: 'first', done: 0, total: 1, text: 'first inference' });
	const [first_ms] = await time(() => ours(images[0]));

	// Bare predict on an already preprocessed batch; its output is read back, or only the dispatch would be timed.
	const pre = tf.tidy(() => classifier.preprocess([toPixelTensor(images[0].image)]));
	const bare = async () => {
		if (classifier.bareRun) return classifier.bareRun(pre); // e.g. LiteRT.js: run() on its own input tensor
		const out = classifier.predictRaw(pre);
		try {
			await out.data();
		} finally {
			out.dispose();
		}
	};
	const pkg = classifier.packageClassify;
	const packageClassify = pkg ? (img: NamedImage) => pkg(img.image as tf.Tensor3D, 5) : null;
	// One untimed run of each baseline: their first run compiles their own kernels.
	await bare();
	if (packageClassify) await packageClassify(images[0]);

	const samples = { ours: [] as number[], bare: [] as number[], classify: [] as number[] };
	const t0 = now();
	const limits = { minRuns: config.minRuns, maxRuns: config.maxRuns, budgetMs: config.budgetMs };
	for (let r = 0; keepGoing(r, now() - t0, limits); r++) {
		onProgress({ phase: 'rounds', done: r, total: config.maxRuns, text: `round ${r + 1} (ours, bare predict${packageClassify ? ', classify()' : ''})` });
		const img = images[r % images.length];
		// Rotate which one goes first, so that a slow moment of the machine hits all three alike.
		const steps = [
			async () => samples.ours.push((await time(() => ours(img)))[0]),
			async () => samples.bare.push((await time(bare))[0]),
			...(packageClassify ? [async () => samples.classify.push((await time(() => packageClassify(img)))[0])] : [])
		];
		for (let s = 0; s < steps.length; s++) await steps[(s + r) % steps.length]();
		await yieldTask();
	}
	pre.dispose();

	// Every picture gets its top-5 (for the agreement with the CPU backend), also those the rounds did not reach.
	for (const img of images) if (!top5[img.name]) await ours(img);

	const oursSummary = summarize(samples.ours)!;
	const batches: BatchResult[] = [];
	for (const b of config.batchSizes) {
		if (b === 1) {
			batches.push({ batch: 1, n: oursSummary.n, median_ms: oursSummary.median_ms, images_per_s: 1000 / oursSummary.median_ms });
			continue;
		}
		// A warm-up run (new shapes compile new kernels) and one timed run cost about 2 x b x one image.
		const estimate = 2 * b * oursSummary.median_ms;
		if (estimate > config.batchBudgetMs) {
			batches.push({
				batch: b, n: 0, median_ms: null, images_per_s: null,
				skipped: `estimated ${(estimate / 1000).toFixed(0)} s (2 x ${b} x ${oursSummary.median_ms.toFixed(0)} ms) is over the ${(config.batchBudgetMs / 1000).toFixed(0)} s budget per batch size`
			});
			continue;
		}
		const batch = Array.from({ length: b }, (_, i) => images[i % images.length].image);
		const runBatch = async () => {
			await picturePath.classifyBatch(batch, 5);
			classifications += b;
		};
		onProgress({ phase: 'batch', done: 0, total: 1, text: `batch ${b}: warm-up` });
		const tb = now();
		await runBatch();
		const times: number[] = [];
		while (keepGoing(times.length, now() - tb, { minRuns: 1, maxRuns: 5, budgetMs: config.batchBudgetMs })) {
			onProgress({ phase: 'batch', done: times.length, total: 5, text: `batch ${b}: run ${times.length + 1}` });
			times.push((await time(runBatch))[0]);
			await yieldTask();
		}
		const s = summarize(times)!;
		batches.push({ batch: b, n: s.n, median_ms: s.median_ms, images_per_s: (b * 1000) / s.median_ms });
	}

	const after = memory();
	return {
		first_ms,
		ours: oursSummary,
		bare: summarize(samples.bare),
		classify: summarize(samples.classify),
		batches,
		top5,
		tensors_before: before,
		tensors_after: after,
		tensors_leaked: after.numTensors - before.numTensors,
		classifications
	};
}
