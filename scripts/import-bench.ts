// npx tsx scripts/import-bench.ts [--games 15000]
// Imports one generated file of many games (about 10 MB) on /class of the built app (npm run build first), in
// headless Chromium, and prints: the time until the import notice, the longest stall of the page's main thread
// (the largest gap of a 20 ms heartbeat), the reopen time of /class, and the games listed. The server is the one
// built in the current directory (so the same script measures another checkout when run from there).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../tests/e2e/browser';
import { startPreview } from '../tests/e2e/server';

const games = Number(process.argv[process.argv.indexOf('--games') + 1]) || 15_000;
const SET = 'ilsvrc2012_val_acuity1300';
const MODEL = 'tflite-mobilenet-v2-1.0-224';
const here = new URL('..', import.meta.url).pathname;
const photos = readFileSync(join(here, 'static/data', SET, 'labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);

// One export per game, one round each: what a class of exports concatenated looks like.
const list = Array.from({ length: games }, (_, g) => {
	const id = `bench-${g.toString(36)}`;
	return {
		format: 'convnet-arena-session', version: 1,
		session: { id, player: `Player ${g}`, config: { set: SET, n: 5, seconds: 0, model: MODEL, mode: 'challenge', seed: g, crops: 1 }, createdAt: '2026-11-25T10:00:00Z', source: 'local' },
		rounds: [{ sessionId: id, index: 0, set: SET, image: photos[g % photos.length], truth: g % 1000, real: [g % 1000], human: [g % 1000, (g + 1) % 1000],
			model: [{ classIndex: (g + 2) % 1000, probability: 0.5 }], humanMs: 3000, timedOut: false, assisted: false, humanTags: [], modelTags: [],
			mode: 'challenge', modelId: MODEL, backend: 'wasm', answeredAt: '2026-11-25T10:01:00Z' }]
	};
});
const file = join(mkdtempSync(join(tmpdir(), 'arena-import-')), 'class.json');
writeFileSync(file, JSON.stringify(list));
const mb = readFileSync(file).length / 1e6;

const server = await startPreview();
const browser = await launchChromium();
try {
	const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
	page.setDefaultTimeout(600_000);
	await page.addInitScript(() => {
		const w = window as unknown as { __maxGap: number };
		w.__maxGap = 0;
		let last = performance.now();
		setInterval(() => {
			const now = performance.now();
			w.__maxGap = Math.max(w.__maxGap, now - last);
			last = now;
		}, 20);
	});
	await page.goto(`${server.url}/class`);
	await page.getByTestId('import-input').waitFor();
	await page.waitForLoadState('networkidle');
	await page.evaluate(() => ((window as unknown as { __maxGap: number }).__maxGap = 0));
	const t0 = Date.now();
	await page.getByTestId('import-input').setInputFiles(file);
	const notice = await page.getByTestId('import-notice').textContent();
	const importS = (Date.now() - t0) / 1000;
	const importStallMs = await page.evaluate(() => (window as unknown as { __maxGap: number }).__maxGap);
	await page.locator('[data-testid=players] tbody tr').first().waitFor(); // the list drawn: its stall counts too
	const stallMs = await page.evaluate(() => (window as unknown as { __maxGap: number }).__maxGap);
	const t1 = Date.now();
	await page.reload();
	await page.locator('[data-testid=players] tbody tr').first().waitFor();
	const reopenS = (Date.now() - t1) / 1000;
	const rows = await page.locator('[data-testid=players] tbody tr').count();
	console.log(`import of ${games} games (${mb.toFixed(1)} MB): ${importS.toFixed(1)} s to "${notice?.trim()}"; longest main-thread stall ${importStallMs.toFixed(0)} ms until the notice, ${stallMs.toFixed(0)} ms until the list is drawn; /class reopened in ${reopenS.toFixed(1)} s with ${rows} rows shown`);
} finally {
	await browser.close();
	server.stop();
}
