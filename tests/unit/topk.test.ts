// The JavaScript top-k that replaced tf.topk in the classify pipeline gives tf.topk's answer.
import { expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { topkRows } from '../../src/lib/core/topk';

test('matches tf.topk on random rows, ties included', async () => {
	await tf.setBackend('cpu');
	let seed = 7;
	const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
	const rows = 6, cols = 1000;
	// Coarse values (multiples of 1/50) make many ties.
	const values = Float32Array.from({ length: rows * cols }, () => Math.floor(rand() * 50) / 50);
	for (const k of [1, 5, 17]) {
		const t = tf.tensor2d(values, [rows, cols]);
		const { indices } = tf.topk(t, k);
		const expected = (await indices.array()) as number[][];
		tf.dispose([t, indices]);
		const got = topkRows(values, rows, k);
		// Same values in the same order; the same indices where no tie decides.
		expect(got.map((r, i) => r.map((j) => values[i * cols + j]))).toEqual(expected.map((r, i) => r.map((j) => values[i * cols + j])));
		for (const r of got) expect(new Set(r).size).toBe(k);
	}
	expect(topkRows([0.1, 0.7, 0.2, 0.7], 1, 3)).toEqual([[1, 3, 2]]);
	expect(topkRows([3, 2, 1, 1, 2, 3], 2, 2)).toEqual([[0, 1], [2, 1]]);
});
