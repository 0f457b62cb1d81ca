// The benchmark's statistics and report (pure), and the runner with a real model in Node (wasm).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { keepGoing, ratio, summarize, topkAgreement } from '../../src/lib/bench/stats';
import { buildReport, formatTable } from '../../src/lib/bench/report';
import { benchClassifier, type NamedImage } from '../../src/lib/bench/runner';
import { DEFAULT_CONFIG, type BackendRun } from '../../src/lib/bench/types';
import { BENCH_BACKENDS } from '../../src/lib/browser/bench-session';
import { BACKENDS } from '../../src/lib/core/backend';
import type { Classifier } from '../../src/lib/core/classifier';
import { decodeImageFile } from '../../src/lib/node/files';
import { ASSET_ROOT, loadClassesFromDisk, loadClassifierFromDisk, useNodeBackend } from '../../src/lib/node/runtime';

describe('statistics', () => {
	test('median, p95, min and mean of timing samples', () => {
		const s = summarize([5, 1, 3, 2, 4, 100, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19])!;
		expect(s.n).toBe(20);
		expect(s.median_ms).toBe(10.5);
		expect(s.min_ms).toBe(1);
		expect(s.p95_ms).toBeGreaterThanOrEqual(19);
		expect(s.p95_ms).toBeLessThanOrEqual(100);
		expect(s.mean_ms).toBeCloseTo(290 / 20, 5);
		expect(summarize([])).toBeNull();
		expect(summarize([42])).toMatchObject({ n: 1, median_ms: 42, p95_ms: 42 });
	});

	test('ratio handles missing figures', () => {
		expect(ratio(11, 10)).toBeCloseTo(1.1);
		expect(ratio(null, 10)).toBeNull();
		expect(ratio(5, 0)).toBeNull();
	});

	test('top-5 agreement: overlap of the reference top-5, order ignored; top-1 exact', () => {
		const ref = { a: [1, 2, 3, 4, 5], b: [6, 7, 8, 9, 10] };
		expect(topkAgreement({ a: [5, 4, 3, 2, 1], b: [6, 7, 8, 9, 10] }, ref)).toEqual({ n: 2, topk: 1, top1: 0.5 });
		expect(topkAgreement({ a: [1, 2, 3, 40, 50] }, ref)).toEqual({ n: 1, topk: 0.6, top1: 1 });
		expect(topkAgreement({ c: [1] }, ref)).toBeNull();
	});

	test('run count: at least the minimum, at most the maximum, the budget decides in between', () => {
		const o = { minRuns: 5, maxRuns: 30, budgetMs: 1000 };
		expect(keepGoing(0, 99_999, o)).toBe(true);
		expect(keepGoing(4, 99_999, o)).toBe(true);
		expect(keepGoing(5, 99_999, o)).toBe(false);
		expect(keepGoing(10, 500, o)).toBe(true);
		expect(keepGoing(30, 0, o)).toBe(false);
	});
});

test('the page keeps its own copy of the backend list (to keep TF.js off the main thread): the same list', () => {
	expect(BENCH_BACKENDS).toEqual([...BACKENDS]);
});

describe('report', () => {
	const base: BackendRun = {
		backend: 'wasm', model: 'm', weights_ms: 10, load_ms: 100, first_ms: 50,
		ours: { n: 5, median_ms: 11, p95_ms: 13, min_ms: 10, mean_ms: 11.2 },
		bare: { n: 5, median_ms: 10, p95_ms: 12, min_ms: 9, mean_ms: 10 },
		classify: { n: 5, median_ms: 20, p95_ms: 22, min_ms: 19, mean_ms: 20 },
		batches: [
			{ batch: 1, n: 5, median_ms: 11, images_per_s: 1000 / 11 },
			{ batch: 32, n: 0, median_ms: null, images_per_s: null, skipped: 'over budget' }
		],
		memory: null, tensors_leaked: 0, classifications: 7,
		top5: { a: [1, 2, 3, 4, 5] }, wall_ms: 1000
	};
	test('one row per backend with ratios against both baselines and agreement against the CPU run', () => {
		const cpu: BackendRun = { ...base, backend: 'cpu', top5: { a: [1, 2, 3, 4, 9] } };
		const skipped: BackendRun = { ...base, backend: 'webgpu', skipped: 'unavailable: no adapter', ours: null, bare: null, classify: null, batches: [], top5: {} };
		const report = buildReport({
			config: { modelId: 'm', ...DEFAULT_CONFIG },
			environment: { userAgent: 'ua', hardwareConcurrency: 2, probes: [] },
			firstPrediction: null,
			runs: [skipped, base, cpu]
		});
		const wasm = report.results.find((r) => r.backend === 'wasm')!;
		expect(wasm).toMatchObject({
			load_ms: 100, first_ms: 50, median_ms: 11, p95_ms: 13, tensors_leaked: 0,
			baseline_predict_median_ms: 10, baseline_classify_median_ms: 20, overhead_ratio: 1.1, overhead_vs_classify: 0.55,
			top5_agreement: 0.8, top1_agreement: 1, agreement_images: 1
		});
		expect(wasm.batch_throughput).toEqual({ '1': 90.91, '32': null });
		expect(wasm.batch_skipped).toEqual({ '32': 'over budget' });
		expect(report.results[0]).toMatchObject({ backend: 'webgpu', skipped: 'unavailable: no adapter', median_ms: null });
		expect(report.agreement_reference).toEqual({ backend: 'cpu', images: 1 });
		const table = formatTable(report);
		expect(table).toMatch(/wasm .*\| +11\.0 \|/);
		expect(table).toMatch(/webgpu .*skipped: unavailable: no adapter/);
		expect(table).toMatch(/wasm batch 32: skipped, over budget/);
		expect(JSON.parse(JSON.stringify(report))).toEqual(report);
	});
});

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
