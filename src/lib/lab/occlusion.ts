// Where does the model look? Slide a grey patch over the picture, batch the occluded copies through the model
// and record how much the chosen class's probability drops at each place (Zeiler & Fergus 2014). Model-agnostic:
// all it needs is a function from a batch of pictures to class probabilities.
import * as tf from '@tensorflow/tfjs';
import { patchBox } from './transforms';

/** [n, h, w, 3] pictures (0..255) -> [n, classes] probabilities. Synchronous (called inside tf.tidy). */
export type PredictFn = (batch: tf.Tensor4D) => tf.Tensor2D;

export interface OcclusionOptions {
	/** Patch centres on a rows x cols grid (each centre in the middle of its cell). Default 8 x 8. */
	rows?: number;
	cols?: number;
	/** Side of the square patch as a fraction of the picture's shorter side. Default 0.25. */
	patch?: number;
	/** Grey level of the patch (0..255). Default 128. */
	fill?: number;
	/** Occluded copies per batch through the model. Default 16. */
	batchSize?: number;
	onProgress?: (done: number, total: number) => void;
	signal?: AbortSignal;
}

export interface OcclusionMap {
	classIndex: number;
	rows: number;
	cols: number;
	/** The class's probability on the untouched picture. */
	baseline: number;
	/** Row-major rows x cols: the class's probability with the patch centred on that cell. */
	occluded: Float32Array;
	/** Row-major rows x cols: baseline - occluded (positive where hiding that place hurts the answer). */
	drop: Float32Array;
	/** The cell where hiding hurts most, and its centre as fractions of the width and height. */
	peak: { row: number; col: number; x: number; y: number; drop: number };
}

import { abortError, yieldToEventLoop } from './cancel';
export { abortError, yieldToEventLoop } from './cancel';
export { heatColour } from './heat';

export async function occlusionMap(image: tf.Tensor3D, predict: PredictFn, classIndex: number, opts: OcclusionOptions = {}): Promise<OcclusionMap> {
	const rows = opts.rows ?? 8, cols = opts.cols ?? 8, size = opts.patch ?? 0.25, fill = opts.fill ?? 128;
	const batchSize = Math.max(1, opts.batchSize ?? 16);
	const [h, w] = image.shape;
	const total = rows * cols;
	const check = () => {
		if (opts.signal?.aborted) throw abortError();
	};
	check();

	const probOf = async (batch: () => tf.Tensor4D): Promise<Float32Array> => {
		const p = tf.tidy(() => {
			const probs = predict(batch());
			if (classIndex < 0 || classIndex >= probs.shape[1]) throw new Error(`Class ${classIndex} is not among the model's ${probs.shape[1]} outputs`);
			return tf.squeeze(tf.slice(probs, [0, classIndex], [-1, 1]), [1]);
		});
		try {
			return new Float32Array(await p.data());
		} finally {
			p.dispose();
		}
	};

	const pixels = tf.tidy(() => tf.cast(image, 'float32')) as tf.Tensor3D;
	try {
		const baseline = (await probOf(() => tf.expandDims(pixels, 0) as tf.Tensor4D))[0];
		const occluded = new Float32Array(total);
		for (let start = 0; start < total; start += batchSize) {
			await yieldToEventLoop();
			check();
			const n = Math.min(batchSize, total - start);
			// One row mask [n, h, 1, 1] and one column mask [n, 1, w, 1] per copy; their product is the patch.
			const rowMask = new Float32Array(n * h), colMask = new Float32Array(n * w);
			for (let k = 0; k < n; k++) {
				const cell = start + k, r = Math.floor(cell / cols), c = cell % cols;
				const box = patchBox(w, h, { x: (c + 0.5) / cols, y: (r + 0.5) / rows, size });
				rowMask.fill(1, k * h + box.y0, k * h + box.y1);
				colMask.fill(1, k * w + box.x0, k * w + box.x1);
			}
			const values = await probOf(() => {
				const mask = tf.mul(tf.tensor4d(rowMask, [n, h, 1, 1]), tf.tensor4d(colMask, [n, 1, w, 1]));
				// pixels * (1 - mask) + fill * mask, broadcast over the batch and the 3 channels
				return tf.add(tf.mul(pixels, tf.sub(1, mask)), tf.mul(mask, fill)) as tf.Tensor4D;
			});
			occluded.set(values, start);
			opts.onProgress?.(start + n, total);
		}
		const drop = occluded.map((p) => baseline - p);
		let best = 0;
		for (let i = 1; i < total; i++) if (drop[i] > drop[best]) best = i;
		const row = Math.floor(best / cols), col = best % cols;
		return {
			classIndex, rows, cols, baseline, occluded, drop,
			peak: { row, col, x: (col + 0.5) / cols, y: (row + 0.5) / rows, drop: drop[best] }
		};
	} finally {
		pixels.dispose();
	}
}
