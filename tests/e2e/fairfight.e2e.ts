// A fair fight: the person's side of the arena measured, not the interface. A seeded game on the full-frame photos
// by keyboard (verdict sentence, recap, play again), an exact resume mid-round, and no page scrolling sideways on a phone.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from './browser';
import { addGuess, guessesShown, submitWithoutGuess } from './picker-input';
import { imageSequence } from '../../src/lib/arena/session';
import { scoreboard } from '../../src/lib/arena/scoring';
import { verdict } from '../../src/lib/arena/verdict';
import type { Round } from '../../src/lib/arena/round';
import { parseClasses } from '../../src/lib/core/classes';
import { parseLabels } from '../../src/lib/core/labels';
import { decodeImageFile } from '../../src/lib/node/files';
import { ASSET_ROOT, loadClassifierFromDisk, useNodeBackend } from '../../src/lib/node/runtime';

const baseUrl = inject('baseUrl');
const SET = 'ilsvrc2012_val_fullframe';
const MODEL = 'tflite-mobilenet-v2-1.0-224';
const N = 6;
const GAME = `set=${SET}&n=${N}&t=0&model=${MODEL}&mode=challenge&seed=2014`;
const classes = parseClasses(readFileSync(join(ASSET_ROOT, 'data/meta/classes.csv'), 'utf8'));
const sequence = imageSequence(parseLabels(readFileSync(join(ASSET_ROOT, `data/${SET}/labels.csv`), 'utf8')), N, 2014);
// The model's top five on the six photos, computed in beforeAll with the app's own core in Node (the same model
// and crop as the page's worker): the verdict the page must show after each photo, and the final sentence.
let modelTop5: number[][] = [];
const PLAN = ['right', 'wrong', 'right', 'right', 'wrong', 'right'] as const;
const wrongClass = (truth: number) => (truth + 500) % 1000;

let browser: Browser;
beforeAll(async () => {
	await useNodeBackend('wasm');
	const model = await loadClassifierFromDisk(MODEL, classes);
	modelTop5 = [];
	for (const l of sequence) {
		const px = await decodeImageFile(join(ASSET_ROOT, `data/${SET}/images/${l.filename}`));
		modelTop5.push((await model.classify(px, 5)).map((p) => p.classIndex));
		px.dispose();
	}
	model.dispose();
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
});


describe('a seeded game on the full-frame photos, by keyboard', () => {
	test('every photo at its own aspect ratio, a verdict after each, a recap tile per photo, and play again in one click', async () => {
		const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		await page.goto(`${baseUrl}/play?${GAME}`);
		await page.getByTestId('player').fill('Ada');
		await page.getByTestId('player').press('Enter');
		const rounds: Round[] = [];
		for (let i = 0; i < N; i++) {
			await expect.poll(() => page.getByTestId('progress').textContent(), { timeout: 60_000 }).toBe(`Photo ${i + 1} of ${N}`);
			// Shown at the photo's own aspect ratio, never enlarged past 1.5x.
			const img = page.getByTestId('round-image');
			await expect.poll(() => img.evaluate((e: HTMLImageElement) => e.complete && e.clientWidth > 0)).toBe(true);
			const size = await img.evaluate((e: HTMLImageElement) => ({ nw: e.naturalWidth, nh: e.naturalHeight, w: e.clientWidth, h: e.clientHeight }));
			expect(size.w / size.h).toBeCloseTo(size.nw / size.nh, 1);
			expect(size.w).toBeLessThanOrEqual(1.5 * size.nw + 1);
			const truth = sequence[i].classIndex;
			const guess = PLAN[i] === 'right' ? truth : wrongClass(truth);
			await addGuess(page, classes, guess);
			await page.getByTestId('picker-input').press('Enter'); // Enter on an empty box submits
			await page.getByTestId('reveal').waitFor({ timeout: 60_000 });
			const top5 = modelTop5[i];
			expect(await page.getByTestId('model-verdict').textContent()).toBe(top5[0] === truth ? 'right first time' : top5.includes(truth) ? 'right (top-5)' : 'missed');
			rounds.push({
				sessionId: '', index: i, set: SET, image: sequence[i].filename, truth, real: sequence[i].real, human: [guess],
				model: top5.map((classIndex) => ({ classIndex, probability: 0.2 })), humanMs: 0, timedOut: false, assisted: false, humanTags: [], modelTags: [],
				mode: 'challenge', modelId: MODEL, backend: '', answeredAt: ''
			});
			const expected = verdict(scoreboard(rounds), 'You', 'MobileNet v2 1.0 / 224').sentence;
			expect(await page.getByTestId('verdict').textContent()).toBe(expected);
			await page.keyboard.press('Enter');
		}
		await page.getByTestId('done').waitFor();
		const final = verdict(scoreboard(rounds), 'You', 'MobileNet v2 1.0 / 224', true).sentence;
		// Six photos decide nothing, whoever leads: the last word says how far from telling it was.
		expect(final).toMatch(/(too few to be sure|^A draw on 6 photos): .* would need about \d+ more right .* to tell who is better\.$/);
		expect(await page.getByTestId('verdict').textContent()).toBe(final);
		const tiles = page.getByTestId('recap-tile');
		expect(await tiles.count()).toBe(N);
		for (let i = 0; i < N; i++) expect(await tiles.nth(i).innerText()).toContain(classes[sequence[i].classIndex].simpleLabel);
		// The statistics are one click away, each with its explanation.
		await page.getByTestId('details').locator('summary').click();
		expect(await page.getByTestId('details').innerText()).toContain('McNemar');
		expect(await page.getByTestId('details').innerText()).toContain('ReaL labels');

		const firstGame = new URL(page.url()).searchParams.get('session');
		await page.getByTestId('play-again').click();
		await expect.poll(() => page.getByTestId('progress').textContent(), { timeout: 60_000 }).toBe(`Photo 1 of ${N}`);
		const url = new URL(page.url());
		expect(url.searchParams.get('session')).not.toBe(firstGame);
		expect(url.searchParams.get('seed')).not.toBe('2014');
		expect(errors).toEqual([]);
		await page.close();
	});
});

