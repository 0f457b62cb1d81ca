// The whole benchmark in the page: one fresh model session (so a fresh inference worker) per backend, so each
// backend's load and first inference are measured cold and a broken backend cannot spoil the next; the CPU
// reference for agreement, and the report. No components here; the page renders what onUpdate reports.
import { BACKENDS, type BackendName, type BackendProbe } from '../core/backend';
import { paths } from '../core/datasets';
import { loadImageSet } from './data';
import { decodePicture } from './decode';
import { ModelSession } from '../inference/session.svelte';
import type { LoadProgress } from '../worker/client';
import { getModel } from '../core/catalogue';
import { ENGINE_BACKENDS, ENGINE_LABELS, enginesFor, type EngineName } from '../core/engines';
import { buildReport, type BenchReport } from '../bench/report';
import type { BackendRun, BenchConfig, FirstPrediction } from '../bench/types';

/** The backends the bench measures, in this order: all of them. */
export const BENCH_BACKENDS: BackendName[] = [...BACKENDS];

export const BENCH_SET = 'ilsvrc2012_val_acuity1300';
/** Pictures per backend: the rounds cycle through them, batches repeat them, agreement compares their top-5. */
export const BENCH_PICTURES = 8;

export interface Picture {
	name: string;
	blob: Blob;
}

export interface SessionUpdate {
	backend: BackendName | null;
	text: string;
	/** 0..1 over the whole session. */
	fraction: number;
	runs: BackendRun[];
}

export async function fetchPictures(base: string, count = BENCH_PICTURES): Promise<Picture[]> {
	const labels = (await loadImageSet(base, BENCH_SET)).slice(0, count);
	return Promise.all(
		labels.map(async (l) => {
			const r = await fetch(`${base}/${paths.image(BENCH_SET, l.filename)}`);
			if (!r.ok) throw new Error(`${l.filename}: HTTP ${r.status}`);
			return { name: l.filename, blob: await r.blob() };
		})
	);
}

const decodeAll = (pictures: Picture[]) => Promise.all(pictures.map(async (p) => ({ name: p.name, bitmap: await decodePicture(p.blob, p.name) })));

/**
 * Load the model on the automatic backend in the page's session (no warm-up: the figure is what a visitor waits)
 * and classify one picture: the time since the page's navigation started is the page-load-to-first-prediction figure.
 * The page owns the session (made with the page, ended with it).
 */
export async function firstPrediction(
	session: ModelSession,
	modelId: string,
	picture: Picture,
	cached: boolean,
	onProgress?: (p: LoadProgress) => void
): Promise<FirstPrediction & { probes: BackendProbe[] }> {
	const ready = await session.load(modelId, undefined, { warmUp: false, onProgress });
	if (!ready) throw new Error('Another load superseded the first prediction.');
	const bitmap = await decodePicture(picture.blob, picture.name);
	await session.classify(bitmap, 5);
	return {
		page_load_to_first_prediction_ms: performance.now(),
		backend: ready.backend.chosen,
		model: modelId,
		weights_cached: cached,
		load_ms: ready.loadMs,
		probes: ready.backend.probes
	};
}

export class BenchSession {
	/** The session of the measurement running now. */
	private current: ModelSession | null = null;
	cancelled = false;

	constructor(
		private base: string,
		private config: BenchConfig,
		private backends: BackendName[],
		private onUpdate: (u: SessionUpdate) => void,
		/** The engines to measure, each on the chosen backends it has (LiteRT.js: WASM, for models with a .tflite). */
		private engines: EngineName[] = ['tfjs'],
		/** The quick run: no second warm-up worker per row and no one-thread WASM rerun (the caller also runs fewer rounds). */
		private quick = false
	) {}

	cancel() {
		this.cancelled = true;
		this.current?.end('Cancelled by the user.');
	}

	/** A fresh session (a fresh worker) for one measurement, ended after it; cancel() ends it at once. */
	private async withSession<T>(measure: (session: ModelSession) => Promise<T>): Promise<T> {
		const session = (this.current = new ModelSession(this.base));
		if (this.cancelled) session.end('Cancelled by the user.');
		try {
			return await measure(session);
		} finally {
			session.end('done');
			this.current = null;
		}
	}

	private emptyRun(backend: BackendName, skipped: string, probe?: BackendProbe, engine: EngineName = 'tfjs'): BackendRun {
		return {
			engine, backend, model: this.config.modelId, skipped, probe, weights_ms: null, load_ms: null, first_ms: null,
			ours: null, bare: null, classify: null, batches: [], memory: null, tensors_leaked: null, classifications: 0, top5: {}, wall_ms: 0
		};
	}

