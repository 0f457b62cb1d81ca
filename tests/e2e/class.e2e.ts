// /class with imported files in headless Chromium: the class results view (the same one the end of a live room
// shows, asserted in live.e2e.ts). Files are written here by the app's own export code: two players, one of them
// in two files, two models and a practice game; then a class of 1,200 games, paged.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import type { Round, Session } from '../../src/lib/arena/round';
import { DEFAULT_CONFIG, type Mode } from '../../src/lib/arena/session';
import { getModel } from '../../src/lib/core/catalogue';
import { parseClasses } from '../../src/lib/core/classes';
import { parseLabels } from '../../src/lib/core/labels';
import { ASSET_ROOT } from '../../src/lib/node/runtime';
import { toCsv, toJson } from '../../src/lib/store/exchange';

const baseUrl = inject('baseUrl');
const SET = 'ilsvrc2012_val_fullframe';
const MOBILENET = 'tflite-mobilenet-v2-1.0-224';
const GOOGLENET = 'caffe-bvlc-googlenet';
const classes = parseClasses(readFileSync(join(ASSET_ROOT, 'data/meta/classes.csv'), 'utf8'));
const photos = parseLabels(readFileSync(join(ASSET_ROOT, `data/${SET}/labels.csv`), 'utf8')).slice(0, 6);
const name = (i: number) => classes[i].simpleLabel;
const WRONG = (i: number) => (photos[i].classIndex + 1) % 1000;

/** A game on photos `ks`; `right[k]`: the person has the truth first; the model is right except on photo 1. */
function game(id: string, player: string, ks: number[], right: (k: number) => boolean, o: { model?: string; mode?: Mode; crops?: 1 | 10 } = {}) {
	const model = o.model ?? MOBILENET;
	const mode = o.mode ?? 'challenge';
	const session: Session = { id, player, config: { ...DEFAULT_CONFIG, set: SET, n: 6, model, mode, crops: o.crops ?? 1 }, createdAt: '2026-12-01T10:00:00Z', source: 'local' };
	const rounds: Round[] = ks.map((k) => ({
		sessionId: id, index: k, set: SET, image: photos[k].filename, truth: photos[k].classIndex, real: photos[k].real,
		human: right(k) ? [photos[k].classIndex] : [WRONG(k)],
		model: (k === 1 ? [WRONG(k), 2, 3, 4, 5] : [photos[k].classIndex, 2, 3, 4, 5]).map((c, r) => ({ classIndex: c, probability: 0.5 / (r + 1) })),
		humanMs: 4000, timedOut: false, assisted: false, humanTags: [], modelTags: [], mode, modelId: model, backend: 'wasm', answeredAt: '2026-12-01T10:01:00Z'
	}));
	return { session, rounds };
}

let browser: Browser;
let page: Page;
const file = (fileName: string, text: string) => ({ name: fileName, mimeType: fileName.endsWith('.csv') ? 'text/csv' : 'application/json', buffer: Buffer.from(text) });

async function fresh() {
	await page?.context().close();
	page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
	await page.goto(`${baseUrl}/class`);
	await page.getByTestId('import-input').waitFor();
}

