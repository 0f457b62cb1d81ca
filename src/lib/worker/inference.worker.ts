// The inference worker: TF.js, the backend and the model live here, so the page never freezes, not even
// during a first inference that compiles shaders for seconds. WebGL runs on an OffscreenCanvas here.
import * as tf from '@tensorflow/tfjs';
import { loadEngine, startBackend, type Engine } from '../browser/engine';
import { benchClassifier } from '../bench/runner';
import { getModel } from '../core/catalogue';
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

// One request at a time, in order: a model is never used while another one loads.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e) => {
	const msg = e.data;
	queue = queue.then(() => handle(msg)).catch((err: unknown) => {
		scope.postMessage({ type: 'error', id: msg.id, message: (err as Error)?.message ?? String(err) });
	});
};

async function handle(msg: WorkerRequest): Promise<void> {
	switch (msg.type) {
		case 'load': {
			engine?.classifier.dispose();
			engine = null;
			await startBackend(msg.base, msg.backend);
			const memoryBeforeLoad = memory();
			const totalBytes = getModel(msg.modelId).weights_bytes;
			const t0 = performance.now();
			let weightsMs: number | null = null;
			engine = await loadEngine(msg.base, msg.modelId, msg.backend, (fraction) => {
				if (fraction >= 1 && weightsMs === null) weightsMs = performance.now() - t0;
				scope.postMessage({ type: 'load-progress', id: msg.id, fraction, bytes: Math.round(fraction * totalBytes), totalBytes });
			});
			scope.postMessage({
				type: 'ready',
				id: msg.id,
				info: {
					modelId: msg.modelId,
					backend: engine.backend,
					loadMs: engine.loadMs,
					weightsMs,
					weightsBytes: totalBytes,
					memoryBeforeLoad,
					memoryAfterLoad: memory()
				}
			});
			return;
		}
		case 'classify': {
			try {
				if (!engine) throw new Error('No model is loaded yet.');
				const t0 = performance.now();
				const predictions = await engine.classifier.classify(msg.bitmap, msg.k, msg.crops ?? 1);
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
				const result = await benchClassifier(engine.classifier, images, msg.config, (progress) =>
					scope.postMessage({ type: 'bench-progress', id: msg.id, progress })
				);
				scope.postMessage({ type: 'bench-result', id: msg.id, result });
			} finally {
				msg.images.forEach((i) => i.bitmap.close());
			}
			return;
		}
		case 'memory':
			scope.postMessage({ type: 'memory', id: msg.id, memory: memory(), backend: tf.getBackend() });
			return;
	}
}
