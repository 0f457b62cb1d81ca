// The LiteRT.js engine: the original quantized .tflite through LiteRT.js's CompiledModel, behind the same
// Classifier interface as TF.js (core/classifier.ts), so the arena, the lab and the bench need not know which
// engine answers. The crops are made as for TF.js (core/crop-resize in JavaScript, or preprocessBatch on the TF.js
// backend for tensors), quantized to uint8 here, run one crop at a time (the .tflite has batch 1), and the uint8
// softmax is read back, dequantized, averaged over crops and ranked with the shared tie-break (core/engines).
import * as tf from '@tensorflow/tfjs';
import type { CompiledModel, Tensor as LiteRtTensor } from '@litertjs/core';
import { type ModelEntry } from './catalogue';
import { NUM_CLASSES, outputToClassIndex } from './classes';
import type { Classifier, LoadOptions, Prediction } from './classifier';
import type { Crops } from './crops';
import { paths } from './datasets';
import { dequantizeInto, quantizeInput } from './engines';
import { croppedToBatch, preprocessBatch, toPixelTensor, type PixelInput } from './preprocess';
import { topkRows } from './topk';

/** What this engine needs from @litertjs/core once its WASM runtime is loaded (in the worker or in Node). */
export interface LiteRtApi {
	Tensor: typeof LiteRtTensor;
	loadAndCompile(model: Uint8Array, options: { accelerator: 'wasm' | 'webgpu' }): Promise<CompiledModel>;
}

export interface LiteRtLoadOptions extends LoadOptions {
	api: LiteRtApi;
	accelerator?: 'wasm' | 'webgpu';
}

function join(base: string, path: string): string {
	return base.endsWith('/') ? base + path : `${base}/${path}`;
}