describe('/class: the class results view from files', () => {
	beforeAll(async () => {
		browser = await launchChromium();
	});
	afterAll(async () => {
		await browser?.close();
	});

	test('two players, one in two files, two models and a practice game: sections apart, one row per player, files named, photo by photo', async () => {
		await fresh();
		const adaMon = game('ada-1', 'Ada', [0, 1, 2, 3], (k) => k !== 1);
		const adaTue = game('ada-2', 'Ada', [4, 5], () => true);
		const bo = game('bo-1', 'Bo', [0, 1, 2], (k) => k === 0);
		const boG = game('bo-2', 'Bo', [0, 1], () => false, { model: GOOGLENET, crops: 10 });
		const boPractice = game('bo-3', 'Bo', [0, 1], () => true, { mode: 'practice' });
		await page.getByTestId('import-input').setInputFiles([
			file('ada-monday.json', toJson(adaMon.session, adaMon.rounds)),
			file('ada-tuesday.csv', toCsv(adaTue.session, adaTue.rounds)), // an old CSV, without names
			file('bo.json', `[${[bo, boPractice].map((g) => toJson(g.session, g.rounds)).join(',')}]`),
			file('bo-googlenet.csv', toCsv(boG.session, boG.rounds, name)) // a new one, names beside ids
		]);
		await expect.poll(() => page.getByTestId('import-notice').textContent()).toBe('Imported 5 sessions (13 rounds).');
		expect(await page.getByTestId('class-overview').innerText()).toBe('5 games by 2 players, 13 answers, from ada-monday.json, ada-tuesday.csv, bo-googlenet.csv, bo.json.');

		// Sections: challenge MobileNet, challenge GoogLeNet (10 looks), practice MobileNet; never pooled.
		const sections = page.getByTestId('class-section');
		expect(await sections.getByTestId('section-title').allTextContents()).toEqual([
			`Challenge · ${getModel(MOBILENET).name} · 1 look`,
			`Challenge · ${getModel(GOOGLENET).name} · 10 looks`,
			`Practice · ${getModel(MOBILENET).name} · 1 look`
		]);
		const mob = page.locator(`[data-testid=class-section][data-mode=challenge][data-model="${MOBILENET}"]`);
		// One row per player: Ada's two games pooled, both files named.
		expect(await mob.locator('[data-testid=players] tbody tr').count()).toBe(2);
		const ada = mob.locator('tr[data-player=Ada]');
		expect(await ada.getByTestId('player-games').textContent()).toBe('2');
		expect(await ada.getByTestId('player-rounds').textContent()).toBe('6');
		expect(await ada.getByTestId('player-sources').textContent()).toBe('ada-monday.json; ada-tuesday.csv');
		expect(await mob.locator('tr[data-player=Bo] [data-testid=player-rounds]').textContent()).toBe('3');
		// The pooled class: Ada missed photo 1, Bo photos 1 and 2 -> 3 of 9; the model photo 1 in both games -> 2 of 9.
		expect(await mob.getByTestId('section-summary').innerText()).toMatch(/Class: top-5 error 33\.3% \(3 of 9, 95% CI \d+–\d+%\) · .*: 22\.2% \(2 of 9, 95% CI/);
		expect(await mob.getByTestId('pairing').innerText()).toContain('9 pairs');
		expect(await mob.getByTestId('by-photo').innerText()).toContain('6 photos, the class missed 1, the model 1');

		// Photo by photo: photo 1 fooled both; its row names the truth, the guesses and the model's five.
		const rows = mob.locator('[data-testid=per-photo] tbody tr');
		expect(await rows.count()).toBe(6);
		const p1 = mob.locator(`[data-testid=per-photo] tr[data-image="${photos[1].filename}"]`);
		expect(await p1.getByTestId('photo-truth').textContent()).toBe(name(photos[1].classIndex));
		expect(await p1.getByTestId('photo-class').getAttribute('data-right')).toBe('0');
		expect(await p1.getByTestId('photo-class').getAttribute('data-answered')).toBe('2');
		expect(await p1.getByTestId('photo-guesses').innerText()).toContain(`${name(WRONG(1))} ×2`);
		expect(await p1.getByTestId('photo-model').innerText()).toContain('wrong');
		expect(await p1.getByTestId('photo-model').innerText()).toContain(name(WRONG(1)));
		// The most missed photo comes first; its thumbnail is the real photo.
		expect(await rows.first().getAttribute('data-image')).toBe(photos[1].filename);
		await p1.locator('img').scrollIntoViewIfNeeded(); // thumbnails load lazily
		await expect.poll(() => p1.locator('img').evaluate((i: HTMLImageElement) => (i.complete ? i.naturalWidth : 0))).toBeGreaterThan(0);
		expect(await mob.getByTestId('fooled-model').locator('figure').count()).toBe(1);
		// No running chart stringing different players' photos into one line.
		expect(await page.getByText('Running top-5 error').count()).toBe(0);

		// The other sections hold only their own games.
		const goog = page.locator(`[data-testid=class-section][data-model="${GOOGLENET}"]`);
		expect(await goog.locator('[data-testid=players] tbody tr').count()).toBe(1);
		expect(await goog.locator('tr[data-player=Bo] [data-testid=player-sources]').textContent()).toBe('bo-googlenet.csv');
		const practice = page.locator('[data-testid=class-section][data-mode=practice]');
		expect(await practice.locator('tr[data-player=Bo] [data-testid=player-rounds]').textContent()).toBe('2');

		// Removing one game (the games list names its file) leaves Ada one row with one game.
		await page.getByTestId('games').locator('summary').click();
		await page.getByRole('button', { name: 'remove the game of Ada from ada-tuesday.csv' }).click();
		await expect.poll(() => ada.getByTestId('player-games').textContent()).toBe('1');
		expect(await ada.getByTestId('player-sources').textContent()).toBe('ada-monday.json');
	});

	test('1,200 games in one file: the players are paged, 50 at a time', async () => {
		await fresh();
		const many = Array.from({ length: 1200 }, (_, i) => game(`g${i}`, `Player ${String(i % 600).padStart(3, '0')}`, [i % 6], (k) => k % 2 === 0));
		const t0 = Date.now();
		await page.getByTestId('import-input').setInputFiles([file('class-of-600.json', `[${many.map((g) => toJson(g.session, g.rounds)).join(',')}]`)]);
		await expect.poll(() => page.getByTestId('import-notice').textContent(), { timeout: 120_000 }).toBe('Imported 1200 sessions (1200 rounds).');
		await page.getByTestId('class-section').waitFor();
		console.log(`1,200 games imported and shown in ${Date.now() - t0} ms`);
		const rows = page.locator('[data-testid=players] tbody tr');
		expect(await rows.count()).toBe(50);
		expect(await page.getByTestId('players-pager-where').textContent()).toBe('1–50 of 600 players');
		expect(await rows.first().getAttribute('data-player')).toBe('Player 000');
		expect(await rows.first().getByTestId('player-games').textContent()).toBe('2');
		await page.getByTestId('players-pager-next').click();
		await expect.poll(() => rows.first().getAttribute('data-player')).toBe('Player 050');
		expect(await page.getByTestId('players-pager-where').textContent()).toBe('51–100 of 600 players');
		expect(await page.getByTestId('class-sources').textContent()).toBe('class-of-600.json');
		// Reopening the page reads the 1,200 games back and draws one page.
		const t1 = Date.now();
		await page.reload();
		await page.getByTestId('class-section').waitFor({ timeout: 60_000 });
		console.log(`/class reopened with 1,200 games in ${Date.now() - t1} ms`);
		expect(await rows.count()).toBe(50);
	});
});
