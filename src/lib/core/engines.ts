// The two inference engines on the same weights: TF.js (our float conversions, every model) and LiteRT.js (the
// original quantized .tflite files, where the catalogue has one). No engine code here, so pages that only name
// engines load neither; the engines themselves are core/classifier.ts and core/litert-classifier.ts.
import { modelFiles, type ModelEntry, type Normalize, type Quantization } from './catalogue';
import type { BackendName } from './backend';

export const ENGINES = ['tfjs', 'litert'] as const;
export type EngineName = (typeof ENGINES)[number];

export const ENGINE_LABELS: Record<EngineName, string> = { tfjs: 'TF.js', litert: 'LiteRT.js' };

/** The backends each engine can run on. LiteRT.js: XNNPack on WASM; WebGPU only with its JSPI build (not used yet). */
export const ENGINE_BACKENDS: Record<EngineName, readonly BackendName[]> = {
	tfjs: ['webgpu', 'webgl', 'wasm', 'cpu'],
	litert: ['wasm']
};

/** The engines that can run a model: LiteRT.js where the catalogue names a .tflite file and its quantization. */
export function enginesFor(entry: ModelEntry): EngineName[] {
	return entry.files.tflite && entry.litert ? ['tfjs', 'litert'] : ['tfjs'];
}

/** The files an engine fetches for a model (each checked against the catalogue's size and SHA-256). */
export function engineFiles(entry: ModelEntry, engine: EngineName): string[] {
	if (engine === 'litert') {
		if (!entry.files.tflite) throw new Error(`${entry.id} has no .tflite file: LiteRT.js cannot run it`);
		return [entry.files.tflite];
	}
	return modelFiles(entry).filter((f) => f !== entry.files.tflite);
}

/**
 * Crops already made (0..255 RGB floats, rows of size x size x 3) -> the model's uint8 input: the catalogue's
 * normalisation (x - mean) / std gives the real value, then q = round(real / scale + zero_point), clamped to 0..255.
 * For the MobileNets: real = x / 127.5 - 1 and q = real * 128 + 128, so q is x * 1.0039 (255 -> 256 -> 255).
 */
export function quantizeInput(pixels: ArrayLike<number>, normalize: Normalize, q: Quantization, out: Uint8Array<ArrayBuffer> = new Uint8Array(pixels.length)): Uint8Array<ArrayBuffer> {
	const a = [0, 1, 2].map((c) => 1 / (normalize.std[c] * q.scale));
	const b = [0, 1, 2].map((c) => q.zero_point - normalize.mean[c] / (normalize.std[c] * q.scale));
	for (let i = 0; i < pixels.length; i++) {
		const c = i % 3;
		const v = Math.round(pixels[i] * a[c] + b[c]);
		out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
	}
	return out;
}

/**
 * One quantized output row -> the probability of each class in sorted-wnid order ((q - zero_point) * scale),
 * added into `into` at `offset` (so crops can be summed). `classToOutput[c]`: the output that holds class c.
 */
export function dequantizeInto(out: ArrayLike<number>, q: Quantization, classToOutput: Int32Array, into: Float32Array, offset = 0, weight = 1): void {
	for (let c = 0; c < classToOutput.length; c++) into[offset + c] += (out[classToOutput[c]] - q.zero_point) * q.scale * weight;
}

/**
 * The tie-break for top-5: a uint8 softmax moves in 1/256 steps, so equal probabilities are common (26 of 50
 * photos tie at fifth place). Among equal probabilities the lower class index (sorted-wnid order) comes first,
 * as topkRows does for every engine, so both engines and every run give the same list for the same scores.
 */
export const TIE_BREAK = 'equal probabilities: the lower class index (sorted wnid) first';

export interface Ranked {
	classIndex: number;
	probability: number;
}

/**
 * Whether two engines' top-5 lists name the same five classes, ties allowed: where they differ, the classes swapped
 * in or out all share the fifth place's probability in one engine's answer (which needs that answer's top-10, so a
 * class left out can be found, or a tenth equal to the fifth). Plain set equality is the special case with nothing swapped.
 */
export function sameFiveWithTies(a: Ranked[], b: Ranked[]): boolean {
	const tiedIn = (x: Ranked[], y: Ranked[]) => {
		const x5 = x.slice(0, 5).map((r) => r.classIndex), y5 = y.slice(0, 5).map((r) => r.classIndex);
		const fifth = x[4]?.probability;
		const swapped = [...y5.filter((c) => !x5.includes(c)), ...x5.filter((c) => !y5.includes(c))];
		// A class past the end of x's list is at most its last probability: tied when that is the fifth's too
		// (e.g. a uint8 softmax whose tail is all 0).
		const last = x.length >= 10 ? x[x.length - 1].probability : undefined;
		return swapped.every((c) => (x.find((r) => r.classIndex === c)?.probability ?? last) === fifth);
	};
	return tiedIn(a, b) || tiedIn(b, a);
}

export interface EngineAgreement {
	n: number;
	top1: number;
	/** The same five, in any order, exactly. */
	top5_set: number;
	/** The same five, ties at fifth place allowed (sameFiveWithTies). */
	top5_ties: number;
	/** Photo indices whose top-1 differs or whose five differ beyond ties. */
	differences: number[];
}

/** Photo by photo agreement of two engines' answers (each list best first, up to ten long). */
export function engineAgreement(a: Ranked[][], b: Ranked[][]): EngineAgreement {
	const r: EngineAgreement = { n: a.length, top1: 0, top5_set: 0, top5_ties: 0, differences: [] };
	a.forEach((x, i) => {
		const y = b[i];
		const top1 = x[0]?.classIndex === y[0]?.classIndex;
		const x5 = x.slice(0, 5).map((p) => p.classIndex), y5 = y.slice(0, 5).map((p) => p.classIndex);
		const set = x5.length === y5.length && x5.every((c) => y5.includes(c));
		const ties = set || sameFiveWithTies(x, y);
		r.top1 += +top1;
		r.top5_set += +set;
		r.top5_ties += +ties;
		if (!top1 || !ties) r.differences.push(i);
	});
	return r;
}
