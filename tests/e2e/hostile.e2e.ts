// Hostile input, replayed in the built app (real model, real photos, headless Chromium, under the app's CSP):
// broken, empty, fake, huge, tiny and elongated pictures, an SVG carrying script, damaged, duplicate and giant
// imports, a damaged store, a failed save, a missing shard, a damaged model.json, a backend that cannot start,
// and a photo that cannot be fetched offline. For each: a clear message, the page still usable, the good saved
// rounds still there, and no uncaught page error.
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { makeFixtures } from './fixtures';
import { seed } from './hostile-helpers';
import { ASSET_ROOT } from '../../src/lib/node/runtime';
import { toCsv, toJson } from '../../src/lib/store/exchange';
import type { Round, Session } from '../../src/lib/arena/round';
import { DEFAULT_CONFIG } from '../../src/lib/arena/session';

const baseUrl = inject('baseUrl');
const VAL = join(ASSET_ROOT, 'data/ilsvrc2012_val_acuity1300/images');
const PHOTO = 'ILSVRC2012_val_00000347.JPEG';
const MODEL = 'tflite-mobilenet-v2-1.0-224';

let browser: Browser;
/** Cases tried, for the README's table: each pushes its name when it held. */
const held: string[] = [];
let context: BrowserContext;
let page: Page;
let pageErrors: string[] = [];

async function fresh(): Promise<Page> {
	await context?.close();
	// Service workers off: routes below must see every request (the worker's cache is checked apart).
	context = await browser.newContext({ serviceWorkers: 'block' });
	page = await context.newPage();
	pageErrors = [];
	page.on('pageerror', (e) => pageErrors.push(e.message));
	return page;
}

/** The model's first answer for the picture named `name`: the page marks which picture its list answers. */
const top1 = async (p: Page, name: string) => {
	const first = p.locator(`[data-testid=answer][data-picture="${name}"] [data-testid=topk] li`).first();
	await first.waitFor({ timeout: 120_000 });
	return Number(await first.getAttribute('data-class-index'));
};
/** Click Next ▶ and return the name of the set photo it now shows (another than before). */
async function next(p: Page): Promise<string> {
	const shown = p.getByTestId('image-name');
	const name = async () => ((await shown.count()) ? await shown.textContent() : null);
	const before = await name();
	await p.getByRole('button', { name: 'Next ▶' }).click();
	await expect.poll(name, { timeout: 30_000 }).not.toBe(before);
	return (await name())!;
}
/** A fresh context on /classify showing PHOTO, answered: each test starts from here, not from the one before. */
async function openClassify(): Promise<Page> {
	await fresh();
	await page.goto(`${baseUrl}/classify?image=${PHOTO}`);
	await top1(page, PHOTO);
	return page;
}
const text = async (p: Page, id: string) => (await p.getByTestId(id).textContent({ timeout: 60_000 })) ?? '';

const files = makeFixtures(join(VAL, PHOTO));
const dir = join(files.empty, '..');
const src = jpeg.decode(readFileSync(join(VAL, PHOTO)), { useTArray: true, formatAsRGBA: true });
function writeJpeg(name: string, w: number, h: number): string {
	const data = Buffer.alloc(w * h * 4);
	for (let y = 0; y < h; y++)
		for (let x = 0; x < w; x++) {
			const s = (Math.floor((y * src.height) / h) * src.width + Math.floor((x * src.width) / w)) * 4, d = (y * w + x) * 4;
			data[d] = src.data[s]; data[d + 1] = src.data[s + 1]; data[d + 2] = src.data[s + 2]; data[d + 3] = 255;
		}
	const path = join(dir, name);
	writeFileSync(path, jpeg.encode({ data, width: w, height: h }, 85).data);
	return path;
}
const tiny = join(dir, 'tiny-1x1.png');
const png = new PNG({ width: 1, height: 1 });
png.data.set([200, 30, 30, 255]);
writeFileSync(tiny, PNG.sync.write(png));
const panorama = writeJpeg('panorama-20000x200.jpg', 20000, 200);
const fake = join(dir, 'fake.jpg');
writeFileSync(fake, 'GIF89a but really just text pretending to be a picture');
const svgScript = join(dir, 'script.svg');
writeFileSync(
	svgScript,
	`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" onload="top.__pwned='onload'"><script>top.__pwned='script'</script>` +
		`<rect width="120" height="120" fill="#3a7"/><a href="javascript:top.__pwned='link'"><circle cx="60" cy="60" r="30" fill="#e33"/></a></svg>`
);

