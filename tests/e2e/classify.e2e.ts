// The classify page in real headless Chromium, with the real model and real validation photos.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { inferenceWorkers, launchChromium } from './browser';
import { makeFixtures } from './fixtures';
import { decodeImageFile } from '../../src/lib/node/files';
import { ASSET_ROOT, loadClassesFromDisk, loadClassifierFromDisk, useNodeBackend } from '../../src/lib/node/runtime';

const baseUrl = inject('baseUrl');
const VAL = join(ASSET_ROOT, 'data/ilsvrc2012_val_acuity1300/images');
const PHOTOS = ['ILSVRC2012_val_00000347.JPEG', 'ILSVRC2012_val_00000560.JPEG', 'ILSVRC2012_val_00000865.JPEG'];

let browser: Browser;
let page: Page;
const requests: string[] = [];
const nodeTop1 = new Map<string, number>();

async function top1(p: Page): Promise<number> {
	const first = p.locator('[data-testid=topk] li').first();
	await first.waitFor({ timeout: 120_000 });
	return Number(await first.getAttribute('data-class-index'));
}

beforeAll(async () => {
	// What the Node core says about the same photos.
	await useNodeBackend('wasm');
	const classes = await loadClassesFromDisk();
	const c = await loadClassifierFromDisk('tflite-mobilenet-v2-1.0-224', classes);
	for (const f of PHOTOS) {
		const px = await decodeImageFile(join(VAL, f));
		nodeTop1.set(f, (await c.classify(px, 1))[0].classIndex);
		px.dispose();
	}
	c.dispose();

	browser = await launchChromium();
	page = await browser.newPage();
	page.on('request', (r) => requests.push(r.url()));
});

afterAll(async () => {
	await browser?.close();
});

describe('classify page', () => {
	test('loads, picks WASM over the software-emulated GPUs here and says why', async () => {
		await page.goto(`${baseUrl}/classify?image=${PHOTOS[0]}`);
		expect(await top1(page)).toBe(nodeTop1.get(PHOTOS[0]));
		await expect(page.getByTestId('backend-name').textContent()).resolves.toBe('wasm');
		const text = (await page.getByTestId('backend').textContent()) ?? '';
		expect(text).toMatch(/webgl: (software-emulated GPU|unavailable)/);
		expect(text).toMatch(/webgpu: (software-emulated GPU|unavailable)/);
		expect(await page.getByTestId('infer-ms').textContent()).toMatch(/\d+ ms/);
	});

	test('leaving the page before the model is ready leaves no inference worker running', async () => {
		const fresh = await browser.newPage();
		try {
			// The script that starts the worker arrives 2 s late: a page that starts its worker only after awaiting
			// it (rather than with the page) would start it after the page was left, and nothing would end it.
			const late: Promise<string>[] = [];
			await fresh.route(/\/_app\/immutable\/.*\.js$/, async (route) => {
				const response = await route.fetch();
				const body = await response.text();
				if (!body.includes('inference.worker')) return route.fulfill({ response, body });
				const delivered = new Promise<string>((r) => setTimeout(r, 2000)).then(async () => {
					await route.fulfill({ response, body });
					return route.request().url();
				});
				late.push(delivered);
				await delivered;
			});
			const finished: string[] = [];
			fresh.on('requestfinished', (r) => finished.push(r.url()));
			const started: string[] = [];
			fresh.on('worker', (w) => started.push(w.url()));
			await fresh.goto(`${baseUrl}/classify?image=${PHOTOS[0]}`, { waitUntil: 'commit' });
			// Hydrated: Svelte has put its (symbol-keyed) click handler on the buttons. Before that a link click would
			// load a whole new document, which ends every worker anyway.
			await fresh.waitForFunction(() => {
				const button = document.querySelector('.nav button');
				return !!button && Object.getOwnPropertySymbols(button).length > 0;
			}, null, { polling: 10, timeout: 30_000 });
			await fresh.evaluate(() => ((window as unknown as { __samePage: boolean }).__samePage = true));
			await fresh.getByRole('link', { name: 'Models', exact: true }).click();
			await fresh.waitForURL(/\/models$/);
			expect(await fresh.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage), 'left inside the app').toBe(true);
			// Past the late script: it was delivered, the browser has it, and the page has run a task after it.
			await expect.poll(() => late.length, { message: 'the script that starts the worker was held back' }).toBeGreaterThan(0);
			const urls = await Promise.all(late);
			await expect.poll(() => urls.every((u) => finished.includes(u)), { timeout: 10_000 }).toBe(true);
			for (let i = 0; i < 2; i++) await fresh.evaluate(() => new Promise((r) => setTimeout(r))); // a task or two for the module to run
			expect(started.some((u) => u.includes('inference.worker')), 'the page started its worker').toBe(true);
			const running = () => inferenceWorkers(fresh).length;
			await expect.poll(running, { timeout: 10_000, message: 'an inference worker still runs after the page was left' }).toBe(0);
		} finally {
			await fresh.close();
		}
	});

	test('known validation photos get the same top-1 in the browser as in the Node core', async () => {
		for (const f of PHOTOS) {
			await page.goto(`${baseUrl}/classify?image=${f}`);
			await expect(page.getByTestId('image-name').textContent()).resolves.toBe(f);
			expect(await top1(page), f).toBe(nodeTop1.get(f));
		}
	});

});

describe('your own pictures', () => {
	// Photo 560 (a passenger car) reads as something else when turned on its side: the EXIF test can fail.
	const files = makeFixtures(join(VAL, PHOTOS[1]));

	async function upload(path: string) {
		await page.getByTestId('file-input').setInputFiles(path);
	}

	test('an EXIF-rotated JPEG is turned upright before classifying', async () => {
		await page.goto(`${baseUrl}/classify`);
		await top1(page);
		await upload(files.rotated);
		await page.getByText('Your picture: rotated-exif6.jpg').waitFor();
		expect(await top1(page)).toBe(nodeTop1.get(PHOTOS[1]));
	});

	test('a 6000 x 4500 photo is scaled down and answered', async () => {
		await upload(files.huge);
		await page.getByText('Your picture: huge-6000x4500.jpg').waitFor();
		expect(await top1(page)).toBe(nodeTop1.get(PHOTOS[1]));
	});

	test('an SVG drawing gets an answer', async () => {
		await upload(files.svg);
		await page.getByText('Your picture: drawing.svg').waitFor();
		expect(await top1(page)).toBeGreaterThanOrEqual(0);
		expect(await page.locator('[data-testid=topk] li').count()).toBe(5);
	});

	test.each([
		['empty', /empty \(0 bytes\)/],
		['broken', /could not be read as a picture/],
		['text', /could not be read as a picture/]
	] as const)('a %s file gets a clear message and the page keeps working', async (kind, message) => {
		await upload(files[kind]);
		await expect(page.getByTestId('error').textContent()).resolves.toMatch(message);
		await page.getByRole('button', { name: 'Next ▶' }).click();
		expect(await top1(page)).toBeGreaterThanOrEqual(0);
		await expect(page.getByTestId('error').count()).resolves.toBe(0);
	});
});

describe('privacy', () => {
	// Runs last: it checks every request the page made in all the tests above.
	test('no request leaves the page’s origin', async () => {
		const origin = new URL(baseUrl).origin;
		const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
		expect(requests.length).toBeGreaterThan(10);
		expect(foreign).toEqual([]);
	});
});
