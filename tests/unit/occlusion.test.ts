// The occlusion map on hand-made models whose answer depends on one known region of the picture.
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { heatColour, occlusionMap, type PredictFn } from '../../src/lib/lab/occlusion';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

/** Four classes: class q's logit is 10 x the mean brightness (0..1) of quadrant q (0 TL, 1 TR, 2 BL, 3 BR). */
const quadrantModel: PredictFn = (batch) =>
	tf.tidy(() => {
		const [, h, w] = batch.shape;
		const hh = h / 2, hw = w / 2;
		const q = [
			[0, 0], [0, hw], [hh, 0], [hh, hw]
		].map(([y, x]) => tf.mean(tf.slice(batch, [0, y, x, 0], [-1, hh, hw, 3]), [1, 2, 3]));
		return tf.softmax(tf.mul(tf.stack(q, 1), 10 / 255)) as tf.Tensor2D;
	});

/** A layers model: a mask keeps only the right-hand third of the picture, then a dense layer makes 3 classes. */
function rightThirdModel(h: number, w: number): { predict: PredictFn; dispose: () => void } {
	const mask = tf.tidy(() => {
		const m = new Float32Array(h * w * 3);
		for (let y = 0; y < h; y++) for (let x = Math.ceil((2 * w) / 3); x < w; x++) m.fill(1, (y * w + x) * 3, (y * w + x) * 3 + 3);
		return tf.tensor4d(m, [1, h, w, 3]);
	});
	const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [h, w, 3] }), tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: 'randomNormal', biasInitializer: 'zeros' })] });
	return {
		predict: (batch) => tf.tidy(() => model.predict(tf.mul(tf.div(batch, 255), mask)) as tf.Tensor2D),
		dispose: () => {
			model.dispose();
			mask.dispose();
		}
	};
}

const white = (h: number, w: number) => tf.fill([h, w, 3], 255) as tf.Tensor3D;

describe('occlusionMap', () => {
	test.each([
		[0, 'top-left', (x: number, y: number) => x < 0.5 && y < 0.5],
		[3, 'bottom-right', (x: number, y: number) => x > 0.5 && y > 0.5]
	])('class %i depends on the %s quadrant: the peak lands there', async (cls, _name, inside) => {
		const img = white(32, 32);
		const map = await occlusionMap(img, quadrantModel, cls, { rows: 4, cols: 4, patch: 0.25, fill: 0, batchSize: 5 });
		img.dispose();
		expect(map.baseline).toBeCloseTo(0.25, 5); // all quadrants equally bright
		expect(inside(map.peak.x, map.peak.y)).toBe(true);
		expect(map.peak.drop).toBeGreaterThan(0.1);
		// Every cell of the 4x4 grid covers exactly one quadrant's 8x8 part: the four cells in the class's quadrant
		// each hurt it, the other twelve help it (the other classes lose mass).
		for (let r = 0; r < 4; r++)
			for (let c = 0; c < 4; c++) {
				const d = map.drop[r * 4 + c];
				if (inside((c + 0.5) / 4, (r + 0.5) / 4)) expect(d).toBeGreaterThan(0.1);
				else expect(d).toBeLessThan(0);
			}
	});

	test('a layers model that sees only the right third: patches left of it change nothing', async () => {
		const h = 24, w = 24;
		tf.setBackend('cpu');
		const m = rightThirdModel(h, w);
		const img = tf.tidy(() => tf.mul(tf.randomUniform([h, w, 3], 0, 1, 'float32', 7), 255) as tf.Tensor3D);
		const probs = tf.tidy(() => m.predict(tf.expandDims(img, 0) as tf.Tensor4D));
		const top = (await tf.argMax(probs, 1).data())[0];
		probs.dispose();
		const map = await occlusionMap(img, m.predict, top, { rows: 6, cols: 6, patch: 1 / 6, fill: 0 });
		img.dispose();
		m.dispose();
		for (let r = 0; r < 6; r++)
			for (let c = 0; c < 6; c++) {
				const d = map.drop[r * 6 + c];
				if (c < 4) expect(Math.abs(d), `cell ${r},${c}`).toBeLessThan(1e-6); // columns 0..15: outside the model's view
				else expect(Math.abs(d), `cell ${r},${c}`).toBeGreaterThan(1e-6);
			}
		expect(map.peak.col).toBeGreaterThanOrEqual(4);
	});

	test('reports progress batch by batch, leaks no tensors, and the baseline matches the model', async () => {
		const img = white(16, 16);
		const before = tf.memory().numTensors;
		const seen: [number, number][] = [];
		const map = await occlusionMap(img, quadrantModel, 1, { rows: 3, cols: 3, batchSize: 4, onProgress: (d, t) => seen.push([d, t]) });
		expect(seen).toEqual([[4, 9], [8, 9], [9, 9]]);
		expect(tf.memory().numTensors).toBe(before);
		expect(map.occluded.length).toBe(9);
		map.drop.forEach((d, i) => expect(d).toBeCloseTo(map.baseline - map.occluded[i], 6));
		img.dispose();
	});

	test('cancelling stops between batches with an AbortError and leaks nothing', async () => {
		const img = white(16, 16);
		const before = tf.memory().numTensors;
		const ctl = new AbortController();
		let batches = 0;
		const run = occlusionMap(img, quadrantModel, 0, {
			rows: 4, cols: 4, batchSize: 2,
			onProgress: () => {
				if (++batches === 2) ctl.abort();
			},
			signal: ctl.signal
		});
		await expect(run).rejects.toMatchObject({ name: 'AbortError' });
		expect(batches).toBe(2);
		expect(tf.memory().numTensors).toBe(before);
		await expect(occlusionMap(img, quadrantModel, 0, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
		img.dispose();
	});

	test('a class the model does not have is a clear error', async () => {
		const img = white(8, 8);
		await expect(occlusionMap(img, quadrantModel, 7)).rejects.toThrow(/Class 7 is not among the model's 4 outputs/);
		img.dispose();
	});
});

describe('heatColour', () => {
	test('red for a drop, blue for a rise, clear at zero, saturating at the scale', () => {
		expect(heatColour(0.5, 0.5)).toEqual([220, 30, 30, 0.75]);
		expect(heatColour(1, 0.5)).toEqual([220, 30, 30, 0.75]);
		expect(heatColour(-0.25, 0.5)).toEqual([30, 90, 220, 0.375]);
		expect(heatColour(0, 0.5)[3]).toBe(0);
	});
});
