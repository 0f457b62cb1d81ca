// The 2014 rematch preset: one click fills the setup (GoogLeNet, full-frame photos, challenge, ten looks), the
// ladder says where GoogLeNet stands against the 2014 person, and Play starts that game with the real model.
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
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

test('click the rematch preset, start: image 1 of a game against GoogLeNet on the full-frame set', async () => {
	await page.goto(`${baseUrl}/`);
	const model = page.getByTestId('setup-model');
	// The opponent list is the ladder: by year, each with top-1 / top-5 on the chosen set.
	const options = await model.locator('option').allTextContents();
	const years = options.map((o) => Number(o.slice(0, 4)));
	expect(years).toEqual([...years].sort((a, b) => a - b));
	expect(options.find((o) => o.includes('GoogLeNet'))).toMatch(/^2014 · GoogLeNet .*— [\d.]+ \/ [\d.]+%$/);

	await page.getByTestId('preset-rematch').click();
	await expect.poll(() => model.inputValue()).toBe('caffe-bvlc-googlenet');
	expect(await page.getByTestId('setup-set').inputValue()).toBe('ilsvrc2012_val_fullframe');
	expect(await page.getByTestId('setup-looks').inputValue()).toMatch(/10/);
	await expect.poll(() => page.getByTestId('setup').textContent()).toMatch(/7-model, 144-crop ensemble/);
	expect(await page.getByTestId('setup-standing').textContent()).toMatch(/GoogLeNet .*top-5 error on this set, .*the 2014 trained person \(5\.1%/);

	await page.getByTestId('setup-start').click();
	await page.waitForURL(/\/play\?/);
	const q = new URL(page.url()).searchParams;
	expect(Object.fromEntries(q)).toMatchObject({ set: REMATCH_2014.set, model: REMATCH_2014.model, mode: 'challenge', looks: '10' });
	expect(await page.getByTestId('intro').textContent()).toMatch(/Opponent:\s*GoogLeNet \(BVLC Caffe replication\)/);

	const labels = parseLabels(readFileSync(join(ASSET_ROOT, 'data', REMATCH_2014.set, 'labels.csv'), 'utf8'));
	const first = imageSequence(labels, REMATCH_2014.n, REMATCH_2014.seed)[0];
	const fetched: string[] = [];
	page.on('request', (r) => fetched.push(r.url()));
	await page.getByTestId('start').click();
	await expect.poll(() => page.getByTestId('progress').textContent(), { timeout: 120_000 }).toBe(`Photo 1 of ${REMATCH_2014.n}`);
	expect(fetched.some((u) => u.endsWith(`ilsvrc2012_val_fullframe/images/${first.filename}`))).toBe(true);

	// The verdict names the study's figures as the yardstick.
	await page.getByTestId('picker-input').press('Enter');
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
