// The real weights on real ILSVRC-2012 validation photos, through the same core the app uses (Node, wasm).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ImageNetClass } from '../../src/lib/core/classes';
import type { Classifier } from '../../src/lib/core/classifier';
import { decodeImageFile } from '../../src/lib/node/files';
import { ASSET_ROOT, loadClassesFromDisk, loadClassifierFromDisk, useNodeBackend } from '../../src/lib/node/runtime';

const VAL = join(ASSET_ROOT, 'data/ilsvrc2012_val_acuity1300/images');
// Photos the default model gets right with high confidence (class index from labels.csv).
const CONFIDENT: [string, number, string][] = [
	['ILSVRC2012_val_00000347.JPEG', 472, 'canoe'],
	['ILSVRC2012_val_00000361.JPEG', 300, 'tiger beetle'],
	['ILSVRC2012_val_00000560.JPEG', 705, 'passenger car'],
	['ILSVRC2012_val_00000865.JPEG', 295, 'American black bear'],
	['ILSVRC2012_val_00000807.JPEG', 27, 'eft']
];

let classes: ImageNetClass[];
beforeAll(async () => {
	await useNodeBackend('wasm');
	classes = await loadClassesFromDisk();
});

async function topFor(classifier: Classifier, file: string) {
	const px = await decodeImageFile(join(VAL, file));
	try {
		return await classifier.classify(px, 5);
	} finally {
		px.dispose();
	}
}

describe('default model (tflite-mobilenet-v2-1.0-224 through @tensorflow-models/mobilenet)', () => {
	let classifier: Classifier;
	beforeAll(async () => {
		classifier = await loadClassifierFromDisk('tflite-mobilenet-v2-1.0-224', classes);
	});
	afterAll(() => classifier?.dispose());

	test.each(CONFIDENT)('%s is a %i (%s)', async (file, index, label) => {
		const top = await topFor(classifier, file);
		expect(top).toHaveLength(5);
		expect(top[0].classIndex).toBe(index);
		expect(top[0].label).toBe(label);
		expect(top[0].probability).toBeGreaterThan(0.8);
		for (let i = 1; i < 5; i++) expect(top[i].probability).toBeLessThanOrEqual(top[i - 1].probability);
	});

	test('a batch gives the same answers as one at a time', async () => {
		const px = await Promise.all(CONFIDENT.slice(0, 3).map(([f]) => decodeImageFile(join(VAL, f))));
		const batch = await classifier.classifyBatch(px, 5);
		tf.dispose(px);
		expect(batch.map((b) => b[0].classIndex)).toEqual(CONFIDENT.slice(0, 3).map(([, i]) => i));
	});

	test('no tensor leaks over repeated classifications', async () => {
		await topFor(classifier, CONFIDENT[0][0]);
		const before = tf.memory().numTensors;
		for (let i = 0; i < 5; i++) await topFor(classifier, CONFIDENT[i][0]);
		expect(tf.memory().numTensors).toBe(before);
	});
});

describe('other loaders and class orders', () => {
	test('darknet-tiny (layers model, darknet class order) names the right classes', async () => {
		const c = await loadClassifierFromDisk('darknet-tiny', classes);
		try {
			expect((await topFor(c, 'ILSVRC2012_val_00000361.JPEG'))[0].classIndex).toBe(300);
			expect((await topFor(c, 'ILSVRC2012_val_00000807.JPEG'))[0].classIndex).toBe(27);
		} finally {
			c.dispose();
		}
	});
	test('keras-mobilenet-v1-0.25-224 (layers model, softmax output)', async () => {
		const c = await loadClassifierFromDisk('keras-mobilenet-v1-0.25-224', classes);
		try {
			const top = await topFor(c, 'ILSVRC2012_val_00000361.JPEG');
			expect(top[0].classIndex).toBe(300);
			expect(top.reduce((s, p) => s + p.probability, 0)).toBeLessThanOrEqual(1.0001);
		} finally {
			c.dispose();
		}
	});
	test('a missing weight shard gives a clear message', async () => {
		await expect(loadClassifierFromDisk('tflite-mobilenet-v2-1.0-224', classes, '/nonexistent')).rejects.toThrow(/npm run assets/);
	});
});