describe('exact resume', () => {
	test('a reload mid-round with two guesses and the model shown resumes the same guesses, time left, and assisted mark', async () => {
		const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
		await page.clock.install(); // the round clock is moved on by the test below, not waited for
		await page.goto(`${baseUrl}/play?set=${SET}&n=3&t=90&model=${MODEL}&mode=challenge&seed=11`);
		await page.getByTestId('start').click();
		await page.getByTestId('picker-input').waitFor({ timeout: 60_000 });
		const seq = imageSequence(parseLabels(readFileSync(join(ASSET_ROOT, `data/${SET}/labels.csv`), 'utf8')), 3, 11);
		const two = [seq[0].classIndex, wrongClass(seq[0].classIndex)];
		for (const g of two) await addGuess(page, classes, g);
		await page.getByTestId('show-model').click();
		await page.getByTestId('assist').waitFor({ timeout: 60_000 });
		// Focus is back in the search box after the peek.
		expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('picker-input');
		await page.clock.runFor(2500); // 2.5 s of round time (the page's ticks run, the draft saves the time used)
		const left = Number((await page.getByTestId('clock').textContent())!.replace(/\D/g, ''));
		expect(left).toBeLessThanOrEqual(88);
		await page.reload();
		await page.getByTestId('picker-input').waitFor({ timeout: 60_000 });
		expect(await guessesShown(page)).toEqual(two);
		const after = Number((await page.getByTestId('clock').textContent())!.replace(/\D/g, ''));
		expect(Math.abs(after - left)).toBeLessThanOrEqual(1); // continues from the time used, not from 90
		await page.getByTestId('assist').waitFor(); // the answer stays shown: it was seen
		await page.getByTestId('picker-input').press('Enter');
		await page.getByTestId('reveal').waitFor();
		expect(await page.getByTestId('reveal').innerText()).toContain("You looked at the model's answer: not scored.");
		await page.close();
	});
});

describe('one tab per game', () => {
	test('a second tab on the same game says so, and can take it over; the first tab stops', async () => {
		const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
		const first = await context.newPage();
		await first.goto(`${baseUrl}/play?set=${SET}&n=3&t=0&model=${MODEL}&mode=challenge&seed=12`);
		await first.getByTestId('start').click();
		await first.getByTestId('picker-input').waitFor({ timeout: 60_000 });
		await submitWithoutGuess(first); // no guess: a miss, saved
		await first.getByTestId('reveal').waitFor({ timeout: 60_000 });
		await first.keyboard.press('Enter');
		await expect.poll(() => first.getByTestId('progress').textContent()).toBe('Photo 2 of 3');
		const second = await context.newPage();
		await second.goto(first.url());
		await second.getByTestId('elsewhere').waitFor({ timeout: 60_000 });
		expect(await second.getByTestId('elsewhere').innerText()).toContain('open in another tab');
		await second.getByTestId('take-over').click();
		await expect.poll(() => second.getByTestId('progress').textContent(), { timeout: 60_000 }).toBe('Photo 2 of 3');
		await first.getByTestId('elsewhere').waitFor();
		expect(await first.getByTestId('elsewhere').innerText()).toContain('taken over');
		await context.close();
	});
});