	/** One backend in a fresh worker. `reference`: only the top-5 of each picture (the CPU reference). */
	private async runBackend(backend: BackendName, pictures: Picture[], progress: (text: string, f: number) => void, reference = false, wasmThreads?: number, engine: EngineName = 'tfjs'): Promise<BackendRun> {
		const t0 = performance.now();
		return this.withSession(async (session): Promise<BackendRun> => {
			progress('loading the model', 0);
			// Cold: no warm-up, so the first inference below is the one a visitor would wait for.
			const ready = await session.load(this.config.modelId, backend, {
				warmUp: false,
				wasmThreads,
				engine,
				onProgress: (p) => progress(`loading weights: ${(p.bytes / 1e6).toFixed(1)} of ${(p.totalBytes / 1e6).toFixed(1)} MB`, 0.1 * p.fraction)
			});
			if (!ready) throw new Error('the load was superseded');
			const probe = ready.backend.probes.find((p) => p.name === backend);
			if (ready.backend.chosen !== backend) {
				return this.emptyRun(backend, ready.backend.notUsed[backend] ?? `${backend} did not start`, probe, engine);
			}
			const images = await decodeAll(pictures);
			// The one-thread WASM run only needs the rounds (batches would double the time for no new figure).
			const config = { ...this.config, referenceOnly: reference, batchSizes: wasmThreads === 1 ? [] : this.config.batchSizes };
			const r = await session.bench(config, images, (p) =>
				progress(p.text, 0.1 + 0.9 * (p.phase === 'batch' ? 0.8 : p.phase === 'rounds' ? 0.1 + 0.7 * Math.min(1, p.done / Math.max(1, this.config.minRuns * 4)) : 0.05))
			);
			const after = await session.memory();
			return {
				engine,
				backend,
				model: this.config.modelId,
				probe,
				weights_ms: ready.weightsMs,
				load_ms: ready.loadMs,
				first_ms: r.first_ms,
				ours: r.ours,
				bare: r.bare,
				classify: r.classify,
				batches: r.batches,
				memory: { before_load: ready.memoryBeforeLoad, after_load: ready.memoryAfterLoad, after_bench: after.memory },
				tensors_leaked: r.tensors_leaked,
				classifications: r.classifications,
				top5: r.top5,
				wall_ms: performance.now() - t0,
				wasm_threads: ready.wasmThreads ?? null,
				cross_origin_isolated: ready.crossOriginIsolated ?? false
			};
		}).catch((e: Error) => ({ ...this.emptyRun(backend, this.cancelled ? 'cancelled' : `failed: ${e.message}`, undefined, engine), wall_ms: performance.now() - t0 }));
	}

	/** A fresh worker loaded with the warm-up, then one real picture: the first inference after warm-up. */
	private firstAfterWarmUp(backend: BackendName, picture: Picture, engine: EngineName = 'tfjs'): Promise<BackendRun['warm']> {
		return this.withSession(async (session) => {
			const ready = await session.load(this.config.modelId, backend, { warmUp: true, engine });
			if (!ready || ready.backend.chosen !== backend || !ready.warmUp) return null;
			const bitmap = await decodePicture(picture.blob, picture.name);
			const { ms } = await session.classify(bitmap, 5);
			return { warmup_ms: ready.warmUp.ms, parallel_compile: ready.warmUp.parallel_compile, first_ms: ms };
		}).catch(() => null);
	}

	async run(pictures: Picture[], environment: BenchReport['environment'], first: FirstPrediction | null): Promise<BenchReport> {
		const runs: BackendRun[] = [];
		const needReference = !this.backends.includes('cpu');
		// Every engine on each chosen backend it has; the engines one after the other on the same backend.
		const model = getModel(this.config.modelId);
		const plan = BENCH_BACKENDS.filter((b) => this.backends.includes(b)).flatMap((backend) =>
			this.engines.filter((e) => enginesFor(model).includes(e) && ENGINE_BACKENDS[e].includes(backend)).map((engine) => ({ engine, backend }))
		);
		const steps = plan.length + (needReference ? 1 : 0);
		for (const [i, { engine, backend }] of plan.entries()) {
			if (this.cancelled) {
				runs.push(this.emptyRun(backend, 'cancelled', undefined, engine));
				continue;
			}
			const probe = environment.probes.find((p) => p.name === backend);
			if (probe && !probe.available) {
				runs.push(this.emptyRun(backend, `unavailable: ${probe.detail}`, probe, engine));
				continue;
			}
			// The page shows "<backend>: <text>"; a LiteRT.js row says so in its text.
			const label = (text: string) => (engine === 'tfjs' ? text : `${ENGINE_LABELS[engine]} ${text}`);
			const run = await this.runBackend(backend, pictures, (text, f) => this.onUpdate({ backend, text: label(text), fraction: (i + f) / steps, runs }), false, undefined, engine);
			if (!run.skipped && !this.cancelled && !this.quick) {
				this.onUpdate({ backend, text: label('first inference after the warm-up'), fraction: (i + 1) / steps, runs });
				run.warm = await this.firstAfterWarmUp(backend, pictures[0], engine);
			}
			runs.push(run);
			this.onUpdate({ backend, text: label('done'), fraction: (i + 1) / steps, runs });
		}
		// Threaded WASM: the same rounds again on one thread, in a fresh worker, for the one-vs-all figure.
		let wasmOneThread: BackendRun | null = null;
		const wasmRun = runs.find((r) => r.backend === 'wasm' && (r.engine ?? 'tfjs') === 'tfjs' && !r.skipped);
		if (wasmRun && (wasmRun.wasm_threads ?? 1) > 1 && !this.cancelled && !this.quick) {
			wasmOneThread = await this.runBackend('wasm', pictures, (text) => this.onUpdate({ backend: 'wasm', text: `wasm on one thread: ${text}`, fraction: 1, runs }), false, 1);
		}
		let reference: Record<string, number[]> | null = null;
		if (needReference && !this.cancelled) {
			const ref = await this.runBackend('cpu', pictures, (text, f) => this.onUpdate({ backend: 'cpu', text: `CPU reference for agreement: ${text}`, fraction: (steps - 1 + f) / steps, runs }), true);
			reference = ref.skipped ? null : ref.top5;
		}
		this.onUpdate({ backend: null, text: this.cancelled ? 'cancelled' : 'finished', fraction: 1, runs });
		return buildReport({ config: this.config, environment, firstPrediction: first, runs, reference, wasmOneThread, cancelled: this.cancelled });
	}
}
