// The bench runner on a real model in Node (wasm): timing phases, batches, top-5 per picture, and no tensor leaked.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { benchClassifier, type NamedImage } from '../../src/lib/bench/runner';
import { DEFAULT_CONFIG } from '../../src/lib/bench/types';
import type { Classifier } from '../../src/lib/core/classifier';
import { decodeImageFile } from '../../src/lib/node/files';
import { ASSET_ROOT, loadClassesFromDisk, loadClassifierFromDisk, useNodeBackend } from '../../src/lib/node/runtime';

describe('runner and leaks, real model in Node (wasm)', () => {
	const VAL = join(ASSET_ROOT, 'data/ilsvrc2012_val_acuity1300/images');
	const FILES = ['ILSVRC2012_val_00000347.JPEG', 'ILSVRC2012_val_00000361.JPEG', 'ILSVRC2012_val_00000560.JPEG'];
	let classifier: Classifier;
	let images: NamedImage[];
	beforeAll(async () => {
		await useNodeBackend('wasm');
		classifier = await loadClassifierFromDisk('tflite-mobilenet-v1-0.25-128', await loadClassesFromDisk());
		images = await Promise.all(FILES.map(async (name) => ({ name, image: await decodeImageFile(join(VAL, name)) })));
	});
	afterAll(() => {
		classifier?.dispose();
		images?.forEach((i) => (i.image as tf.Tensor).dispose());
	});

	test('times ours, bare predict and classify() interleaved, batches, top-5 per picture, no leak', async () => {
		const phases = new Set<string>();
		const r = await benchClassifier(classifier, images, { modelId: 'x', ...DEFAULT_CONFIG, maxRuns: 6, budgetMs: 1, batchSizes: [1, 8] }, (p) => phases.add(p.phase));
		expect(r.ours!.n).toBe(5); // the budget of 1 ms stops it at the minimum
		expect(r.bare!.n).toBe(5);
		expect(r.classify!.n).toBe(5);
		expect(r.first_ms).toBeGreaterThan(0);
		expect(r.bare!.median_ms).toBeGreaterThan(0);
		expect(r.batches.map((b) => [b.batch, b.n > 0])).toEqual([[1, true], [8, true]]);
		expect(Object.keys(r.top5).sort()).toEqual([...FILES].sort());
		expect(r.top5['ILSVRC2012_val_00000361.JPEG']).toHaveLength(5);
		expect(r.tensors_leaked).toBe(0);
		expect([...phases]).toEqual(['first', 'rounds', 'batch']);
	});

	test('a batch size over its budget is skipped with the reason', async () => {
		const r = await benchClassifier(classifier, images, { modelId: 'x', ...DEFAULT_CONFIG, maxRuns: 5, batchBudgetMs: 1, batchSizes: [1, 32] });
		expect(r.batches[1]).toMatchObject({ batch: 32, n: 0, images_per_s: null });
		expect(r.batches[1].skipped).toMatch(/over the 0 s budget/);
	});

	test('after 1,000 classifications the tensor count is where it started', async () => {
		await classifier.classify(images[0].image, 5);
		const before = tf.memory().numTensors;
		for (let i = 0; i < 1000; i++) await classifier.classify(images[i % images.length].image, 5);
		expect(tf.memory().numTensors).toBe(before);
	});
});