beforeAll(async () => {
	browser = await launchChromium();
});
afterEach(() => {
	expect(pageErrors, 'uncaught page errors').toEqual([]);
});
afterAll(async () => {
	await context?.close();
	await browser?.close();
	console.log(`hostile cases held: ${held.length}\n  ${held.join('\n  ')}`);
});

describe('pictures on /classify', () => {
	test('the page is served with a Content-Security-Policy (scripts from self only)', async () => {
		await fresh();
		await page.goto(`${baseUrl}/classify?image=${PHOTO}`);
		const csp = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
		expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
		expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
		expect(await top1(page, PHOTO)).toBeGreaterThanOrEqual(0); // the model still runs under it (WASM)
		expect(await text(page, 'backend-name')).toBe('wasm');
		// An inline script injected now is refused by the policy.
		await page.evaluate(() => {
			const s = document.createElement('script');
			s.textContent = 'window.__inline = 1';
			document.body.append(s);
		});
		expect(await page.evaluate(() => (window as unknown as { __inline?: number }).__inline)).toBeUndefined();
		held.push('CSP present; inline script refused; model runs under it');
	});

	test.each([
		['empty', files.empty, /empty \(0 bytes\)/],
		['broken', files.broken, /could not be read as a picture/],
		['fake', fake, /could not be read as a picture/],
		['text', files.text, /could not be read as a picture/]
	])('a %s file: a clear message, and the next photo still works', async (kind, path, message) => {
		await openClassify();
		await page.getByTestId('file-input').setInputFiles(path);
		expect(await text(page, 'error')).toMatch(message);
		expect(await top1(page, await next(page))).toBeGreaterThanOrEqual(0);
		await expect(page.getByTestId('error').count()).resolves.toBe(0);
		held.push(`${kind} picture`);
	});

	test('a huge photo is answered; a 1x1 picture and a 20000x200 panorama are answered with a warning', async () => {
		await openClassify();
		await page.getByTestId('file-input').setInputFiles(files.huge);
		expect(await top1(page, basename(files.huge))).toBeGreaterThanOrEqual(0);
		await expect(page.getByTestId('picture-note').count()).resolves.toBe(0);
		await page.getByTestId('file-input').setInputFiles(tiny);
		expect(await text(page, 'picture-note')).toMatch(/tiny \(1 x 1 pixels\)/);
		expect(await top1(page, basename(tiny))).toBeGreaterThanOrEqual(0);
		await page.getByTestId('file-input').setInputFiles(panorama);
		expect(await text(page, 'picture-note')).toMatch(/extremely elongated \(4096 x 41, 100:1\)/);
		expect(await top1(page, basename(panorama))).toBeGreaterThanOrEqual(0);
		held.push('huge picture', 'tiny picture (note)', 'elongated picture (note)');
	});

	test('an SVG carrying script is shown from decoded pixels: no script runs, no URL of the file is shown', async () => {
		await openClassify();
		await page.getByTestId('file-input').setInputFiles(svgScript);
		await page.getByText('Your picture: script.svg').waitFor();
		expect(await top1(page, 'script.svg')).toBeGreaterThanOrEqual(0);
		expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
		await expect(page.locator('img[src^="blob:"], object, embed, iframe').count()).resolves.toBe(0);
		expect(await page.getByTestId('own-picture').isVisible()).toBe(true);
		held.push('SVG with script');
	});

	test('twenty files dropped at once: the first is classified and the page says so', async () => {
		await openClassify();
		await page.evaluate(() => {
			const dt = new DataTransfer();
			const canvas = document.createElement('canvas');
			canvas.width = canvas.height = 64;
			const png = atob(canvas.toDataURL('image/png').split(',')[1]);
			const bytes = Uint8Array.from(png, (c) => c.charCodeAt(0));
			for (let i = 0; i < 20; i++) dt.items.add(new File([bytes], `drop-${i}.png`, { type: 'image/png' }));
			document.querySelector('section.picture')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
		});
		expect(await text(page, 'picture-note')).toMatch(/20 files were dropped: only the first, drop-0\.png, is classified/);
		expect(await top1(page, 'drop-0.png')).toBeGreaterThanOrEqual(0);
		held.push('20 files dropped');
	});
});