export async function loadLiteRtClassifier(entry: ModelEntry, opts: LiteRtLoadOptions): Promise<Classifier> {
	const spec = entry.litert;
	if (!entry.files.tflite || !spec) throw new Error(`${entry.id} has no .tflite file: LiteRT.js cannot run it`);
	const fetchFunc = opts.fetchFunc ?? ((input, init) => fetch(input, init));
	const url = join(opts.baseUrl, paths.model(entry.id, entry.files.tflite));
	const res = await fetchFunc(url);
	if (!res.ok) throw new Error(`Could not load model "${entry.name}" (${entry.id}) for LiteRT.js: ${url}: HTTP ${res.status}`);
	const bytes = new Uint8Array(await res.arrayBuffer());
	opts.onProgress?.(1);
	const { api, classes } = opts;
	const model = await api.loadAndCompile(bytes, { accelerator: opts.accelerator ?? 'wasm' });

	const size = entry.input.size;
	const [input] = model.getInputDetails();
	const [output] = model.getOutputDetails();
	const want = [1, size, size, 3];
	if (input.dtype !== 'uint8' || want.some((d, i) => input.shape[i] !== d)) {
		model.delete();
		throw new Error(`${entry.files.tflite}: input ${input.dtype} [${[...input.shape]}], the catalogue says uint8 [${want}]`);
	}
	if (output.dtype !== 'uint8' || output.shape[output.shape.length - 1] !== spec.output.size) {
		model.delete();
		throw new Error(`${entry.files.tflite}: output ${output.dtype} [${[...output.shape]}], the catalogue says uint8 [1, ${spec.output.size}]`);
	}
	const order = outputToClassIndex(spec.output.class_order, classes);
	const classToOutput = new Int32Array(NUM_CLASSES);
	order.forEach((cls, out) => {
		if (cls >= 0) classToOutput[cls] = out;
	});
	const pixelsPerCrop = size * size * 3;
	const quantized = new Uint8Array(pixelsPerCrop);

	/** One crop (0..255 floats) through the model: its uint8 output, every LiteRT tensor deleted. */
	const runOne = async (pixels: Float32Array, offset: number): Promise<Uint8Array> => {
		quantizeInput(pixels.subarray(offset, offset + pixelsPerCrop), entry.preprocessing.normalize, spec.input, quantized);
		const t = new api.Tensor(quantized, want);
		try {
			const [out] = await model.run(t);
			try {
				return out.toTypedArray() as Uint8Array;
			} finally {
				out.delete();
			}
		} finally {
			t.delete();
		}
	};

	/** Class probabilities [n, 1000] (sorted wnid) of n pictures x crops rows of crops; the mean over each picture's crops. */
	const scores = async (pixels: Float32Array, crops: Crops): Promise<{ values: Float32Array; n: number }> => {
		const rows = pixels.length / pixelsPerCrop;
		const n = rows / crops;
		if (!Number.isInteger(n) || n < 1) throw new Error(`${pixels.length} values are not whole pictures of ${crops} crops at ${size} x ${size}`);
		const values = new Float32Array(n * NUM_CLASSES);
		for (let r = 0; r < rows; r++) {
			const out = await runOne(pixels, r * pixelsPerCrop);
			dequantizeInto(out, spec.output, classToOutput, values, Math.floor(r / crops) * NUM_CLASSES, 1 / crops);
		}
		return { values, n };
	};

	const topK = async (pixels: Float32Array, k: number, crops: Crops): Promise<Prediction[][]> => {
		const { values, n } = await scores(pixels, crops);
		return topkRows(values, n, Math.min(k, NUM_CLASSES)).map((row, r) =>
			row.map((i) => {
				const c = classes[i];
				return { classIndex: c.index, wnid: c.wnid, label: c.label, simpleLabel: c.simpleLabel, probability: values[r * NUM_CLASSES + i] };
			})
		);
	};

	// The crop for tensors (Node, the lab): TF.js's cropAndResize, no normalisation (the quantizer does it).
	const preprocess = (pixels: tf.Tensor3D[], crops: Crops = 1) => preprocessBatch(pixels, size, entry.preprocessing.crop, null, crops);
	const preprocessCropped = (pixels: Float32Array) => croppedToBatch(pixels, size, null);
	const tensorPixels = async (batch: tf.Tensor4D) => new Float32Array(await batch.data());

	const classifyBatch = async (images: PixelInput[], k = 5, crops: Crops = 1) => {
		const batch = tf.tidy(() => preprocess(images.map(toPixelTensor), crops));
		try {
			return await topK(await tensorPixels(batch), k, crops);
		} finally {
			batch.dispose();
		}
	};

	// The bench's bare baseline: run() on an input tensor made once, its output read back (LiteRT's own cost only).
	let bareInput: { batch: tf.Tensor4D; tensor: LiteRtTensor } | null = null;
	const bareRun = async (batch: tf.Tensor4D) => {
		if (bareInput?.batch !== batch) {
			bareInput?.tensor.delete();
			const q = quantizeInput(batch.dataSync().subarray(0, pixelsPerCrop), entry.preprocessing.normalize, spec.input, new Uint8Array(pixelsPerCrop));
			bareInput = { batch, tensor: new api.Tensor(q, want) };
		}
		const [out] = await model.run(bareInput.tensor);
		out.toTypedArray();
		out.delete();
	};

	await runOne(new Float32Array(pixelsPerCrop), 0); // warm-up: XNNPack packs its weights on the first run

	const unsupported = (what: string) => () => {
		throw new Error(`${what} needs a synchronous TF.js model; LiteRT.js runs asynchronously (use the TF.js engine)`);
	};
	return {
		entry,
		engine: 'litert',
		inputSize: size,
		classify: async (image, k = 5, crops: Crops = 1) => (await classifyBatch([image], k, crops))[0],
		classifyBatch,
		classifyCropped: (pixels, k = 5, crops: Crops = 1) => topK(pixels, k, crops),
		classScores: async (pixels, crops: Crops = 1) => (await scores(pixels, crops)).values,
		preprocess,
		preprocessCropped,
		probabilities: unsupported('probabilities(tensor)'),
		predictRaw: unsupported('predictRaw(tensor)'),
		bareRun,
		dispose() {
			bareInput?.tensor.delete();
			bareInput = null;
			model.delete();
		}
	};
}
