import { describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { centreCropBox, preprocessBatch } from '../../src/lib/core/preprocess';

// A 4x4 RGB picture whose red channel is 10 * (row * 4 + col), green = 255 - red, blue = 0.
const pixels = () =>
	tf.tensor3d(
		Array.from({ length: 16 }, (_, i) => [10 * i, 255 - 10 * i, 0]).flat(),
		[4, 4, 3],
		'int32'
	);

describe('centreCropBox', () => {
	test('whole square frame maps to the first and last pixel centres', () => {
		expect(centreCropBox(4, 4, 1)).toEqual([0, 0, 1, 1]);
	});
	test('half of a 4x4 square is its centre 2x2 (rows and columns 1..2)', () => {
		expect(centreCropBox(4, 4, 0.5)).toEqual([1 / 3, 1 / 3, 2 / 3, 2 / 3]);
	});
	test('a landscape picture is cropped to the centre of its short side', () => {
		// 100 x 200, crop 0.5: side 50, top 25, left 75 -> y 25..74, x 75..124 in pixel centres.
		const [y1, x1, y2, x2] = centreCropBox(100, 200, 0.5);
		expect(y1 * 99).toBeCloseTo(25);
		expect(y2 * 99).toBeCloseTo(74);
		expect(x1 * 199).toBeCloseTo(75);
		expect(x2 * 199).toBeCloseTo(124);
	});
});

describe('preprocessBatch', () => {
	test('crop 0.5 to 2x2 gives exactly the centre pixels, unnormalised', async () => {
		const p = pixels();
		const out = preprocessBatch([p], 2, 0.5, null);
		expect(out.shape).toEqual([1, 2, 2, 3]);
		const red = Array.from((await out.data()).filter((_, i) => i % 3 === 0));
		expect(red).toEqual([50, 60, 90, 100]); // pixels (1,1) (1,2) (2,1) (2,2)
		tf.dispose([p, out]);
	});
	test('bilinear resize of the whole frame to 3x3 interpolates between pixel centres', async () => {
		const p = pixels();
		const out = preprocessBatch([p], 3, 1, null);
		const red = Array.from((await out.data()).filter((_, i) => i % 3 === 0));
		// rows/cols sampled at 0, 1.5, 3: value = 10 * (4 * r + c)
		expect(red.map((v) => Math.round(v * 10) / 10)).toEqual([0, 15, 30, 60, 75, 90, 120, 135, 150]);
		tf.dispose([p, out]);
	});
	test('[-1, 1] normalisation: 0 -> -1, 255 -> 1, 127.5 -> 0', async () => {
		const p = tf.tensor3d([0, 255, 127.5, 0, 255, 127.5, 0, 255, 127.5, 0, 255, 127.5], [2, 2, 3], 'float32');
		const out = preprocessBatch([p], 2, 1, { mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] });
		expect(Array.from(await out.data()).slice(0, 3)).toEqual([-1, 1, 0]);
		tf.dispose([p, out]);
	});
	test('torch-mode normalisation per channel', async () => {
		const p = tf.tensor3d([255, 0, 128], [1, 1, 3], 'float32');
		const out = preprocessBatch([p], 1, 1, { mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375] });
		const v = Array.from(await out.data());
		expect(v[0]).toBeCloseTo((1 - 0.485) / 0.229, 4);
		expect(v[1]).toBeCloseTo((0 - 0.456) / 0.224, 4);
		expect(v[2]).toBeCloseTo((128 / 255 - 0.406) / 0.225, 4);
		tf.dispose([p, out]);
	});
	test('a batch of differently sized pictures stacks to one tensor, leaking nothing', () => {
		const before = tf.memory().numTensors;
		const a = tf.zeros([10, 20, 3]) as tf.Tensor3D, b = tf.ones([30, 15, 3]) as tf.Tensor3D;
		const out = preprocessBatch([a, b], 8, 0.875, null);
		expect(out.shape).toEqual([2, 8, 8, 3]);
		tf.dispose([a, b, out]);
		expect(tf.memory().numTensors).toBe(before);
	});
});
