// The 2014 rematch: one click on the start page opens that game's intro (GoogLeNet, full-frame photos, challenge,
// ten looks, which the intro explains), and Start plays it with the real model.
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { submitWithoutGuess } from './picker-input';
import { imageSequence, REMATCH_2014 } from '../../src/lib/arena/session';
import { parseLabels } from '../../src/lib/core/labels';
import { ASSET_ROOT } from '../../src/lib/node/runtime';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;

beforeAll(async () => {
	browser = await launchChromium();
	page = await browser.newPage();
});
afterAll(async () => {
	await browser?.close();
});

test('one click on "2014 rematch" opens that game: GoogLeNet, full-frame photos, challenge, ten looks, explained', async () => {
	await page.goto(`${baseUrl}/`);
	const model = page.getByTestId('setup-model');
	// The opponent list is the ladder, by year; its figures are on /models, not here.
	const options = await model.locator('option').allTextContents();
	const years = options.map((o) => Number(o.slice(0, 4)));
	expect(years).toEqual([...years].sort((a, b) => a - b));
	expect(options.find((o) => o.includes('GoogLeNet'))).toMatch(/^2014 · GoogLeNet/);
	expect(await page.getByTestId('setup').textContent()).not.toMatch(/npm run eval|top-5 error|%/);

	await page.getByTestId('preset-rematch').click();
	await page.waitForURL(/\/play\?/);
	const q = new URL(page.url()).searchParams;
	expect(Object.fromEntries(q)).toMatchObject({ set: REMATCH_2014.set, model: REMATCH_2014.model, mode: 'challenge', looks: '10' });
	expect(await page.getByTestId('intro').textContent()).toMatch(/Opponent:\s*GoogLeNet \(BVLC Caffe replication\)/);
	expect(await page.getByTestId('rematch-intro').textContent()).toMatch(/looks ten\s+times.*corners and centre, and their mirror images/s);

	const labels = parseLabels(readFileSync(join(ASSET_ROOT, 'data', REMATCH_2014.set, 'labels.csv'), 'utf8'));
	const first = imageSequence(labels, REMATCH_2014.n, REMATCH_2014.seed)[0];
	const fetched: string[] = [];
	page.on('request', (r) => fetched.push(r.url()));
	await page.getByTestId('start').click();
	await expect.poll(() => page.getByTestId('progress').textContent(), { timeout: 120_000 }).toBe(`Photo 1 of ${REMATCH_2014.n}`);
	expect(fetched.some((u) => u.endsWith(`ilsvrc2012_val_fullframe/images/${first.filename}`))).toBe(true);

	// The verdict names the study's figures as the yardstick.
	await submitWithoutGuess(page);
	await page.getByTestId('reveal').waitFor({ timeout: 120_000 });
	expect(await page.getByTestId('yardstick').textContent()).toMatch(/^In 2014 the trained person missed 5\.1% and GoogLeNet 6\.8% of 1,500 photos \(top-5\); here you miss 100\.0% and GoogLeNet/);
});

test('lab: "look 10 times" re-answers the same photo with the averaged ten crops', async () => {
	await page.goto(`${baseUrl}/lab?set=ilsvrc2012_val_fullframe`);
	const original = page.locator('[data-testid=topk-original] [data-testid=topk]');
	await original.locator('li').first().waitFor({ timeout: 120_000 });
	const once = await original.textContent();
	await page.getByTestId('looks-10').check();
	await expect.poll(() => original.textContent(), { timeout: 120_000 }).not.toBe(once);
	await page.getByTestId('looks-10').uncheck();
	await expect.poll(() => original.textContent(), { timeout: 120_000 }).toBe(once);
});
