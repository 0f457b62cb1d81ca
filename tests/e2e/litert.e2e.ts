// LiteRT.js in the app's inference worker, in headless Chromium: /classify with the engine forced, under the app's
// CSP (no 'unsafe-eval'), every request to the page's own origin, offline after one visit, no worker left behind.
// /bench with both engines side by side.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { benchResult, inferenceWorkers, launchChromium } from './browser';
import { startPreview } from './server';
import { cropPictures } from '../../src/lib/core/crop-resize';
import { decodePixelsFile } from '../../src/lib/node/files';
import { ASSET_ROOT, loadClassesFromDisk, loadClassifierFromDisk, useNodeBackend } from '../../src/lib/node/runtime';

const baseUrl = inject('baseUrl');
const MODEL = 'tflite-mobilenet-v2-1.0-224';
const PHOTOS = ['ILSVRC2012_val_00000347.JPEG', 'ILSVRC2012_val_00000560.JPEG'];
const VAL = join(ASSET_ROOT, 'data/ilsvrc2012_val_acuity1300/images');

let browser: Browser;
const nodeTop5 = new Map<string, number[]>();
const requests: string[] = [];
const problems: string[] = [];

async function top5(p: Page): Promise<number[]> {
	await p.locator('[data-testid=topk] li').first().waitFor({ timeout: 120_000 });
	return Promise.all((await p.locator('[data-testid=topk] li').all()).map(async (li) => Number(await li.getAttribute('data-class-index'))));
}

function watch(p: Page) {
	p.on('request', (r) => requests.push(r.url()));
	p.on('console', (m) => {
		if (m.type() === 'error' && /Content Security Policy|unsafe-eval|EvalError/i.test(m.text())) problems.push(m.text());
	});
	p.on('pageerror', (e) => problems.push(e.message));
}

beforeAll(async () => {
	// What LiteRT.js says in Node (the same .tflite, the same crop in JavaScript).
	await useNodeBackend('wasm');
	const classes = await loadClassesFromDisk();
	const c = await loadClassifierFromDisk(MODEL, classes, ASSET_ROOT, 'litert');
	for (const f of PHOTOS) {
		const px = await decodePixelsFile(join(VAL, f));
		nodeTop5.set(f, (await c.classifyCropped(cropPictures([px], c.inputSize, c.entry.preprocessing.crop, 1), 5))[0].map((p) => p.classIndex));
	}
	c.dispose();
	browser = await launchChromium();
});

afterAll(async () => {
	await browser?.close();
});

