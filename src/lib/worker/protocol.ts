// The typed messages between a page and the inference worker. Every request has an id; the worker answers
// with the same id (progress messages first, then exactly one final message: a result or an error).
import type { BackendChoice, BackendName } from '../core/backend';
import type { Prediction } from '../core/classifier';
import type { Crops } from '../core/preprocess';
import type { BenchProgress, ClassifierBench } from '../bench/runner';
import type { BenchConfig, MemorySnapshot } from '../bench/types';

export interface ReadyInfo {
	modelId: string;
	backend: BackendChoice;
	/** Weights fetched + model built + warm-up inference. */
	loadMs: number;
	/** Until the last weight byte arrived. */
	weightsMs: number | null;
	weightsBytes: number;
	memoryBeforeLoad: MemorySnapshot;
	memoryAfterLoad: MemorySnapshot;
}

export type WorkerRequest =
	/** `base`: the app's absolute URL (the worker's own URL is under /_app/, so relative paths would be wrong). */
	| { type: 'load'; id: number; base: string; modelId: string; backend?: BackendName }
	/** The bitmap is transferred (and closed by the worker). crops: look once (centre) or ten times, as one batch. */
	| { type: 'classify'; id: number; bitmap: ImageBitmap; k: number; crops?: Crops }
	| { type: 'bench'; id: number; config: BenchConfig; images: { name: string; bitmap: ImageBitmap }[] }
	| { type: 'memory'; id: number };

export type WorkerResponse =
	| { type: 'load-progress'; id: number; fraction: number; bytes: number; totalBytes: number }
	| { type: 'ready'; id: number; info: ReadyInfo }
	| { type: 'predictions'; id: number; predictions: Prediction[]; ms: number }
	| { type: 'bench-progress'; id: number; progress: BenchProgress }
	| { type: 'bench-result'; id: number; result: ClassifierBench }
	| { type: 'memory'; id: number; memory: MemorySnapshot; backend: string }
	| { type: 'error'; id: number; message: string };

/** The final message types (one per request). */
export type FinalResponse = Exclude<WorkerResponse, { type: 'load-progress' } | { type: 'bench-progress' }>;
