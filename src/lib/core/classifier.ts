// load(model) -> classify(picture, k): the one path the arena, the lab, the bench and the CLI share.
import * as tf from '@tensorflow/tfjs';
import * as mobilenet from '@tensorflow-models/mobilenet';
import { modelJsonFile, pipelineInputSize, type ModelEntry } from './catalogue';
import { NUM_CLASSES, outputToClassIndex, type ImageNetClass } from './classes';
import { paths } from './datasets';
import { preprocessBatch, croppedToBatch, toPixelTensor, type Crops, type PixelInput } from './preprocess';
import { softmaxRows, topkRows } from './topk';
import type { EngineName } from './engines';

export interface Prediction {
	classIndex: number;
	wnid: string;
	label: string;
	simpleLabel: string;
	probability: number;
}

export interface LoadOptions {
	/** URL (browser) or folder (Node, with a file fetch) that holds models/ and data/. */
	baseUrl: string;
	classes: ImageNetClass[];
	fetchFunc?: typeof fetch;
	/** Fraction 0..1 of the weights loaded. */
	onProgress?: (fraction: number) => void;
}

export interface Classifier {
	entry: ModelEntry;
	/** Which engine runs it (core/engines): 'tfjs' unless said. */
	engine?: EngineName;
	/** Size of the square the pipeline feeds (224 for @tensorflow-models/mobilenet). */
	inputSize: number;
	/** Top-k for one picture; with crops = 10 the mean probabilities of ten crops, run as one batch. */
	classify(image: PixelInput, k?: number, crops?: Crops): Promise<Prediction[]>;
	/** Top-k for each of several pictures, in one batch through the model (n x crops rows). */
	classifyBatch(images: PixelInput[], k?: number, crops?: Crops): Promise<Prediction[][]>;
	/**
	 * Top-k for each picture of `pixels`: pictures already cropped and resized (core/crop-resize.cropPicture,
	 * crops rows each, one after the other). The app's own path for a picture (see cropAndClassify).
	 */
	classifyCropped(pixels: Float32Array, k?: number, crops?: Crops): Promise<Prediction[][]>;
	/** Pixels -> model-ready batch (crop(s), resize, and the model's normalisation where the loader wants it). */
	preprocess(pixels: tf.Tensor3D[], crops?: Crops): tf.Tensor4D;
	/** Crops already made (core/crop-resize) -> model-ready batch (the normalisation only). */
	preprocessCropped(pixels: Float32Array): tf.Tensor4D;
	/** Preprocessed batch -> class probabilities [n, 1000] in sorted-wnid order. Synchronous; caller disposes. */
	probabilities(batch: tf.Tensor4D): tf.Tensor2D;
	/** Bare model.predict on a preprocessed batch, as the loader gives it (a baseline for the bench). */
	predictRaw(batch: tf.Tensor4D): tf.Tensor;
	/**
	 * Every class probability [n, 1000] (sorted wnid) for crops already made, n pictures x crops rows, the mean over
	 * each picture's crops: the lab's path where probabilities(tensor) cannot run (LiteRT.js is asynchronous).
	 */
	classScores?(pixels: Float32Array, crops?: Crops): Promise<Float32Array>;
	/** The engine's bare call on a preprocessed batch with its output read back (the bench's baseline); else predictRaw. */
	bareRun?(batch: tf.Tensor4D): Promise<void>;
	/** @tensorflow-models/mobilenet's own classify(), where this model loads through it. */
	packageClassify?: (image: tf.Tensor3D, k: number) => Promise<{ className: string; probability: number }[]>;
	dispose(): void;
}

/** The mean of each consecutive group of `group` rows of a [rows, width] array: [rows / group, width]. */
export function meanOfRowGroups(values: ArrayLike<number>, rows: number, group: number, width: number): Float32Array {
	const out = new Float32Array((rows / group) * width);
	for (let r = 0; r < rows; r++) {
		const o = Math.floor(r / group) * width;
		for (let j = 0; j < width; j++) out[o + j] += values[r * width + j];
	}
	for (let i = 0; i < out.length; i++) out[i] /= group;
	return out;
}

function join(base: string, path: string): string {
	return base.endsWith('/') ? base + path : `${base}/${path}`;
}

async function fetchText(url: string, fetchFunc: typeof fetch): Promise<string> {
	const res = await fetchFunc(url);
	if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
	return res.text();
}

/** A clearer message than TF.js gives for a missing or broken shard. */
function explainLoadError(entry: ModelEntry, e: unknown): Error {
	const msg = (e as Error)?.message ?? String(e);
	return new Error(
		`Could not load model "${entry.name}" (${entry.id}): ${msg}. ` +
			`Its files may be missing or damaged: run "npm run assets" to copy them from the mirror.`
	);
}

