// The JavaScript top-k that replaced tf.topk in the classify pipeline gives tf.topk's answer.
import { expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { softmaxRows, topkRows } from '../../src/lib/core/topk';

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

test('softmaxRows matches tf.softmax, also for large logits', async () => {
	await tf.setBackend('cpu');
	const logits = Float32Array.from([1, 2, 3, 0, 1000, 1001, 999, 1000, -5, 0, 5, 10]);
	const t = tf.tensor2d(logits, [3, 4]);
	const expected = tf.softmax(t);
	const want = await expected.data();
	tf.dispose([t, expected]);
	const got = softmaxRows(logits, 3);
	got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
	expect(got.slice(0, 4).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
	expect(Number.isFinite(got[5])).toBe(true);
});