describe('/classify on LiteRT.js', () => {
	test('answers with LiteRT.js on WASM, the same top-5 as LiteRT.js in Node, under a CSP without unsafe-eval', async () => {
		const page = await browser.newPage();
		watch(page);
		try {
			await page.goto(`${baseUrl}/classify?engine=litert&image=${PHOTOS[0]}`);
			expect(await top5(page)).toEqual(nodeTop5.get(PHOTOS[0]));
			await expect(page.getByTestId('engine-name').textContent()).resolves.toBe('LiteRT.js');
			await expect(page.getByTestId('backend-name').textContent()).resolves.toBe('wasm');
			const csp = (await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content')) ?? '';
			expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval'/);
			expect(csp).not.toMatch(/'unsafe-eval'/);
			await page.getByRole('button', { name: 'Next ▶' }).click();
			await page.getByTestId('image-name').filter({ hasNotText: PHOTOS[0] }).waitFor();
			expect(requests.some((u) => /\/litert-wasm\/litert_wasm_(compat_)?internal\.wasm$/.test(u))).toBe(true);
			expect(requests.some((u) => u.endsWith(`/models/${MODEL}/mobilenet_v2_1.0_224_quant.tflite`))).toBe(true);
			// LiteRT.js fetches the .tflite only: none of the TF.js shards.
			expect(requests.filter((u) => u.includes(`/models/${MODEL}/group`))).toEqual([]);
		} finally {
			await page.close();
		}
	});

	test('the automatic choice measures both engines once, says why, and is kept for this browser', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		watch(page);
		try {
			await page.goto(`${baseUrl}/classify?image=${PHOTOS[0]}`);
			await top5(page);
			const why = (await page.getByTestId('engine-why').textContent()) ?? '';
			expect(why).toMatch(/picked automatically: measured on one photo here: TF\.js on wasm \d+ ms, LiteRT\.js on wasm \d+ ms/);
			const picked = (await page.getByTestId('engine-name').textContent()) ?? '';
			expect(why.startsWith(picked)).toBe(true);
			await page.reload();
			await top5(page);
			await expect(page.getByTestId('engine-why').textContent()).resolves.toMatch(/kept for this browser/);
		} finally {
			await context.close();
		}
	});

	test('leaving the page ends its worker', async () => {
		const page = await browser.newPage();
		watch(page);
		try {
			await page.goto(`${baseUrl}/classify?engine=litert&image=${PHOTOS[1]}`);
			expect(await top5(page)).toEqual(nodeTop5.get(PHOTOS[1]));
			expect(inferenceWorkers(page).length).toBeGreaterThan(0);
			await page.getByRole('link', { name: 'Models', exact: true }).click();
			await page.waitForURL(/\/models$/);
			await expect.poll(() => inferenceWorkers(page).length).toBe(0);
		} finally {
			await page.close();
		}
	});

	test('after one visit it answers offline, with LiteRT.js', async () => {
		const server = await startPreview();
		const context = await browser.newContext();
		try {
			const page = await context.newPage();
			page.on('request', (r) => requests.push(r.url()));
			await page.goto(`${server.url}/classify?engine=litert&image=${PHOTOS[0]}`);
			await top5(page);
			await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
			await page.reload(); // the service worker now controls the page and keeps what it fetches
			await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller));
			expect(await top5(page)).toEqual(nodeTop5.get(PHOTOS[0]));
			server.stop();
			await expect.poll(() => fetch(server.url).then(() => 'up', () => 'down')).toBe('down');
			await page.reload();
			expect(await top5(page)).toEqual(nodeTop5.get(PHOTOS[0]));
			await expect(page.getByTestId('engine-name').textContent()).resolves.toBe('LiteRT.js');
		} finally {
			try {
				server.stop();
			} catch {
				/* already stopped */
			}
			await context.close();
		}
	});

	test('/bench measures TF.js and LiteRT.js side by side on WASM, names the automatic choice, and leaving ends its worker', async () => {
		const page = await browser.newPage();
		watch(page);
		try {
			await page.goto(`${baseUrl}/bench?model=tflite-mobilenet-v1-0.25-128&engine=tfjs,litert&backend=wasm&runs=3&budget=0&auto=1`);
			const report = await benchResult(page, 170_000);
			expect(report.cancelled).toBe(false);
			const rows = report.results.filter((r) => r.backend === 'wasm' && !r.skipped);
			expect(rows.map((r) => r.engine).sort()).toEqual(['litert', 'tfjs']);
			for (const r of rows) {
				expect(r.median_ms, r.engine).toBeGreaterThan(0);
				expect(r.tensors_leaked ?? 0, r.engine).toBe(0);
			}
			expect(report.automatic).not.toBeNull();
			expect(['tfjs', 'litert']).toContain(report.automatic!.engine);
			await expect.poll(() => page.locator('tr[data-engine=litert][data-backend=wasm]').count()).toBeGreaterThan(0);
			await page.getByRole('link', { name: 'Models', exact: true }).click();
			await page.waitForURL(/\/models$/);
			await expect.poll(() => inferenceWorkers(page).length).toBe(0);
		} finally {
			await page.close();
		}
	});

	test('no request left the page’s origin, and nothing broke the CSP', () => {
		const foreign = requests.filter((u) => !u.startsWith('http://127.0.0.1:') && !u.startsWith('data:') && !u.startsWith('blob:'));
		expect(requests.length).toBeGreaterThan(10);
		expect(foreign).toEqual([]);
		expect(problems).toEqual([]);
	});
});
