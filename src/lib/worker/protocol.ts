// The typed messages between a page and the inference worker. Every request has an id; the worker answers
// with the same id (progress messages first, then exactly one final message: a result or an error).
import type { BackendChoice, BackendName } from '../core/backend';
import type { Prediction } from '../core/classifier';
import type { Crops } from '../core/crops';
import type { BenchProgress, ClassifierBench } from '../bench/runner';
import type { BenchConfig, MemorySnapshot } from '../bench/types';
import type { RGBImage } from '../lab/image';
import type { OcclusionMap } from '../lab/occlusion';
import type { SweepResult } from '../lab/sweep';
import type { EngineName } from '../core/engines';

export interface ReadyInfo {
	modelId: string;
	/** Which engine runs the model: TF.js (our conversion) or LiteRT.js (the original .tflite). */
	engine: EngineName;
	/** The backend the model runs on (for LiteRT.js: its own, 'wasm'; the probes are TF.js's). */
	backend: BackendChoice;
	/** LiteRT.js's WASM build: 'relaxed-simd' (its default) or 'compat' (plain SIMD). */
	litertBuild?: string;
	/** Weights fetched + model built + warm-up inference. */
	loadMs: number;
	/** Until the last weight byte arrived. */
	weightsMs: number | null;
	weightsBytes: number;
	memoryBeforeLoad: MemorySnapshot;
	memoryAfterLoad: MemorySnapshot;
	/** Whether the worker is cross-origin isolated (SharedArrayBuffer, threaded WASM possible). */
	crossOriginIsolated?: boolean;
	/** XNNPACK's threads on the WASM backend (1: one thread); null on other backends. */
	wasmThreads?: number | null;
	/** The warm-up after load (asked with `warmUp`), not included in loadMs. */
	warmUp?: WarmUp | null;
}

/**
 * Where a bitmap is cropped and resized: 'js' (the default), in the worker on just the pixels the crop samples
 * (worker/bitmap-pixels, core/crop-resize); 'backend', the whole picture uploaded and cropped by TF.js
 * (core/preprocess), the path before. Kept so that `npm run eval -- --browser` compares the two photo by photo.
 */
export type Preprocessing = 'js' | 'backend';

/** What warmup.ts reports (declared here, with the other messages, so protocol imports no worker module). */
export interface WarmUp {
	ms: number;
	/** Whether the GPU shaders were compiled in parallel first (WebGL / WebGPU only). */
	parallel_compile: boolean;
}

export type WorkerRequest =
	/** `base`: the app's absolute URL (the worker's own URL is under /_app/, so relative paths would be wrong). */
	/** `wasmThreads`: threads for the WASM backend (default all cores; only where cross-origin isolated). */
	/** `engine`: 'tfjs' (default) or 'litert' (models with a .tflite file; WASM). */
	| { type: 'load'; id: number; base: string; modelId: string; backend?: BackendName; engine?: EngineName; wasmThreads?: number; warmUp?: boolean }
	/** The bitmap is transferred (and closed by the worker). crops: look once (centre) or ten times, as one batch. */
	| { type: 'classify'; id: number; bitmap: ImageBitmap; k: number; crops?: Crops; preprocessing?: Preprocessing }
	| { type: 'bench'; id: number; config: BenchConfig; images: { name: string; bitmap: ImageBitmap }[] }
	| { type: 'memory'; id: number }
	/** Every class probability (sorted-wnid order) for one picture, as lab pixels (0..255 RGB) or a transferred bitmap. */
	| { type: 'probabilities'; id: number; image: RGBImage | ImageBitmap; crops?: Crops }
	/** The occlusion map of `image` for one class (src/lib/lab/occlusion.ts), with progress; cancellable. */
	| { type: 'occlusion'; id: number; image: RGBImage; classIndex: number; options: OcclusionJobOptions }
	/** One transform at several strengths over pictures fetched by the worker, for one or more models; cancellable. */
	| { type: 'sweep'; id: number; job: SweepJob }
	/** Stop the job `target` at its next batch (read at once, not queued behind the job). No answer of its own. */
	| { type: 'cancel'; id: number; target: number };

export interface OcclusionJobOptions {
	rows: number;
	cols: number;
	patch: number;
	batchSize?: number;
}

export interface SweepJob {
	/** The app's absolute URL (for the models; the picture URLs are absolute already). */
	base: string;
	transformId: string;
	strengths: number[];
	images: { name: string; classIndex: number; url: string }[];
	modelIds: string[];
	seed: number;
	batchSize?: number;
}

export type WorkerResponse =
	| { type: 'load-progress'; id: number; fraction: number; bytes: number; totalBytes: number }
	| { type: 'ready'; id: number; info: ReadyInfo }
	| { type: 'predictions'; id: number; predictions: Prediction[]; ms: number }
	| { type: 'bench-progress'; id: number; progress: BenchProgress }
	| { type: 'bench-result'; id: number; result: ClassifierBench }
	| { type: 'memory'; id: number; memory: MemorySnapshot; backend: string }
	| { type: 'probabilities'; id: number; probs: Float32Array; ms: number }
	| { type: 'job-progress'; id: number; done: number; total: number; note?: string }
	| { type: 'occlusion-result'; id: number; map: OcclusionMap }
	| { type: 'sweep-result'; id: number; result: SweepResult }
	/** `name` is 'AbortError' for a cancelled job. */
	| { type: 'error'; id: number; message: string; name?: string };

/** The final message types (one per request). */
export type FinalResponse = Exclude<WorkerResponse, { type: 'load-progress' } | { type: 'bench-progress' } | { type: 'job-progress' }>;