describe('phone, 390 x 844', () => {
	const PAGES = ['/', '/play', '/classify', '/class', '/lab', '/lab/sweep', '/lab/shape-texture', '/lab/mistakes', '/bench', '/models'];
	let phone: BrowserContext;
	beforeAll(async () => {
		// Saved games (one with a long player name, a tagged miss and a team round), so the lists have rows.
		phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
		const page = await phone.newPage();
		await page.goto(`${baseUrl}/`);
		await page.getByText(/None yet|Player/).first().waitFor();
		await page.evaluate(async ([set, seq]) => {
			const db: IDBDatabase = await new Promise((res, rej) => {
				const r = indexedDB.open('convnet-arena');
				r.onsuccess = () => res(r.result);
				r.onerror = () => rej(r.error);
			});
			const tx = db.transaction(['sessions', 'rounds'], 'readwrite');
			for (const [id, mode] of [['phone-a', 'challenge'], ['phone-b', 'team']] as const) {
				const config = { set, n: 3, seconds: 0, model: 'tflite-mobilenet-v2-1.0-224', mode, seed: 1 };
				tx.objectStore('sessions').put({ id, player: 'Maximiliane Wolkenstein-Oberhausen', config, createdAt: new Date().toISOString(), source: 'local' });
				seq.forEach((l: { filename: string; classIndex: number }, index: number) =>
					tx.objectStore('rounds').put({
						sessionId: id, index, set, image: l.filename, truth: l.classIndex, real: [], human: [(l.classIndex + 1) % 1000],
						model: [{ classIndex: (l.classIndex + 2) % 1000, probability: 0.5 }], humanMs: 4000, timedOut: false, assisted: false,
						humanTags: ['fine_grained'], modelTags: ['small_or_thin'], mode, modelId: 'tflite-mobilenet-v2-1.0-224', backend: 'wasm',
						answeredAt: new Date().toISOString()
					})
				);
			}
			await new Promise((res) => (tx.oncomplete = res));
			db.close();
		}, [SET, sequence.slice(0, 2).map((l) => ({ filename: l.filename, classIndex: l.classIndex }))] as const);
		await page.close();
	});
	afterAll(() => phone?.close());

	test.each(PAGES)('%s does not scroll sideways', async (path) => {
		const page = await phone.newPage();
		await page.goto(`${baseUrl}${path}`);
		await page.waitForLoadState('networkidle');
		if (path === '/') await page.getByTestId('saved').waitFor();
		// Laid out: fonts in, and two frames drawn after the last request.
		await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(390);
		await page.close();
	});

	test('in a round the photo, the search box and three suggestions fit above the on-screen keyboard; no keyboard hints', async () => {
		const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
		const page = await context.newPage();
		await page.goto(`${baseUrl}/play?${GAME}`);
		await page.getByTestId('start').click();
		const input = page.getByTestId('picker-input');
		await input.waitFor({ timeout: 60_000 });
		await page.setViewportSize({ width: 390, height: 506 }); // the keyboard takes the lower 40%
		await input.pressSequentially('dog', { delay: 5 });
		await page.locator('[data-testid=results] li[data-class-index]').nth(2).waitFor();
		const box = async (sel: string) => (await page.locator(sel).first().boundingBox())!;
		// Once any scroll that lifts the box has settled: the photo's top and the third suggestion both on screen.
		await expect.poll(async () => {
			const photo = await box('[data-testid=round-image]');
			const third = (await page.locator('[data-testid=results] li[data-class-index]').nth(2).boundingBox())!;
			return { photoTop: photo.y >= 0, thirdOnScreen: third.y + third.height <= 506 };
		}, { timeout: 5_000 }).toEqual({ photoTop: true, thirdOnScreen: true });
		// After Submit the reveal and its Next button come into view.
		await page.setViewportSize({ width: 390, height: 844 });
		await input.fill('');
		await submitWithoutGuess(page);
		await page.getByTestId('reveal').waitFor({ timeout: 60_000 });
		await expect.poll(async () => {
			const next = (await page.getByTestId('next').boundingBox())!;
			return next.y >= 0 && next.y + next.height <= 844;
		}).toBe(true);
		expect(await page.locator('.keys').evaluateAll((els) => els.every((e) => getComputedStyle(e).display === 'none'))).toBe(true);
		await context.close();
	});
});