describe('model files on /classify', () => {
	const modelPath = (f: string) => `**/models/${MODEL}/${f}`;
	// TF.js's own model files, so TF.js is asked for: the automatic engine choice would load them once more in its
	// probe, and a file damaged only once would then be fixed before the page's own load.

	test('a missing shard is named, the panel stops saying "Choosing…", and the photos still show', async () => {
		await fresh();
		await context.route(modelPath('group1-shard2of4.bin'), (r) => r.fulfill({ status: 404, body: 'gone' }));
		await page.goto(`${baseUrl}/classify?engine=tfjs&image=${PHOTO}`);
		expect(await text(page, 'model-error')).toMatch(/model file group1-shard2of4\.bin is missing \(HTTP 404\)/);
		expect(await text(page, 'backend-none')).toMatch(/did not load/);
		await page.getByRole('button', { name: 'Next ▶' }).click();
		await expect(page.getByTestId('image-name').textContent()).resolves.not.toBe(PHOTO);
		expect(await text(page, 'model-error')).toMatch(/group1-shard2of4\.bin/); // a picture does not wipe it
		held.push('missing shard');
	});

	test('a damaged model.json served once is named; once the file is fixed, choosing the model again loads it', async () => {
		await fresh();
		let served = 0;
		await context.route(modelPath('model.json'), async (r) => {
			if (served++ > 0) return r.continue();
			const res = await r.fetch();
			await r.fulfill({ response: res, body: (await res.text()).slice(0, 5000) }); // cut short
		});
		await page.goto(`${baseUrl}/classify?engine=tfjs&image=${PHOTO}`);
		expect(await text(page, 'model-error')).toMatch(/model file model\.json is damaged: 5000 bytes instead of \d+ \(cut short\)/);
		// Choose it again (another model, then back): the fixed file loads and answers.
		await page.getByTestId('model-select').selectOption('tflite-mobilenet-v1-0.25-128');
		expect(await top1(page, PHOTO)).toBeGreaterThanOrEqual(0);
		await page.getByTestId('model-select').selectOption(MODEL);
		expect(await top1(page, PHOTO)).toBeGreaterThanOrEqual(0);
		await expect(page.getByTestId('model-error').count()).resolves.toBe(0);
		held.push('damaged model.json, then fixed');
	});

	test('when WASM cannot load, the fallback answers and the page says why', async () => {
		await fresh();
		await context.route('**/tfjs-wasm/*.wasm', (r) => r.fulfill({ status: 404, body: '' }));
		await page.goto(`${baseUrl}/classify?image=${PHOTO}`);
		expect(await top1(page, PHOTO)).toBeGreaterThanOrEqual(0);
		const note = await text(page, 'backend-fallback');
		expect(note).toMatch(/^wasm failed to initialise: .+; running on (cpu|webgl|webgpu) instead\./);
		expect(note.length).toBeGreaterThan('wasm failed to initialise: ; running on cpu instead.'.length + 5);
		held.push('WASM cannot load (cause shown)');
	});

	test('offline, a photo never fetched gets a clear message and the page keeps working when back online', async () => {
		await fresh();
		await page.goto(`${baseUrl}/classify?image=${PHOTO}`);
		await top1(page, PHOTO);
		await context.setOffline(true);
		await next(page);
		expect(await text(page, 'error')).toMatch(/could not be fetched: this photo is not saved for offline use/);
		await context.setOffline(false);
		expect(await top1(page, await next(page))).toBeGreaterThanOrEqual(0);
		held.push('offline, unseen photo');
	});
});

