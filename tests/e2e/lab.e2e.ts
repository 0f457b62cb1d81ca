// The lab pages in real headless Chromium, with the real default model and real validation photos.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { parseLabels } from '../../src/lib/core/labels';
import { decodeImageFile } from '../../src/lib/node/files';
import { ASSET_ROOT, loadClassesFromDisk, loadClassifierFromDisk, useNodeBackend } from '../../src/lib/node/runtime';

const baseUrl = inject('baseUrl');
const SET = 'ilsvrc2012_val_imagenette500';
const SET_DIR = join(ASSET_ROOT, 'data', SET);

let browser: Browser;
let page: Page;
/** The photo among the set's first 24 that the default model gets right with the highest probability. */
let confident = { filename: '', classIndex: -1, probability: 0 };

async function topk(p: Page, which: 'original' | 'transformed'): Promise<number[]> {
	const items = p.locator(`[data-testid=topk-${which}] [data-testid=topk] li`);
	await items.first().waitFor({ timeout: 120_000 });
	return (await items.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-class-index')))));
}

/** Wait until the transformed answer is no longer being updated. */
async function settled(p: Page) {
	await p.waitForFunction(() => !document.querySelector('[data-testid=topk-transformed] h2 .muted'), undefined, { timeout: 60_000 });
}

beforeAll(async () => {
	await useNodeBackend('wasm');
	const classes = await loadClassesFromDisk();
	const c = await loadClassifierFromDisk('tflite-mobilenet-v2-1.0-224', classes);
	const labels = parseLabels(await readFile(join(SET_DIR, 'labels.csv'), 'utf8')).slice(0, 24);
	for (const l of labels) {
		const px = await decodeImageFile(join(SET_DIR, 'images', l.filename));
		const [top] = await c.classify(px, 1);
		px.dispose();
		if (top.classIndex === l.classIndex && top.probability > confident.probability) confident = { filename: l.filename, classIndex: l.classIndex, probability: top.probability };
	}
	c.dispose();
	expect(confident.probability).toBeGreaterThan(0.8);

	browser = await launchChromium();
	page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
	await browser?.close();
});

describe('transform bench', () => {
	test('two transforms (rotation and blur) move the top-5 and the true class loses probability', async () => {
		await page.goto(`${baseUrl}/lab?set=${SET}&image=${confident.filename}`);
		await expect(page.getByTestId('image-name').textContent()).resolves.toBe(confident.filename);
		const original = await topk(page, 'original');
		expect(original[0]).toBe(confident.classIndex);
		await settled(page);
		expect(await topk(page, 'transformed')).toEqual(original); // nothing applied yet

		await page.getByTestId('strength-rotate').fill('180');
		await page.getByTestId('strength-blur').fill('6');
		await expect(page.getByTestId('transform-rotate').isChecked()).resolves.toBe(true);
		await expect(page.getByTestId('transform-blur').isChecked()).resolves.toBe(true);
		await page.waitForFunction(
			(orig) => {
				const li = [...document.querySelectorAll('[data-testid=topk-transformed] [data-testid=topk] li')];
				return li.length === 5 && li.map((e) => e.getAttribute('data-class-index')).join() !== orig.join();
			},
			original.map(String),
			{ timeout: 60_000 }
		);
		await settled(page);
		const changed = await topk(page, 'transformed');
		expect(changed).not.toEqual(original);
		const line = ((await page.getByTestId('truth-change').textContent()) ?? '').replace(/\s+/g, ' ');
		expect(line).toMatch(/rank 1 \(\d+\.\d%\) → rank \d+/);
		expect(line).toMatch(/-\d+\.\d points/);

		// Back to the original: the answers agree again.
		await page.getByRole('button', { name: 'Reset' }).click();
		await page.waitForFunction((orig) => [...document.querySelectorAll('[data-testid=topk-transformed] [data-testid=topk] li')].map((e) => e.getAttribute('data-class-index')).join() === orig.join(), original.map(String), { timeout: 60_000 });
	});

	test('occlusion map on a collage of the photo and a plain grey half peaks in the photo\'s half', async () => {
		await page.goto(`${baseUrl}/lab?set=${SET}&image=${confident.filename}`); // its own start, not the test before's page
		await expect(page.getByTestId('image-name').textContent()).resolves.toBe(confident.filename);
		await page.getByTestId('collage-partner').selectOption('grey');
		await page.getByTestId('collage-count').selectOption('2');
		await settled(page);
		await page.waitForFunction(() => !(document.querySelector('[data-testid=occ-run]') as HTMLButtonElement)?.disabled, undefined, { timeout: 60_000 });
		await expect(page.getByTestId('occ-class').inputValue()).resolves.toBe(String(confident.classIndex));

		// Cancel a first, finer run (144 positions, 9 batches) straight away: it stops and says so.
		await page.getByLabel('Grid').selectOption('12');
		await page.getByTestId('occ-run').click();
		await page.getByTestId('occ-cancel').click();
		await page.getByText('Cancelled.').waitFor({ timeout: 30_000 });
		await expect(page.getByTestId('occlusion-peak').count()).resolves.toBe(0);
		await page.getByLabel('Grid').selectOption('8');

		await page.getByTestId('occ-run').click();
		const peak = page.getByTestId('occlusion-peak');
		await peak.waitFor({ timeout: 120_000 });
		const x = Number(await peak.getAttribute('data-x'));
		const y = Number(await peak.getAttribute('data-y'));
		expect(x).toBeLessThan(0.5); // the photo is the left half; the right half is plain grey
		expect(y).toBeGreaterThan(0.25); // the photo sits in the middle band of the square collage
		expect(y).toBeLessThan(0.75);
		await expect(page.getByTestId('occ-legend').isVisible()).resolves.toBe(true);
		await expect(page.getByTestId('occlusion-overlay').isVisible()).resolves.toBe(true);
	});
});

describe('sweeps', () => {
	test('a small sweep plots points that are exactly the rows of its CSV', async () => {
		await page.goto(`${baseUrl}/lab/sweep`);
		await page.getByTestId('sweep-transform').selectOption('blur');
		await page.getByTestId('sweep-strengths').fill('0, 2, 6');
		await page.getByTestId('sweep-set').selectOption(SET);
		await page.getByTestId('sweep-limit').fill('6');
		await page.waitForFunction(() => !(document.querySelector('[data-testid=sweep-run]') as HTMLButtonElement)?.disabled);
		await page.getByTestId('sweep-run').click();
		const csvText = (await page.getByTestId('sweep-csv').textContent({ timeout: 150_000 })) ?? '';
		const [header, ...lines] = csvText.trim().split('\n');
		expect(header).toBe('model,transform,strength,n,top1_pct,top5_pct');
		const rows = lines.map((l) => {
			const [model, transform, strength, n, top1, top5] = l.split(',');
			return { model, transform, strength: Number(strength), n: Number(n), top1: Number(top1), top5: Number(top5) };
		});
		expect(rows.map((r) => r.strength)).toEqual([0, 2, 6]);
		expect(rows.every((r) => r.model === 'tflite-mobilenet-v2-1.0-224' && r.transform === 'blur' && r.n === 6)).toBe(true);
		expect(rows.every((r) => r.top1 <= r.top5 && r.top5 <= 100)).toBe(true);

		const points: { model: string; metric: 'top1' | 'top5'; x: number; y: number }[] = JSON.parse((await page.getByTestId('sweep-chart').getAttribute('data-points')) ?? '[]');
		expect(points.length).toBe(6);
		for (const p of points) {
			const row = rows.find((r) => r.model === p.model && r.strength === p.x);
			expect(row, JSON.stringify(p)).toBeDefined();
			expect(row![p.metric]).toBeCloseTo(p.y, 2);
		}
		const href = await page.getByTestId('sweep-download').getAttribute('href');
		expect(href).toMatch(/^blob:/);
		const downloaded = await page.evaluate(async (u) => (await fetch(u!)).text(), href);
		expect(downloaded).toBe(csvText);
		await expect(page.getByTestId('sweep-status').textContent()).resolves.toMatch(/Done: 6 photos × 3 strengths × 1 model/);
	});

	test('bad strengths get a clear message', async () => {
		await page.goto(`${baseUrl}/lab/sweep`); // its own start, not the sweep the test before ran
		await page.waitForFunction(() => !(document.querySelector('[data-testid=sweep-run]') as HTMLButtonElement)?.disabled);
		await page.getByTestId('sweep-strengths').fill('0, lots');
		await page.getByTestId('sweep-run').click();
		await expect(page.getByTestId('error').textContent()).resolves.toMatch(/lots is not/);
	});
});

describe('shape or texture', () => {
	test('the model tallies all 160 cue-conflict pictures; a person\'s 10-picture round gets its own tally', async () => {
		await page.goto(`${baseUrl}/lab/shape-texture`);
		await page.getByTestId('human-picture').waitFor({ timeout: 60_000 });
		for (let i = 0; i < 10; i++) {
			const src = await page.getByTestId('human-picture').getAttribute('src');
			// Always answer by the shape, read from the file name (<shape><n>-<texture><m>.png): a shape bias of 100%.
			const shape = src!.split('/').at(-1)!.replace(/\d+-.*$/, '');
			await page.getByTestId('human-pick').filter({ hasText: new RegExp(`^${shape}$`) }).click();
		}
		await expect(page.getByTestId('human-tally').getAttribute('data-shape-bias')).resolves.toBe('1');

		await page.getByTestId('st-run').click();
		await page.getByText('Done.').waitFor({ timeout: 150_000 });
		const tally = page.getByTestId('st-tally');
		const counts = await tally.locator('td').allTextContents();
		const [shape, texture, other] = counts.slice(0, 3).map(Number);
		expect(shape + texture + other).toBe(160);
		const bias = Number(await tally.getAttribute('data-shape-bias'));
		expect(bias).toBeCloseTo(shape / (shape + texture), 6);
		expect(texture).toBeGreaterThan(shape); // ImageNet ConvNets are texture-biased (Geirhos et al. 2019)
	});
});
