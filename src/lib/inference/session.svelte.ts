// One model session for a page: the inference worker, which model is loaded on which backend, the load's progress
// and the lab's jobs. Every page that runs a model uses this (TF.js itself stays in the worker). Create it
// synchronously in an $effect and return `() => session.end()`, so nothing outlives the page.
import type { Crops } from '../core/crops';
import type { BackendName } from '../core/backend';
import type { ImageNetClass } from '../core/classes';
import type { Prediction } from '../core/classifier';
import { loadClasses } from '../browser/data';
import type { RGBImage } from '../lab/image';
import type { OcclusionMap } from '../lab/occlusion';
import { topIndices } from '../lab/ranking';
import type { SweepResult } from '../lab/sweep';
import { absoluteBase, InferenceClient, type JobProgress, type LoadProgress, type OcclusionJobOptions, type ReadyInfo, type SweepJob } from '../worker/client';

export type SessionStatus = 'idle' | 'loading' | 'ready' | 'error' | 'ended';

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
	private token = 0;

	/** `base`: the app's base path ($app/paths). */
	constructor(private readonly base: string) {}

	get ready(): boolean {
		return this.status === 'ready';
	}

	/** Load a catalogue model (on `backend`, or the best one); a later load supersedes an earlier one still running. */
	async load(modelId: string, backend?: BackendName): Promise<ReadyInfo | null> {
		const token = ++this.token;
		this.status = 'loading';
		this.modelId = modelId;
		this.progress = null;
		this.error = '';
		try {
			const [info, classes] = await Promise.all([
				// Warmed up in the worker: the page's first picture is answered without the compile wait.
				this.client.load(this.base, modelId, backend, (p) => token === this.token && (this.progress = p), { warmUp: true }),
				this.classes.length ? Promise.resolve(this.classes) : loadClasses(this.base)
			]);
			if (token !== this.token) return null;
			this.classes = classes;
			this.info = info;
			this.status = 'ready';
			return info;
		} catch (e) {
			if (token === this.token) { // end() moves the token on
				this.error = (e as Error).message;
				this.status = 'error';
			}
			throw e;
		} finally {
			if (token === this.token) this.progress = null;
		}
	}

	/** Top-k for a picture, looking once or ten times; the bitmap is transferred to the worker. */
	classify(bitmap: ImageBitmap, k = 5, crops: Crops = 1): Promise<{ predictions: Prediction[]; ms: number }> {
		return this.client.classify(bitmap, k, crops);
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

	/** Stop the worker (and whatever it runs); the session cannot be used afterwards. */
	end(): void {
		this.token++;
		this.status = 'ended';
		this.client.terminate('The page was left.');
	}
}
