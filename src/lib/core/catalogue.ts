// The model zoo: one committed JSON file describes every model; code reads it, never special-cases a model.
import catalogueJson from '../../../models/catalogue.json';

export type ClassOrder = 'background+sorted' | 'sorted' | 'darknet';

export interface Normalize {
	/** Per-channel mean and std on 0..255 pixel values: x' = (x - mean) / std. */
	mean: [number, number, number];
	std: [number, number, number];
}

export interface ModelEntry {
	id: string;
	name: string;
	family: string;
	year: number;
	format: 'graph' | 'layers';
	/** 'mobilenet': loaded through @tensorflow-models/mobilenet; 'graph' / 'layers': the TF.js loaders. */
	loader: 'mobilenet' | 'graph' | 'layers';
	params_m: number;
	files: {
		model: string;
		any_size?: string;
		weights: string[];
		class_order?: string;
		/** A licence text that must travel with the weights (BSD needs it kept with redistribution). */
		licence?: string;
		/** The original quantized TFLite file, which the LiteRT.js engine runs (see `litert`). */
		tflite?: string;
	};
	/** How LiteRT.js's tensors map to real values (not reported by its API: read from the flatbuffer). */
	litert?: LiteRtSpec;
	input: { size: number; range: string; formula: string };
	preprocessing: { crop: number; resize: 'bilinear'; normalize: Normalize };
	output: { size: number; activation: 'logits' | 'softmax'; class_order: ClassOrder };
	published: { top1: number; top5: number; source: string; note?: string };
	measured: Record<string, { top1: number; top5: number } | number>;
	licence: string;
	/** Public URL of the original files where they exist (byte-identical copies); null when only the mirror has them. */
	origin: string | null;
	origin_missing?: string[];
	provenance: string;
	weights_bytes: number;
}

export interface Quantization {
	dtype: 'uint8';
	/** real = (q - zero_point) * scale */
	scale: number;
	zero_point: number;
}

export interface LiteRtSpec {
	about?: string;
	input: Quantization;
	/** A quantized softmax over `size` outputs in `class_order`. */
	output: Quantization & { size: number; class_order: ClassOrder };
}

export interface Catalogue {
	about: string;
	default: string;
	models: ModelEntry[];
}

export const catalogue = catalogueJson as unknown as Catalogue;
export const DEFAULT_MODEL_ID = catalogue.default;

export function getModel(id: string): ModelEntry {
	const entry = catalogue.models.find((m) => m.id === id);
	if (!entry) {
		const known = catalogue.models.map((m) => m.id).join(', ');
		throw new Error(`Unknown model "${id}". Known models: ${known}`);
	}
	return entry;
}

/** Every file of a model that must be present for it to load. */
export function modelFiles(entry: ModelEntry): string[] {
	const f = entry.files;
	return [
		f.model,
		...f.weights,
		...(f.any_size ? [f.any_size] : []),
		...(f.class_order ? [f.class_order] : []),
		...(f.licence ? [f.licence] : []),
		...(f.tflite ? [f.tflite] : [])
	];
}

/** The JSON file the loader opens: @tensorflow-models/mobilenet always feeds 224 px, so smaller models need the any-size graph. */
export function modelJsonFile(entry: ModelEntry): string {
	if (entry.loader === 'mobilenet' && entry.input.size !== MOBILENET_PACKAGE_INPUT && entry.files.any_size) {
		return entry.files.any_size;
	}
	return entry.files.model;
}

/** The input size @tensorflow-models/mobilenet resizes every image to. */
export const MOBILENET_PACKAGE_INPUT = 224;

/** The size our pipeline crops and resizes to before the model sees the image. */
export function pipelineInputSize(entry: ModelEntry): number {
	return entry.loader === 'mobilenet' ? MOBILENET_PACKAGE_INPUT : entry.input.size;
}
