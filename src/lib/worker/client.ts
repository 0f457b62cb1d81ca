// The page's side of the inference worker: promises for load / classify / bench, progress callbacks, and
// terminate() as the one way to cancel (a worker busy in a long inference cannot read a cancel message).
import type { BackendName } from '../core/backend';
import type { Prediction } from '../core/classifier';
import type { Crops } from '../core/preprocess';
import type { BenchProgress, ClassifierBench } from '../bench/runner';
import type { BenchConfig, MemorySnapshot } from '../bench/types';
import type { FinalResponse, ReadyInfo, WorkerRequest, WorkerResponse } from './protocol';

export type { ReadyInfo };

export interface LoadProgress {
	fraction: number;
	bytes: number;
	totalBytes: number;
}

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Pending {
	resolve: (m: FinalResponse) => void;
	reject: (e: Error) => void;
	onProgress?: (m: WorkerResponse) => void;
}

/** The app's absolute base URL, for the worker (whose own URL is elsewhere). */
export function absoluteBase(base: string): string {
	return new URL(`${base}/`, location.href).href.replace(/\/$/, '');
}

export class InferenceClient {
	private worker: Worker;
	private nextId = 1;
	private pending = new Map<number, Pending>();
	private closed: string | null = null;

	constructor() {
		this.worker = new Worker(new URL('./inference.worker.ts', import.meta.url), { type: 'module', name: 'inference' });
		this.worker.onmessage = (e: MessageEvent<WorkerResponse>) => {
			const msg = e.data;
			const p = this.pending.get(msg.id);
			if (!p) return;
			if (msg.type === 'load-progress' || msg.type === 'bench-progress') return p.onProgress?.(msg);
			this.pending.delete(msg.id);
			if (msg.type === 'error') p.reject(new Error(msg.message));
			else p.resolve(msg);
		};
		this.worker.onerror = (e) => this.fail(`The inference worker failed: ${e.message || 'unknown error'}`);
	}

	private request(msg: Distribute<WorkerRequest>, transfer: Transferable[] = [], onProgress?: (m: WorkerResponse) => void): Promise<FinalResponse> {
		if (this.closed) return Promise.reject(new Error(this.closed));
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, { resolve, reject, onProgress });
			this.worker.postMessage({ ...msg, id }, transfer);
		});
	}

	private fail(reason: string) {
		this.closed ??= reason;
		for (const p of this.pending.values()) p.reject(new Error(reason));
		this.pending.clear();
	}

	/** Start `backend` (or the best one) in the worker and load a catalogue model. */
	async load(base: string, modelId: string, backend?: BackendName, onProgress?: (p: LoadProgress) => void): Promise<ReadyInfo> {
		const m = await this.request({ type: 'load', base: absoluteBase(base), modelId, backend }, [], (p) => {
			if (p.type === 'load-progress') onProgress?.({ fraction: p.fraction, bytes: p.bytes, totalBytes: p.totalBytes });
		});
		if (m.type !== 'ready') throw new Error(`unexpected answer ${m.type}`);
		return m.info;
	}

	/**
	 * Top-k for a picture; the bitmap is transferred to the worker (unusable here afterwards). crops = 10: the
	 * mean probabilities of ten crops (four corners and the centre, each mirrored), one batch through the model.
	 */
	async classify(bitmap: ImageBitmap, k = 5, crops: Crops = 1): Promise<{ predictions: Prediction[]; ms: number }> {
		const m = await this.request({ type: 'classify', bitmap, k, crops }, [bitmap]);
		if (m.type !== 'predictions') throw new Error(`unexpected answer ${m.type}`);
		return { predictions: m.predictions, ms: m.ms };
	}

	/** Run the benchmark on the loaded model; the bitmaps are transferred. */
	async bench(config: BenchConfig, images: { name: string; bitmap: ImageBitmap }[], onProgress?: (p: BenchProgress) => void): Promise<ClassifierBench> {
		const m = await this.request({ type: 'bench', config, images }, images.map((i) => i.bitmap), (p) => {
			if (p.type === 'bench-progress') onProgress?.(p.progress);
		});
		if (m.type !== 'bench-result') throw new Error(`unexpected answer ${m.type}`);
		return m.result;
	}

	async memory(): Promise<{ memory: MemorySnapshot; backend: string }> {
		const m = await this.request({ type: 'memory' });
		if (m.type !== 'memory') throw new Error(`unexpected answer ${m.type}`);
		return { memory: m.memory, backend: m.backend };
	}

	/** Stop the worker at once (cancels whatever runs); pending promises reject with `reason`. */
	terminate(reason = 'Cancelled.') {
		this.worker.terminate();
		this.fail(reason);
	}
}

