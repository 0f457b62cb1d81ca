// The benchmark's statistics and report (pure). The runner with a real model: tests/integration/bench.test.ts.
import { describe, expect, test } from 'vitest';
import { keepGoing, ratio, summarize, topkAgreement } from '../../src/lib/bench/stats';
import { buildReport, formatTable } from '../../src/lib/bench/report';
import { DEFAULT_CONFIG, type BackendRun } from '../../src/lib/bench/types';
import { BENCH_BACKENDS } from '../../src/lib/browser/bench-session';
import { BACKENDS } from '../../src/lib/core/backend';

describe('statistics', () => {
	test('median, p95, min and mean of timing samples', () => {
		const s = summarize([5, 1, 3, 2, 4, 100, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19])!;
		expect(s.n).toBe(20);
		expect(s.median_ms).toBe(10.5);
		expect(s.min_ms).toBe(1);
		// p95 by hand (linear between the two nearest, as simple-statistics does): position 19 x 0.95 = 18.05
		// (from 0) lies between 19 and 100: 19 + 0.05 x 81 = 23.05. Ten samples 1..10: 9 x 0.95 = 8.55 -> 9.55.
		expect(s.p95_ms).toBeCloseTo(23.05, 9);
		expect(summarize([3, 1, 2, 4, 5, 6, 7, 8, 9, 10])!.p95_ms).toBeCloseTo(9.55, 9);
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
