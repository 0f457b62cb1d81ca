// The page's side of the inference worker: promises for load / classify / bench, progress callbacks, and
// terminate() as the one way to cancel (a worker busy in a long inference cannot read a cancel message).
import type { EngineName } from '../core/engines';
import type { BackendName } from '../core/backend';
import type { Prediction } from '../core/classifier';
import type { Crops } from '../core/crops';
import type { BenchProgress, ClassifierBench } from '../bench/runner';
import type { BenchConfig, MemorySnapshot } from '../bench/types';
import type { RGBImage } from '../lab/image';
import type { OcclusionMap } from '../lab/occlusion';
import type { SweepResult } from '../lab/sweep';
import type { FinalResponse, OcclusionJobOptions, ReadyInfo, SweepJob, WorkerRequest, WorkerResponse } from './protocol';

export type { ReadyInfo, OcclusionJobOptions, SweepJob };

/** Progress of a worker job: done of total, and what it is doing when that is not counted (loading a model). */
export type JobProgress = (done: number, total: number, note?: string) => void;

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
			if (msg.type === 'load-progress' || msg.type === 'bench-progress' || msg.type === 'job-progress') return p.onProgress?.(msg);
			this.pending.delete(msg.id);
			if (msg.type === 'error') p.reject(Object.assign(new Error(msg.message), { name: msg.name ?? 'Error' }));
			else p.resolve(msg);
		};
		this.worker.onerror = (e) => this.fail(`The inference worker failed: ${e.message || 'unknown error'}`);
	}

	private request(msg: Distribute<WorkerRequest>, transfer: Transferable[] = [], onProgress?: (m: WorkerResponse) => void, signal?: AbortSignal): Promise<FinalResponse> {
		if (this.closed) return Promise.reject(new Error(this.closed));
		if (signal?.aborted) return Promise.reject(Object.assign(new Error('Cancelled'), { name: 'AbortError' }));
		const id = this.nextId++;
		const cancel = () => {
			if (this.pending.has(id) && !this.closed) this.worker.postMessage({ type: 'cancel', id: this.nextId++, target: id } satisfies WorkerRequest);
		};
		signal?.addEventListener('abort', cancel, { once: true });
		return new Promise<FinalResponse>((resolve, reject) => {
			this.pending.set(id, { resolve, reject, onProgress });
			this.worker.postMessage({ ...msg, id }, transfer);
		}).finally(() => signal?.removeEventListener('abort', cancel));
	}

	private fail(reason: string) {
		this.closed ??= reason;
		for (const p of this.pending.values()) p.reject(new Error(reason));
		this.pending.clear();
	}

	/** Start `backend` (or the best one) in the worker and load a catalogue model. */
	async load(
		base: string,
		modelId: string,
		backend?: BackendName,
		onProgress?: (p: LoadProgress) => void,
		opts: { wasmThreads?: number; warmUp?: boolean; engine?: EngineName } = {}
	): Promise<ReadyInfo> {
		const m = await this.request({ type: 'load', base: absoluteBase(base), modelId, backend, ...opts }, [], (p) => {
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

	/** Every class probability for one picture (lab pixels are copied; a bitmap is transferred). */
	async probabilities(image: RGBImage | ImageBitmap, crops: Crops = 1): Promise<{ probs: Float32Array; ms: number }> {
		const m = await this.request({ type: 'probabilities', image, crops }, image instanceof ImageBitmap ? [image] : []);
		if (m.type !== 'probabilities') throw new Error(`unexpected answer ${m.type}`);
		return { probs: m.probs, ms: m.ms };
	}

	/** The occlusion map, computed in the worker; `signal` cancels it (an AbortError) and keeps the model. */
	async occlusion(image: RGBImage, classIndex: number, options: OcclusionJobOptions, onProgress?: JobProgress, signal?: AbortSignal): Promise<OcclusionMap> {
		const m = await this.request({ type: 'occlusion', image, classIndex, options }, [], (p) => p.type === 'job-progress' && onProgress?.(p.done, p.total, p.note), signal);
		if (m.type !== 'occlusion-result') throw new Error(`unexpected answer ${m.type}`);
		return m.map;
	}

	/** A sweep, computed in the worker (which fetches the pictures); `signal` cancels it. */
	async sweep(job: SweepJob, onProgress?: JobProgress, signal?: AbortSignal): Promise<SweepResult> {
		const m = await this.request({ type: 'sweep', job }, [], (p) => p.type === 'job-progress' && onProgress?.(p.done, p.total, p.note), signal);
		if (m.type !== 'sweep-result') throw new Error(`unexpected answer ${m.type}`);
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

