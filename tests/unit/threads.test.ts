// The bench's one-thread vs all-threads figure, and the isolation headers the service worker adds.
import { describe, expect, test } from 'vitest';
import { threadComparison } from '../../src/lib/bench/report';
import type { BackendRun } from '../../src/lib/bench/types';
import { ISOLATION_HEADERS, withIsolationHeaders } from '../../src/lib/core/isolation';

const summary = (median_ms: number, n = 10) => ({ n, median_ms, p95_ms: median_ms * 1.2, mean_ms: median_ms, min_ms: median_ms });
const run = (over: Partial<BackendRun>): BackendRun => ({
	backend: 'wasm', model: 'm', weights_ms: null, load_ms: 1, first_ms: 1, ours: null, bare: null, classify: null, batches: [],
	memory: null, tensors_leaked: 0, classifications: 0, top5: {}, wall_ms: 0, ...over
}) as BackendRun;

describe('threadComparison', () => {
	test('one thread median / all threads median', () => {
		const t = threadComparison(run({ ours: summary(40), wasm_threads: 2, cross_origin_isolated: true }), run({ ours: summary(60, 7), wasm_threads: 1 }));
		expect(t).toMatchObject({ cross_origin_isolated: true, all_threads: 2, all_threads_median_ms: 40, one_thread_median_ms: 60, speedup: 1.5, one_thread_runs: 7, note: null });
	});
	test('not isolated: says why, no ratio', () => {
		const t = threadComparison(run({ ours: summary(40), wasm_threads: 1, cross_origin_isolated: false }), null);
		expect(t?.note).toMatch(/not cross-origin isolated/);
		expect(t?.speedup).toBeNull();
	});
	test('no WASM run: null', () => expect(threadComparison(undefined, null)).toBeNull());
});

describe('withIsolationHeaders', () => {
	test('adds COOP and COEP and keeps the body, status and other headers', async () => {
		const r = withIsolationHeaders(new Response('hello', { status: 200, headers: { 'content-type': 'text/html' } }));
		for (const [k, v] of Object.entries(ISOLATION_HEADERS)) expect(r.headers.get(k)).toBe(v);
		expect(r.headers.get('content-type')).toBe('text/html');
		expect(r.status).toBe(200);
		await expect(r.text()).resolves.toBe('hello');
	});
	test('an error response keeps its status', () => {
		expect(withIsolationHeaders(new Response('no', { status: 404 })).status).toBe(404);
	});
});
