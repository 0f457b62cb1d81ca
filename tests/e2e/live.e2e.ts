// A live class in headless Chromium: a teacher and three students (separate browser contexts) play three photos on
// the real server (npm start's). The projector's counts and guess chart must equal what the students typed; a
// student reloads mid-photo and keeps her answer; a student answers offline and the answer arrives on reconnect;
// the server is killed (SIGKILL) and restarted mid-game and the game goes on. The end shows /class's results view.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { addGuess } from './picker-input';
import { startPreview, type Served } from './server';
import { parseClasses } from '../../src/lib/core/classes';
import Papa from 'papaparse';
import { tally } from '../../src/lib/live/protocol';
import { DEFAULT_MODEL_ID, getModel } from '../../src/lib/core/catalogue';
import { ASSET_ROOT } from '../../src/lib/node/runtime';

const classes = parseClasses(readFileSync(join(ASSET_ROOT, 'data/meta/classes.csv'), 'utf8'));
// Three students' answers per photo (class indices): what the projector must count.
const PLAN: number[][][] = [
	[[207], [207, 208], [1]],
	[[340], [340, 1], [2]],
	[[3], [3], [4, 5]]
];

let server: Served;
let browser: Browser;
let teacher: Page;
let code = '';
const students: { ctx: BrowserContext; page: Page }[] = [];

const answered = (n: number) => teacher.getByTestId('answered').getByText(`${n} of 3 answered`).waitFor({ timeout: 60_000 });

async function answer(p: Page, guesses: number[]) {
	for (const g of guesses) await addGuess(p, classes, g);
	await p.getByTestId('submit').click();
}

async function reveal(photo: number) {
	await teacher.getByTestId('reveal').getByText('Reveal').waitFor({ timeout: 120_000 });
	await teacher.getByTestId('reveal').click();
	const chart = teacher.getByTestId('guess-chart');
	await chart.waitFor();
	const counts = JSON.parse((await chart.getAttribute('data-counts'))!);
	expect(counts).toEqual(tally(PLAN[photo], -1).top);
	for (const s of students) await s.page.getByTestId('reveal').waitFor();
}

describe('live class', () => {
	beforeAll(async () => {
		server = await startPreview();
		browser = await launchChromium();
		teacher = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true })).newPage();
		await teacher.goto(`${server.url}/live`);
		await teacher.getByTestId('count').selectOption('3');
		await teacher.getByTestId('create').click();
		code = (await teacher.getByTestId('code').textContent())!.trim();
		for (const nick of ['Ada', 'Bo', 'Cy']) {
			const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
			const page = await ctx.newPage();
			await page.goto(`${server.url}/join?code=${code}`);
			await page.getByTestId('nick').fill(nick);
			await page.getByTestId('join').click();
			await page.getByTestId('lobby').waitFor();
			students.push({ ctx, page });
		}
	});
	afterAll(async () => {
		await browser?.close();
		server?.stop();
	});

	test('three photos: counts and chart match; reload, offline and a server restart lose nothing', async () => {
		await teacher.getByTestId('students').getByText('Cy').waitFor();
		await teacher.getByTestId('start').click();

		// Photo 1; Cy reloads after answering and keeps her answer.
		await answer(students[0].page, PLAN[0][0]);
		await answer(students[1].page, PLAN[0][1]);
		await answer(students[2].page, PLAN[0][2]);
		await students[2].page.getByTestId('sent').waitFor();
		await students[2].page.reload();
		await students[2].page.getByTestId('sent').waitFor();
		// The answer is back at once; its name once the class list has loaded again.
		await expect.poll(() => students[2].page.getByTestId('my-answer').textContent(), { timeout: 30_000 }).toContain(classes[PLAN[0][2][0]].simpleLabel);
		await answered(3);
		await reveal(0);
		await teacher.getByTestId('next').click();

		// Photo 2; Ada answers while offline; the answer arrives once she is back.
		await students[0].page.getByTestId('picker-input').waitFor();
		await students[0].ctx.setOffline(true);
		await answer(students[0].page, PLAN[1][0]);
		await students[0].page.getByTestId('pending').waitFor(); // kept, not acknowledged: the socket is down
		await answer(students[1].page, PLAN[1][1]);
		await answer(students[2].page, PLAN[1][2]);
		await students[0].ctx.setOffline(false);
		await students[0].page.getByTestId('sent').waitFor({ timeout: 60_000 });
		await answered(3);
		await reveal(1);
		await teacher.getByTestId('next').click();

		// Photo 3; the server is killed after Bo's answer and restarted on the same port and data.
		await students[1].page.getByTestId('picker-input').waitFor();
		await answer(students[1].page, PLAN[2][1]);
		await students[1].page.getByTestId('sent').waitFor();
		server.kill();
		await teacher.getByText('reconnecting…').waitFor();
		await answer(students[2].page, PLAN[2][2]); // while the server is down: kept, sent later
		server = await startPreview({ port: server.port, dataDir: server.dataDir });
		await answer(students[0].page, PLAN[2][0]);
		await answered(3);
		await reveal(2);
		await teacher.getByTestId('next').click();
		await teacher.getByTestId('results').waitFor();
		for (const s of students) await s.page.getByTestId('end').waitFor();
		const rows = await teacher.getByTestId('per-photo').locator('tbody tr').allTextContents();
		expect(rows.length).toBe(3);
	});

	test("the end is /class's results view: one section, one row per student, the room named, photo by photo; the CSV names the classes", async () => {
		const view = teacher.getByTestId('results');
		expect(await view.getByTestId('class-overview').innerText()).toBe(`3 games by 3 players, 9 answers, in room ${code}.`);
		expect(await view.getByTestId('section-title').allTextContents()).toEqual([`Challenge · ${getModel(DEFAULT_MODEL_ID).name} · 1 look`]);
		for (const nick of ['Ada', 'Bo', 'Cy']) {
			const row = view.locator(`[data-testid=players] tr[data-player=${nick}]`);
			expect(await row.getByTestId('player-rounds').textContent()).toBe('3');
			expect(await row.getByTestId('player-sources').textContent()).toBe(`room ${code}`);
		}
		expect(await view.getByText('Running top-5 error').count()).toBe(0);
		// Photo by photo, in the order shown: the class's most common guesses are what the students typed.
		await view.getByTestId('photo-order').selectOption('shown');
		const photos = view.locator('[data-testid=per-photo] tbody tr');
		for (const [k, plan] of PLAN.entries()) {
			const row = photos.nth(k);
			expect(await row.getByTestId('photo-class').getAttribute('data-answered')).toBe('3');
			const shown = await row.getByTestId('photo-guesses').locator('li').allInnerTexts();
			expect(shown).toEqual(tally(plan, -1).top.slice(0, 3).map(([c, n]) => `${classes[c].simpleLabel} ×${n}`));
			expect(await row.getByTestId('photo-model').locator('li').count()).toBe(5);
		}
		const [download] = await Promise.all([teacher.waitForEvent('download'), view.getByTestId('export-csv').click()]);
		const csv = Papa.parse<Record<string, string>>(readFileSync((await download.path())!, 'utf8'), { header: true }).data;
		expect(csv).toHaveLength(9);
		const ada = csv.find((r) => r.player === 'Ada' && r.index === '0')!;
		expect(ada.human).toBe(String(PLAN[0][0][0]));
		expect(ada.human_names).toBe(classes[PLAN[0][0][0]].simpleLabel);
		expect(ada.truth_name).toBe(classes[Number(ada.truth)].simpleLabel);
	});
});