describe('/lab', () => {
	test('a broken upload: a message, which a good photo then clears; a missing shard is named and stays', async () => {
		await fresh();
		await page.goto(`${baseUrl}/lab`);
		await page.locator('[data-testid=topk-original] li').first().waitFor({ timeout: 120_000 });
		await page.getByTestId('file-input').setInputFiles(files.broken);
		expect(await text(page, 'error')).toMatch(/could not be read as a picture/);
		await page.getByRole('button', { name: 'Next ▶' }).click();
		await expect.poll(() => page.getByTestId('error').count(), { timeout: 30_000 }).toBe(0);
		await context.route(`**/models/tflite-mobilenet-v1-0.25-128/group1-shard1of1.bin`, (r) => r.fulfill({ status: 404, body: '' }));
		await page.getByTestId('model-select').selectOption('tflite-mobilenet-v1-0.25-128');
		expect(await text(page, 'model-error')).toMatch(/model file group1-shard1of1\.bin is missing \(HTTP 404\)/);
		await next(page); // a positive sign first: the next photo is shown
		expect(await text(page, 'model-error')).toMatch(/group1-shard1of1\.bin/); // a new photo does not wipe it
		held.push('/lab: old picture error cleared by a good photo', '/lab: missing shard named');
	});
});

describe('the service worker keeps no damaged file', () => {
	test('a damaged shard is not cached (an intact one is); once fixed it is; caches are named per build', async () => {
		await context?.close();
		context = await browser.newContext({ serviceWorkers: 'allow' });
		page = await context.newPage();
		pageErrors = [];
		page.on('pageerror', (e) => pageErrors.push(e.message));
		const shard = 'group1-shard2of4.bin';
		let damaged = true;
		await context.route(`**/models/${MODEL}/${shard}`, async (r) => {
			if (!damaged) return r.continue();
			const res = await r.fetch();
			const body = Buffer.from(await res.body());
			body[1000] ^= 0xff; // same size, one byte changed
			await r.fulfill({ response: res, body });
		});
		await page.goto(`${baseUrl}/classify?image=${PHOTO}`);
		await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
		await page.reload(); // now the worker controls the page and sees the model's requests
		await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller));
		expect(await text(page, 'model-error')).toMatch(new RegExp(`model file ${shard} is damaged: its SHA-256`));
		const cached = () =>
			page.evaluate(async () => {
				const names = await caches.keys();
				const data = names.find((n) => n.startsWith('arena-data-'));
				const keys = data ? (await (await caches.open(data)).keys()).map((r) => new URL(r.url).pathname.split('/').pop()) : [];
				return { names, keys };
			});
		await expect.poll(async () => (await cached()).keys, { timeout: 30_000 }).toContain('group1-shard1of4.bin');
		const first = await cached();
		expect(first.keys).not.toContain(shard);
		expect(first.names.filter((n) => /^arena-(app|data)-/.test(n))).toHaveLength(2);
		expect(first.names).not.toContain('arena-data-v1');
		damaged = false;
		await page.reload();
		expect(await top1(page, PHOTO)).toBeGreaterThanOrEqual(0);
		await expect.poll(async () => (await cached()).keys, { timeout: 30_000 }).toContain(shard);
		held.push('service worker: damaged shard never cached, fixed one cached, caches per build');
	});
});

