// One model session for a page: the inference worker, which model is loaded on which backend, the load's progress
// and the lab's jobs. Every page that runs a model uses this (TF.js itself stays in the worker). Create it
// synchronously in an $effect and return `() => session.end()`, so nothing outlives the page.
import type { Crops } from '../core/crops';
import type { BackendName } from '../core/backend';
import type { EngineName } from '../core/engines';
import type { ImageNetClass } from '../core/classes';
import type { Prediction } from '../core/classifier';
import { loadClasses } from '../browser/data';
import type { BenchProgress, ClassifierBench } from '../bench/runner';
import type { BenchConfig, MemorySnapshot } from '../bench/types';
import type { RGBImage } from '../lab/image';
import type { OcclusionMap } from '../lab/occlusion';
import { topIndices } from '../lab/ranking';
import type { SweepResult } from '../lab/sweep';
import { absoluteBase, InferenceClient, type JobProgress, type LoadProgress, type OcclusionJobOptions, type ReadyInfo, type SweepJob } from '../worker/client';

export type SessionStatus = 'idle' | 'loading' | 'ready' | 'error' | 'ended';

export interface LoadOptions {
	/** Warm the model up in the worker after loading (default true): the first picture is answered without the compile wait. */
	warmUp?: boolean;
	/** Threads for the WASM backend (default all cores; only where cross-origin isolated; fixed once per worker). */
	wasmThreads?: number;
	/** The engine: 'tfjs' (default) or 'litert' (models with a .tflite file). */
	engine?: EngineName;
	/**
	 * Start a fresh worker first: nothing of an earlier backend is inherited, and an earlier load still running is
	 * stopped at once instead of queued behind (the worker does one request at a time).
	 */
	fresh?: boolean;
	/** The weights' download, as `progress` shows it (for callers outside a component). */
	onProgress?: (p: LoadProgress) => void;
}

export interface Answer {
	/** All class probabilities (sorted-wnid order). */
	probs: Float32Array;
	/** The five most likely class indices, best first. */
	top5: number[];
	/** Time in the worker. */
	ms: number;
}

export class ModelSession {
	status = $state<SessionStatus>('idle');
	/** The model being loaded or loaded. */
	modelId = $state<string | null>(null);
	/** The weights' download, while a model loads. */
	progress = $state.raw<LoadProgress | null>(null);
	/** What the worker reported when the model was ready (backend choice, load time). */
	info = $state.raw<ReadyInfo | null>(null);
	/** The 1000 classes, for names (loaded with the first model). */
	classes = $state.raw<ImageNetClass[]>([]);
	error = $state('');

	private client = new InferenceClient();
	/** Whether the client was asked anything (a fresh load of an unused one keeps it). */
	private used = false;
	private ended = false;
	private token = 0;

	/** `base`: the app's base path ($app/paths). */
	constructor(private readonly base: string) {}

	get ready(): boolean {
		return this.status === 'ready';
	}

	/**
	 * Load a catalogue model (on `backend`, or the best one). A later load supersedes an earlier one still running:
	 * the earlier one then answers null.
	 */
	async load(modelId: string, backend?: BackendName, options: LoadOptions = {}): Promise<ReadyInfo | null> {
		const { warmUp = true, wasmThreads, fresh = false, onProgress, engine } = options;
		if (this.ended) throw new Error('This model session has ended.');
		const token = ++this.token;
		if (fresh && this.used) {
			this.client.terminate('Another model or backend was chosen.');
			this.client = new InferenceClient();
			this.info = null;
		}
		this.used = true;
		this.status = 'loading';
		this.modelId = modelId;
		this.progress = null;
		this.error = '';
		try {
			const [info, classes] = await Promise.all([
				this.client.load(this.base, modelId, backend, (p) => {
					if (token !== this.token) return;
					this.progress = p;
					onProgress?.(p);
				}, { warmUp, wasmThreads, engine }),
				this.classes.length ? Promise.resolve(this.classes) : loadClasses(this.base)
			]);
			if (token !== this.token) return null;
			this.classes = classes;
			this.info = info;
			this.status = 'ready';
			return info;
		} catch (e) {
			if (token === this.token) {
				this.error = (e as Error).message;
				this.status = 'error';
			} else if (!this.ended) return null; // superseded (its worker may have been stopped for the new load)
			throw e;
		} finally {
			if (token === this.token) this.progress = null;
		}
	}

	/** Top-k for a picture, looking once or ten times; the bitmap is transferred to the worker. */
	classify(bitmap: ImageBitmap, k = 5, crops: Crops = 1): Promise<{ predictions: Prediction[]; ms: number }> {
		return this.client.classify(bitmap, k, crops);
	}

	/** The benchmark on the loaded model; the bitmaps are transferred to the worker. */
	bench(config: BenchConfig, images: { name: string; bitmap: ImageBitmap }[], onProgress?: (p: BenchProgress) => void): Promise<ClassifierBench> {
		return this.client.bench(config, images, onProgress);
	}

	/** TF.js's memory in the worker now, and its backend. */
	memory(): Promise<{ memory: MemorySnapshot; backend: string }> {
		return this.client.memory();
	}

	/** All class probabilities for a picture, looking once or ten times (one batch). */
	async answer(image: RGBImage | ImageBitmap, crops: Crops = 1): Promise<Answer> {
		const { probs, ms } = await this.client.probabilities(image, crops);
		return { probs, top5: topIndices(probs, 5), ms };
	}

	occlusion(image: RGBImage, classIndex: number, options: OcclusionJobOptions, onProgress?: JobProgress, signal?: AbortSignal): Promise<OcclusionMap> {
		return this.client.occlusion(image, classIndex, options, onProgress, signal);
	}

	/** A sweep; `images[].url` relative to the page is made absolute here (the worker lives elsewhere). */
	sweep(job: Omit<SweepJob, 'base'>, onProgress?: JobProgress, signal?: AbortSignal): Promise<SweepResult> {
		const images = job.images.map((im) => ({ ...im, url: new URL(im.url, location.href).href }));
		return this.client.sweep({ ...job, images, base: absoluteBase(this.base) }, onProgress, signal);
	}

	/** The class's names, or null. */
	className(i: number | null | undefined): ImageNetClass | null {
		return i === null || i === undefined ? null : (this.classes[i] ?? null);
	}

	/** Top-k predictions from an answer's probabilities (for TopK). */
	predictions(a: { probs: Float32Array; top5: number[] } | null): Prediction[] {
		if (!a || !this.classes.length) return [];
		return a.top5.map((i) => ({ classIndex: i, wnid: this.classes[i].wnid, label: this.classes[i].label, simpleLabel: this.classes[i].simpleLabel, probability: a.probs[i] }));
	}

	/** Stop the worker (and whatever it runs; its promises reject with `reason`); the session cannot be used afterwards. */
	end(reason = 'The page was left.'): void {
		this.token++;
		this.ended = true;
		this.status = 'ended';
		this.progress = null;
		this.client.terminate(reason);
	}
}
