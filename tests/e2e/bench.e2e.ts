// The speed benchmark page in real headless Chromium, on a small configuration (the full run is `npm run bench`).
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { benchResult, inferenceWorkers, launchChromium } from './browser';
import { startPreview } from './server';

const baseUrl = inject('baseUrl');
const SMALL = 'tflite-mobilenet-v1-0.25-128';

let browser: Browser;
beforeAll(async () => {
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
});

const result = (page: Page) => benchResult(page);

describe('benchmark page', () => {
	test('runs wasm and cpu end to end, and the page answers clicks within 200 ms while the worker is busy', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(`${baseUrl}/bench?model=${SMALL}&backend=wasm,cpu&runs=5&budget=0&auto=1`);
		await expect(page.getByTestId('first-ms').textContent({ timeout: 60_000 })).resolves.toMatch(/^\d+ ms$/);

		// Click while the CPU backend (plain JavaScript, ~100 ms+ per image, seconds per batch) runs in the worker.
		const progress = page.getByTestId('bench-progress');
		await page.waitForFunction(() => /^cpu: (round|batch)/.test(document.querySelector('[data-testid=bench-progress]')?.textContent ?? ''), null, { timeout: 90_000, polling: 50 });
		const box = (await page.getByTestId('log-scale').boundingBox())!;
		for (let i = 0; i < 5; i++) {
			// A raw input event (no actionability checks that would wait for an idle main thread).
			await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
			// One click at a time: the next only once the page has measured this one.
			await page.waitForFunction((n) => ((window as unknown as { __inputDelays?: number[] }).__inputDelays?.length ?? 0) >= n, i + 1, { timeout: 10_000 });
		}
		const delays = await page.evaluate(() => (window as unknown as { __inputDelays: number[] }).__inputDelays);
		const stillRunning = await progress.getAttribute('data-running');
		expect(stillRunning, 'the clicks must land while the benchmark runs').toBe('true');
		// A blocked main thread (inference on the page) reads 400 ms+ on every click; one outlier on a loaded
		// 2-core CI machine is tolerated, the median and 4 of 5 clicks must be under 200 ms.
		const sorted = [...delays].sort((a, b) => a - b);
		expect(sorted[2], `click delays ${delays.join(', ')} ms`).toBeLessThan(200);
		expect(sorted[3], `click delays ${delays.join(', ')} ms`).toBeLessThan(200);

		const report = await result(page);
		expect(report.cancelled).toBe(false);
		expect(report.results.map((r) => r.backend)).toEqual(['wasm', 'cpu']);
		for (const r of report.results) {
			expect(r.skipped, r.backend).toBeNull();
			expect(r.runs).toBe(5);
			expect(r.model).toBe(SMALL);
			expect(r.median_ms).toBeGreaterThan(0);
			expect(r.p95_ms).toBeGreaterThanOrEqual(r.median_ms!);
			expect(r.first_ms).toBeGreaterThan(0);
			expect(r.load_ms).toBeGreaterThan(0);
			expect(r.baseline_predict_median_ms).toBeGreaterThan(0);
			expect(r.baseline_classify_median_ms).toBeGreaterThan(0);
			expect(r.overhead_ratio).toBeCloseTo(r.median_ms! / r.baseline_predict_median_ms!, 1);
			expect(r.tensors_leaked).toBe(0);
			expect(r.batch_throughput['1']).toBeGreaterThan(0);
			expect(Object.keys(r.batch_throughput).sort()).toEqual(['1', '32', '8']);
			expect(r.agreement_images).toBe(8);
			// A second fresh worker, loaded with the warm-up: its first real picture is timed too.
			expect(r.warmup_ms, r.backend).toBeGreaterThan(0);
			expect(r.first_ms_after_warmup, r.backend).toBeGreaterThan(0);
			expect(r.parallel_compile).toBe(false); // only WebGL / WebGPU compile in parallel
		}
		// Served cross-origin isolated, WASM runs on every logical core and again on one thread for the ratio.
		const cores = await page.evaluate(() => navigator.hardwareConcurrency);
		expect(report.results[0].wasm_threads).toBe(cores);
		expect(report.wasm_threads).toMatchObject({ cross_origin_isolated: true, all_threads: cores, one_thread_runs: 5 });
		expect(report.wasm_threads!.speedup).toBeCloseTo(report.wasm_threads!.one_thread_median_ms! / report.wasm_threads!.all_threads_median_ms!, 1);
		await expect(page.getByTestId('wasm-threads').textContent()).resolves.toMatch(/one \/ all = \d\.\d{3}/);
		// WASM and CPU compute the same function (outputs agree to ~1e-5): the top-5 sets must match.
		expect(report.results[0].top5_agreement).toBeGreaterThanOrEqual(0.95);
		expect(report.environment.probes.map((p) => p.name)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
		expect(report.first_prediction?.page_load_to_first_prediction_ms).toBeGreaterThan(0);

		// The same report is on the page as a table, a chart and exportable JSON.
		await expect(page.locator('[data-testid=bench-table] tbody tr').count()).resolves.toBe(2);
		await expect(page.locator('[data-testid=bench-chart] canvas').count()).resolves.toBe(1);
		expect(JSON.parse((await page.getByTestId('bench-json').textContent())!)).toEqual(report);
		const download = page.waitForEvent('download');
		await page.getByTestId('bench-download').click();
		expect((await download).suggestedFilename()).toBe(`convnet-arena-bench-${SMALL}.json`);
		await context.close();
	});

	test('a long run can be cancelled', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(`${baseUrl}/bench?model=${SMALL}&backend=cpu&runs=1000&budget=600`);
		await page.getByTestId('first-ms').waitFor({ timeout: 60_000 });
		await page.getByTestId('bench-run').click();
		await page.waitForFunction(() => /^cpu: round/.test(document.querySelector('[data-testid=bench-progress]')?.textContent ?? ''), null, { timeout: 60_000, polling: 50 });
		await page.getByTestId('bench-cancel').click();
		const report = await result(page);
		expect(report.cancelled).toBe(true);
		expect(report.results[0]).toMatchObject({ backend: 'cpu', skipped: 'cancelled' });
		await expect(page.locator('[data-testid=bench-table] tr[data-backend=cpu]').textContent()).resolves.toMatch(/skipped: cancelled/);
		await context.close();
	});

	test('leaving the page during a run stops its worker', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(`${baseUrl}/bench?model=${SMALL}&backend=cpu&runs=1000&budget=600&auto=1`);
		await page.waitForFunction(() => /^cpu: round/.test(document.querySelector('[data-testid=bench-progress]')?.textContent ?? ''), null, { timeout: 60_000, polling: 50 });
		const inference = () => inferenceWorkers(page);
		await expect.poll(() => inference().length, { timeout: 5_000, message: 'the run has its worker (the first answer\'s has ended)' }).toBe(1);
		await page.getByRole('link', { name: 'Models', exact: true }).click(); // inside the app: the document stays
		await page.waitForURL(/\/models$/);
		await expect.poll(() => inference().length, { timeout: 5_000 }).toBe(0);
		// And no later stage starts one: the cancelled run has finished (its report is out), then still no worker.
		const report = await result(page);
		expect(report.cancelled).toBe(true);
		expect(inference().length).toBe(0);
		await context.close();
	});

	test('after the first visit the page answers offline, with the weights from the cache', async () => {
		// Its own server, so that it can be switched off.
		const server = await startPreview();
		const context = await browser.newContext();
		try {
			const page = await context.newPage();
			await page.goto(`${server.url}/bench?model=${SMALL}&backend=wasm`);
			await page.locator('[data-testid=offline][data-ready=true]').waitFor({ timeout: 90_000 });
			await expect(page.getByTestId('first-prediction').textContent()).resolves.toMatch(/from the network/);
			await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
			server.stop();
			await expect.poll(() => fetch(server.url).then(() => 'up', () => 'down'), { timeout: 10_000 }).toBe('down');
			await page.reload();
			await page.getByTestId('first-ms').waitFor({ timeout: 60_000 });
			await expect(page.getByTestId('first-prediction').textContent()).resolves.toMatch(/from the offline cache/);
		} finally {
			try {
				server.stop();
			} catch {
				/* already stopped */
			}
			await context.close();
		}
	});
});