export async function loadClassifier(entry: ModelEntry, opts: LoadOptions): Promise<Classifier> {
	const fetchFunc = opts.fetchFunc ?? ((input, init) => fetch(input, init));
	const dir = (file: string) => join(opts.baseUrl, paths.model(entry.id, file));
	const handler = tf.io.http(dir(modelJsonFile(entry)), { fetchFunc, onProgress: opts.onProgress });
	const { classes } = opts;

	const order = outputToClassIndex(
		entry.output.class_order,
		classes,
		entry.files.class_order ? (await fetchText(dir(entry.files.class_order), fetchFunc)).split(/\s+/).filter(Boolean) : undefined
	);
	// For each class (sorted order), the model output that holds it: one gather puts any model in class order.
	const classToOutput = new Int32Array(NUM_CLASSES);
	order.forEach((cls, out) => {
		if (cls >= 0) classToOutput[cls] = out;
	});
	const identity = order.length === NUM_CLASSES && order.every((c, i) => c === i);

	let packageModel: mobilenet.MobileNet | null = null;
	let model: tf.GraphModel | tf.LayersModel;
	try {
		if (entry.loader === 'mobilenet') {
			packageModel = await mobilenet.load({
				version: entry.family === 'MobileNet v2' ? 2 : 1,
				modelUrl: handler,
				inputRange: [-1, 1]
			});
			model = null as never; // inference goes through packageModel.infer
		} else if (entry.loader === 'graph') {
			model = await tf.loadGraphModel(handler);
		} else {
			model = await tf.loadLayersModel(handler);
		}
	} catch (e) {
		throw explainLoadError(entry, e);
	}

	const inputSize = pipelineInputSize(entry);
	const normalize = packageModel ? null : entry.preprocessing.normalize; // the package normalises itself

	const predictRaw = (batch: tf.Tensor4D): tf.Tensor => {
		if (packageModel) {
			// infer() takes 0..255 pixels; a single [224, 224, 3] image skips its resize entirely.
			// tidy: the squeezed view would otherwise outlive a caller that is not in a tidy (a leak per call).
			return tf.tidy(() => packageModel!.infer(batch.shape[0] === 1 ? tf.squeeze(batch, [0]) : batch));
		}
		return model.predict(batch) as tf.Tensor;
	};

	/** The model's output in class order: logits or probabilities, as the catalogue says. */
	const classScores = (batch: tf.Tensor4D): tf.Tensor2D =>
		tf.tidy(() => {
			const out = predictRaw(batch) as tf.Tensor2D; // the package already drops the background column
			return !packageModel && !identity ? tf.gather(out, tf.tensor1d(classToOutput, 'int32'), 1) : out;
		});
	const logits = entry.output.activation === 'logits';

	const probabilities = (batch: tf.Tensor4D): tf.Tensor2D =>
		tf.tidy(() => (logits ? tf.softmax(classScores(batch)) : classScores(batch)));

	const preprocess = (pixels: tf.Tensor3D[], crops: Crops = 1) => preprocessBatch(pixels, inputSize, entry.preprocessing.crop, normalize, crops);
	const preprocessCropped = (pixels: Float32Array) => croppedToBatch(pixels, inputSize, normalize);

	if (!packageModel) {
		// Warm up on the chosen backend (the package does its own): compiles shaders / allocates once, before any picture.
		const warm = tf.tidy(() => probabilities(tf.zeros([1, inputSize, inputSize, 3])));
		await warm.data();
		warm.dispose();
	}

	/** `batch`: n pictures x crops rows, model-ready. */
	const topK = async (batch: () => tf.Tensor4D, n: number, k: number, crops: Crops): Promise<Prediction[][]> => {
		// One read-back of the [n, 1000] class scores, softmax and top-k in JavaScript: cheaper than tf.topk on
		// the backend plus two read-backs (see topk.ts). Normalising stays on the backend.
		// The softmax too runs here, on the 1000 read-back logits: ~2.7 ms as a WASM kernel, microseconds in JS.
		// With ten crops, all n x 10 go through the model as one batch; their probabilities are averaged here.
		const scores = tf.tidy(() => classScores(batch()));
		let values: Float32Array | Int32Array | Uint8Array;
		try {
			values = await scores.data();
		} finally {
			scores.dispose();
		}
		if (logits) values = softmaxRows(values, n * crops);
		if (crops > 1) values = meanOfRowGroups(values, n * crops, crops, NUM_CLASSES);
		const kk = Math.min(k, NUM_CLASSES);
		return topkRows(values, n, kk).map((row, r) =>
			row.map((i) => {
				const c = classes[i];
				return { classIndex: c.index, wnid: c.wnid, label: c.label, simpleLabel: c.simpleLabel, probability: values[r * NUM_CLASSES + i] };
			})
		);
	};
	const classifyBatch = (images: PixelInput[], k = 5, crops: Crops = 1) =>
		topK(() => preprocess(images.map(toPixelTensor), crops), images.length, k, crops);
	const classifyCropped = async (pixels: Float32Array, k = 5, crops: Crops = 1) => {
		const n = pixels.length / (crops * inputSize * inputSize * 3);
		if (!Number.isInteger(n)) throw new Error(`${pixels.length} values are not whole pictures of ${crops} crops at ${inputSize} x ${inputSize}`);
		return topK(() => preprocessCropped(pixels), n, k, crops);
	};

	return {
		entry,
		engine: 'tfjs',
		inputSize,
		classify: async (image, k = 5, crops: Crops = 1) => (await classifyBatch([image], k, crops))[0],
		classifyBatch,
		classifyCropped,
		preprocess,
		preprocessCropped,
		probabilities,
		predictRaw,
		packageClassify: packageModel ? (image, k) => packageModel!.classify(image, k) : undefined,
		dispose() {
			if (packageModel) {
				// The package keeps its GraphModel in a field it does not type.
				(packageModel as unknown as { model?: tf.GraphModel }).model?.dispose();
			} else {
				model.dispose();
			}
		}
	};
}