// ---- saved games and imports ----
const session = (id: string, player: string, n = 5): Session => ({
	id, player, config: { ...DEFAULT_CONFIG, set: 'ilsvrc2012_val_acuity1300', model: MODEL, n }, createdAt: '2026-11-25T10:00:00Z', source: 'local'
});
const round = (sessionId: string, i: number, extra: Partial<Round> = {}): Round => ({
	sessionId, index: i, set: 'ilsvrc2012_val_acuity1300', image: PHOTO, truth: 10 + i, real: [10 + i], human: [10 + i],
	model: [{ classIndex: 500, probability: 0.7 }], humanMs: 3000, timedOut: false, assisted: false, humanTags: [], modelTags: [],
	mode: 'challenge', modelId: MODEL, backend: 'wasm', answeredAt: '2026-11-25T10:01:00Z', ...extra
});

describe('imports on /class', () => {
	test('damaged, duplicate and giant imports: reported line by line, the good games load once', async () => {
		await fresh();
		await page.goto(`${baseUrl}/class`);
		await page.getByTestId('import-input').waitFor();
		const ada = session('s-ada', 'Ada');
		const csv = toCsv(ada, [round('s-ada', 0), round('s-ada', 1)]).split('\r\n');
		csv[2] = csv[2].replace(',3000,', ',Infinity,'); // an infinite time
		const bad = JSON.parse(toJson(ada, [round('s-ada', 2), round('s-ada', 3)]));
		bad.rounds[1].model[0].probability = 7; // a probability of 7
		const files = [
			{ name: 'ada.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.join('\r\n')) },
			{ name: 'ada-again.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) },
			{ name: 'ada-twice.json', mimeType: 'application/json', buffer: Buffer.from(toJson(ada, [round('s-ada', 0), round('s-ada', 0), round('s-ada', 9)])) },
			{ name: 'impostor.json', mimeType: 'application/json', buffer: Buffer.from(toJson(session('s-ada', 'Eve'), [round('s-ada', 0)])) },
			{ name: 'bob.json', mimeType: 'application/json', buffer: Buffer.from(toJson(session('s-bob', 'Bob'), [round('s-bob', 0)])) },
			{ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "convnet-arena-sess') },
			{ name: 'same-problem.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "convnet-arena-sess') },
			{ name: 'giant.json', mimeType: 'application/json', buffer: Buffer.alloc(11 * 1024 * 1024, 32) }
		];
		// Two identical messages (broken.json / same-problem.json differ by name; the giant file by size) must not break the list.
		await page.getByTestId('import-input').setInputFiles(files);
		const problems = await text(page, 'import-problems');
		expect(problems).toMatch(/giant\.json: 11\.5 MB is more than one import may hold \(10 MB\)/);
		expect(problems).toMatch(/ada\.csv row 3: bad time/);
		expect(problems).toMatch(/ada-again\.json round 2: bad model's guesses/);
		expect(problems).toMatch(/ada-twice\.json round 3: round number 10 is past the game's 5 rounds/);
		expect(problems).toMatch(/impostor\.json: another game with the same id "s-ada"/);
		expect(problems).toMatch(/broken\.json: not valid JSON/);
		expect(problems).toMatch(/2 repeated rounds \(same answer\) merged/);
		expect(await text(page, 'import-notice')).toMatch(/Imported 2 sessions \(3 rounds\)/);
		const rows = page.locator('[data-testid=players] tbody tr');
		await expect(rows.count()).resolves.toBe(2);
		await expect(page.locator('tr[data-player=Ada] [data-testid=player-rounds]').textContent()).resolves.toBe('2'); // rounds 1 and 3 (index 0, 2)
		await expect(page.getByText('Infinity').count()).resolves.toBe(0);
		// The same files again: replaced, not doubled.
		await page.getByTestId('import-input').setInputFiles(files.slice(0, 5));
		await page.getByText(/2 of them replaced an earlier import of the same game/).waitFor();
		await expect(rows.count()).resolves.toBe(2);
		held.push('damaged imports (Infinity, probability 7, broken JSON)', 'duplicate rounds and session ids', 'giant import (size limit)');
	});

	test('storage full during an import: a clear message, the page keeps working', async () => {
		await fresh();
		await page.addInitScript(() => {
			const put = IDBObjectStore.prototype.put;
			IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
				if (this.name === 'imports') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
				return put.apply(this, args);
			};
		});
		await page.goto(`${baseUrl}/class`);
		await page.getByTestId('import-input').waitFor();
		await page.getByTestId('import-input').setInputFiles([
			{ name: 'a.json', mimeType: 'application/json', buffer: Buffer.from(toJson(session('s-a', 'A'), [round('s-a', 0)])) },
			{ name: 'b.json', mimeType: 'application/json', buffer: Buffer.from(toJson(session('s-b', 'B'), [round('s-b', 0)])) }
		]);
		const problems = await text(page, 'import-problems');
		expect(problems).toMatch(/The game of A: Could not save the import: the browser storage is full/);
		expect(problems).toMatch(/The game of B: Could not save the import: the browser storage is full/);
		expect(await text(page, 'import-notice')).toMatch(/Imported 0 sessions/);
		held.push('storage full during import');
	});
});

describe('saved games', () => {
	const setAsideCount = (p: Page) =>
		p.evaluate(async () => {
			const db: IDBDatabase = await new Promise((ok) => (indexedDB.open('convnet-arena', 1).onsuccess = (e) => ok((e.target as IDBOpenDBRequest).result)));
			const n: number = await new Promise((ok) => (db.transaction('setAside').objectStore('setAside').count().onsuccess = (e) => ok((e.target as IDBRequest<number>).result)));
			db.close();
			return n;
		});

	test('a damaged game record, a damaged round and a game both local and imported: good rounds stay, damage is set aside', async () => {
		await fresh();
		await page.goto(`${baseUrl}/lab/mistakes`);
		await page.getByText(/No games yet|rounds?( \(team games apart\))?:/).first().waitFor();
		const good = session('g-good', 'Grace');
		const damaged = { ...session('g-damaged', 'Dora'), config: { set: 7 } }; // its setup is unreadable
		await seed(page, [
			{ store: 'sessions', value: good },
			...[0, 1, 2].map((i) => ({ store: 'rounds', value: round('g-good', i) })),
			{ store: 'rounds', value: { ...round('g-good', 3), truth: 5000 } }, // a damaged round
			{ store: 'sessions', value: damaged },
			...[0, 1].map((i) => ({ store: 'rounds', value: round('g-damaged', i) })),
			// The same game imported too (the duplicate-key case on this page).
			{ store: 'imports', value: { id: 'g-good', session: { ...good, source: 'import' }, rounds: [0, 1, 2].map((i) => round('g-good', i)), file: 'g.json', importedAt: '2026-11-26T00:00:00Z' } }
		]);
		await page.reload();
		const alerts = page.getByRole('alert');
		await alerts.first().waitFor();
		const all = (await alerts.allTextContents()).join('\n');
		expect(all).toMatch(/2 damaged saved records were set aside \(kept, not deleted\)/);
		expect(all).toMatch(/The game of Dora \(2 saved rounds\): its record was damaged \(bad setup\)\. Its rounds are still listed; it cannot be resumed/);
		// 3 good + 2 of the damaged game, + 3 imported copies.
		await expect(page.getByText(/^8 rounds? \(team games apart\):/).count()).resolves.toBe(1);
		await expect(page.locator('[data-testid=mistakes] li').count()).resolves.toBe(8);
		expect(await setAsideCount(page)).toBe(2);
		// Next visit: the set-aside records stay, the game of Dora is still listed, nothing new is set aside.
		await page.reload();
		await page.getByRole('alert').first().waitFor();
		expect((await page.getByRole('alert').allTextContents()).join('\n')).toMatch(/The game of Dora \(2 saved rounds\): its record was damaged/);
		expect(await setAsideCount(page)).toBe(2);
		// The start page lists both games.
		await page.goto(`${baseUrl}/`);
		await page.getByText('Dora').first().waitFor({ timeout: 30_000 });
		await page.getByText('Grace').first().waitFor();
		held.push('damaged game record (rounds kept)', 'damaged round set aside', 'game both local and imported');
	});
});
