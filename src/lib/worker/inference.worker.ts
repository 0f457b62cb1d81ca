// The inference worker: TF.js, the backend and the model live here, so the page never freezes, not even
// during a first inference that compiles shaders for seconds. WebGL runs on an OffscreenCanvas here.
import * as tf from '@tensorflow/tfjs';
import { canUseWasmThreads, loadEngine, startBackend, wasmThreadCount, type Engine } from '../browser/engine';
import { benchClassifier } from '../bench/runner';
import { getModel } from '../core/catalogue';
import { integrityOf } from '../core/integrity';
import { loadClassifier } from '../core/classifier';
import { loadClasses } from '../browser/data';
import { occlusionJob, probabilities, sweepJob } from './lab-jobs';
import { warmUp } from './warmup';
import { classifyBitmaps } from './bitmap-pixels';
import type { PixelInput } from '../core/preprocess';
import type { WorkerRequest, WorkerResponse } from './protocol';

const scope = self as unknown as {
	postMessage(message: WorkerResponse): void;
	onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
};

let engine: Engine | null = null;
const memory = () => {
	const m = tf.memory();
	return { numTensors: m.numTensors, numBytes: m.numBytes };
};

// Cancellable jobs by request id; a cancel message is read at once (jobs yield to the event loop between batches).
const jobs = new Map<number, AbortController>();

// One request at a time, in order: a model is never used while another one loads.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e) => {
	const msg = e.data;
	if (msg.type === 'cancel') return void jobs.get(msg.target)?.abort();
	if (msg.type === 'occlusion' || msg.type === 'sweep') jobs.set(msg.id, new AbortController());
	queue = queue
		.then(() => handle(msg))
		.catch((err: unknown) => {
			scope.postMessage({ type: 'error', id: msg.id, message: (err as Error)?.message ?? String(err), name: (err as Error)?.name });
		})
		.finally(() => jobs.delete(msg.id));
};

function signalOf(id: number): AbortSignal {
	const ctl = jobs.get(id);
	if (!ctl) throw new Error(`no job ${id}`);
	if (ctl.signal.aborted) throw Object.assign(new Error('Cancelled'), { name: 'AbortError' });
	return ctl.signal;
}

async function handle(msg: WorkerRequest): Promise<void> {
	switch (msg.type) {
		case 'load': {
			engine?.classifier.dispose();
			engine = null;
			const engineName = msg.engine ?? 'tfjs';
			// LiteRT.js starts its own runtime in loadEngine; TF.js then runs on its CPU backend, for tensor crops only.
			await startBackend(msg.base, engineName === 'litert' ? 'cpu' : msg.backend, msg.wasmThreads);
			const memoryBeforeLoad = memory();
			const entry = getModel(msg.modelId);
			const totalBytes = engineName === 'litert' ? (integrityOf(entry)[entry.files.tflite!]?.bytes ?? 0) : entry.weights_bytes;
			const t0 = performance.now();
			let weightsMs: number | null = null;
			engine = await loadEngine(msg.base, msg.modelId, msg.backend, (fraction) => {
				if (fraction >= 1 && weightsMs === null) weightsMs = performance.now() - t0;
				scope.postMessage({ type: 'load-progress', id: msg.id, fraction, bytes: Math.round(fraction * totalBytes), totalBytes });
			}, msg.wasmThreads, engineName);
			const warm = msg.warmUp ? await warmUp(engine.classifier) : null;
			scope.postMessage({
				type: 'ready',
				id: msg.id,
				info: {
					modelId: msg.modelId,
					engine: engine.engine,
					backend: engine.backend,
					litertBuild: engine.litertBuild,
					loadMs: engine.loadMs,
					weightsMs,
					weightsBytes: totalBytes,
					memoryBeforeLoad,
					memoryAfterLoad: memory(),
					crossOriginIsolated: canUseWasmThreads(),
					wasmThreads: engine.engine === 'litert' ? 1 : wasmThreadCount(),
					warmUp: warm
				}
			});
			return;
		}
		case 'classify': {
			try {
				if (!engine) throw new Error('No model is loaded yet.');
				const t0 = performance.now();
				const [predictions] = await classifyBitmaps(engine.classifier, [msg.bitmap], msg.k, msg.crops ?? 1, msg.preprocessing);
				scope.postMessage({ type: 'predictions', id: msg.id, predictions, ms: performance.now() - t0 });
			} finally {
				msg.bitmap.close();
			}
			return;
		}
		case 'bench': {
			try {
				if (!engine) throw new Error('No model is loaded yet.');
				const images = msg.images.map((i) => ({ name: i.name, image: i.bitmap }));
				const classifier = engine.classifier;
				// "Ours" is the app's own path for a bitmap: cropped in the worker (bitmap-pixels).
				const picturePath = { classifyBatch: (bitmaps: PixelInput[], k: number) => classifyBitmaps(classifier, bitmaps as ImageBitmap[], k) };
				const result = await benchClassifier(classifier, images, msg.config, (progress) =>
					scope.postMessage({ type: 'bench-progress', id: msg.id, progress }), picturePath
				);
				scope.postMessage({ type: 'bench-result', id: msg.id, result });
			} finally {
				msg.images.forEach((i) => i.bitmap.close());
			}
			return;
		}
		case 'probabilities': {
			try {
				if (!engine) throw new Error('No model is loaded yet.');
				const t0 = performance.now();
				const probs = await probabilities(engine.classifier, msg.image, msg.crops ?? 1);
				scope.postMessage({ type: 'probabilities', id: msg.id, probs, ms: performance.now() - t0 });
			} finally {
				if (msg.image instanceof ImageBitmap) msg.image.close();
			}
			return;
		}
		case 'occlusion': {
			if (!engine) throw new Error('No model is loaded yet.');
			const before = tf.memory().numTensors;
			const map = await occlusionJob(engine.classifier, msg.image, msg.classIndex, msg.options, signalOf(msg.id), (done, total) =>
				scope.postMessage({ type: 'job-progress', id: msg.id, done, total })
			);
			const leaked = tf.memory().numTensors - before;
			if (leaked > 0) console.warn(`occlusion map left ${leaked} tensors`);
			scope.postMessage({ type: 'occlusion-result', id: msg.id, map });
			return;
		}
		case 'sweep': {
			const signal = signalOf(msg.id);
			if (!engine) await startBackend(msg.job.base); // else keep the backend the loaded model runs on
			const classes = await loadClasses(msg.job.base);
			const result = await sweepJob(
				msg.job,
				async (modelId) => {
					// The loaded model if it is the one asked for; any other is loaded for this sweep only.
					if (engine?.classifier.entry.id === modelId) return { classifier: engine.classifier, release() {} };
					const classifier = await loadClassifier(getModel(modelId), { baseUrl: msg.job.base || '/', classes });
					return { classifier, release: () => classifier.dispose() };
				},
				signal,
				(done, total, note) => scope.postMessage({ type: 'job-progress', id: msg.id, done, total, note })
			);
			scope.postMessage({ type: 'sweep-result', id: msg.id, result });
			return;
		}
		case 'memory':
			scope.postMessage({ type: 'memory', id: msg.id, memory: memory(), backend: tf.getBackend() });
			return;
	}
}
