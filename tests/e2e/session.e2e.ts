// One model session: TF.js only in the inference worker (never in a script a page loads), cross-origin isolation and
// threaded WASM, and a lab page that answers clicks while the worker computes an occlusion map.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';

const baseUrl = inject('baseUrl');
const BUILD = join(import.meta.dirname, '../../build');
/** A string of tfjs-core's own (its flag registry): every bundle with TF.js in it holds it. */
const TFJS_MARK = 'Cannot evaluate flag';

let browser: Browser;
beforeAll(async () => {
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
});

/** The same-origin JavaScript files a page (its window, not its workers) loaded: resource entries and module preloads. */
async function pageScripts(page: Page): Promise<string[]> {
	const urls = await page.evaluate(() => [
		...performance.getEntriesByType('resource').map((e) => e.name),
		...[...document.querySelectorAll('script[src], link[rel=modulepreload]')].map((e) => (e as HTMLScriptElement).src || (e as HTMLLinkElement).href)
	]);
	return [...new Set(urls.map((u) => new URL(u)).filter((u) => u.origin === new URL(baseUrl).origin && u.pathname.endsWith('.js')).map((u) => u.pathname))];
}

const hasTfjs = async (path: string) => (await readFile(join(BUILD, path), 'utf8')).includes(TFJS_MARK);

describe('TF.js only in the worker', () => {
	test('the worker bundle holds TF.js (so the check below can fail)', async () => {
		const dir = join(BUILD, '_app/immutable/workers');
		const files = (await readdir(dir)).filter((f) => f.startsWith('inference.worker'));
		expect(files.length).toBeGreaterThan(0);
		expect(await hasTfjs(`_app/immutable/workers/${files[0]}`)).toBe(true);
	});

	// Each page, opened until it has done what it loads a model for.
	const pages: { path: string; ready: (p: Page) => Promise<unknown> }[] = [
		{ path: '/', ready: (p) => p.waitForLoadState('networkidle') },
		{ path: '/classify', ready: (p) => p.waitForLoadState('networkidle') },
		{ path: '/lab?set=ilsvrc2012_val_imagenette500', ready: (p) => p.locator('[data-testid=topk-original] [data-testid=topk] li').first().waitFor({ timeout: 120_000 }) },
		{ path: '/lab/sweep', ready: (p) => p.waitForFunction(() => !(document.querySelector('[data-testid=sweep-run]') as HTMLButtonElement)?.disabled) },
		{ path: '/lab/shape-texture', ready: (p) => p.getByTestId('human-picture').waitFor({ timeout: 60_000 }) },
		{ path: '/bench', ready: (p) => p.waitForLoadState('networkidle') },
		{ path: '/models', ready: (p) => p.waitForLoadState('networkidle') }
	];
	for (const { path, ready } of pages)
		test(`${path}: no script the page loads contains TF.js`, async () => {
			const page = await browser.newPage();
			// A worker's own script is fetched on the page's behalf but runs off the main thread: it may hold TF.js.
			const workers = new Set<string>();
			page.on('worker', (w) => workers.add(new URL(w.url()).pathname));
			try {
				await page.goto(`${baseUrl}${path}`);
				await ready(page);
				const scripts = (await pageScripts(page)).filter((s) => !workers.has(s));
				expect(scripts.length).toBeGreaterThan(0);
				const withTf = [];
				for (const s of scripts) if (await hasTfjs(s)) withTf.push(s);
				expect(withTf, `scripts with TF.js on ${path}`).toEqual([]);
			} finally {
				await page.close();
			}
		});
});

describe('cross-origin isolation and threaded WASM', () => {
	test('the page is cross-origin isolated and the worker runs WASM on all cores', async () => {
		const page = await browser.newPage();
		try {
			await page.goto(`${baseUrl}/lab?set=ilsvrc2012_val_imagenette500`);
			await expect(page.evaluate(() => crossOriginIsolated)).resolves.toBe(true);
			const threads = page.getByTestId('wasm-threads');
			await threads.waitFor({ timeout: 120_000 });
			const cores = await page.evaluate(() => navigator.hardwareConcurrency);
			await expect(threads.getAttribute('data-threads')).resolves.toBe(String(cores));
		} finally {
			await page.close();
		}
	});
});

describe('lab responsiveness', () => {
	test('clicks are handled within 100 ms (median of 5) while the worker computes an occlusion map', async () => {
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		try {
			await page.goto(`${baseUrl}/lab?set=ilsvrc2012_val_imagenette500`);
			await page.waitForFunction(() => !(document.querySelector('[data-testid=occ-run]') as HTMLButtonElement)?.disabled, undefined, { timeout: 120_000 });
			await page.getByLabel('Grid').selectOption('12'); // 144 positions: seconds of work
			await page.getByTestId('occ-run').click();
			await page.getByTestId('occ-progress').waitFor({ timeout: 30_000 });
			const before = await page.evaluate(() => (window as unknown as { __inputDelays?: number[] }).__inputDelays?.length ?? 0);
			const box = (await page.locator('h1').boundingBox())!;
			for (let i = 0; i < 5; i++) {
				// A raw input event (no actionability checks that would wait for an idle main thread).
				await page.mouse.click(box.x + 10, box.y + box.height / 2);
				// One click at a time: the next only once the page has measured this one.
				await page.waitForFunction((n) => ((window as unknown as { __inputDelays?: number[] }).__inputDelays?.length ?? 0) >= n, before + i + 1, { timeout: 10_000 });
			}
			await expect(page.getByTestId('occ-progress').count(), 'the clicks must land while the map computes').resolves.toBe(1);
			const delays = (await page.evaluate(() => (window as unknown as { __inputDelays: number[] }).__inputDelays)).slice(before, before + 5);
			const sorted = [...delays].sort((a, b) => a - b);
			console.log(`lab click delays during the occlusion map: ${delays.map((d) => d.toFixed(0)).join(', ')} ms (median ${sorted[2].toFixed(0)})`);
			expect(sorted[2], `click delays ${delays.map((d) => d.toFixed(0)).join(', ')} ms`).toBeLessThan(100);
			await page.getByTestId('occlusion-peak').waitFor({ timeout: 120_000 });
		} finally {
			await page.close();
		}
	});
});
