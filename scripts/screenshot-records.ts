// npx tsx scripts/screenshot-records.ts: the start page with storage disabled (the in-memory banner) and with a
// damaged store (set-aside notes, export-only rows), at 1366x768 and 390x844, into /work/progress/shots-records
// (or SHOTS_DIR). Checks that the phone page has no sideways scroll.
import { mkdir } from 'node:fs/promises';
import { launchChromium } from '../tests/e2e/browser';
import { startPreview } from '../tests/e2e/server';
import { round, seed, session } from '../tests/e2e/hostile-helpers';

const dir = process.env.SHOTS_DIR ?? '/work/progress/shots-records';
await mkdir(dir, { recursive: true });
const server = await startPreview();
const browser = await launchChromium();
try {
	for (const [label, width, height] of [['1366x768', 1366, 768], ['390x844', 390, 844]] as const) {
		for (const kind of ['in-memory', 'set-aside'] as const) {
			const context = await browser.newContext({ viewport: { width, height }, serviceWorkers: 'block' });
			if (kind === 'in-memory')
				// As source text: tsx would wrap a function in helpers the page does not have.
				await context.addInitScript({
					content: `{ const insecure = () => { throw new DOMException('The operation is insecure.', 'SecurityError'); };
						Object.defineProperty(window, 'localStorage', { get: insecure }); IDBFactory.prototype.open = insecure; }`
				});
			const page = await context.newPage();
			await page.goto(`${server.url}/models`);
			if (kind === 'set-aside')
				await seed(page, [
					{ store: 'sessions', value: session('good', 'Grace', 5) },
					...[0, 1].map((i) => ({ store: 'rounds', value: round('good', i) })),
					...[0, 1].map((i) => ({ store: 'rounds', value: round('orphan-1', i) })),
					...[0, 1].map((i) => ({ store: 'rounds', value: round('orphan-2', i) })),
					{ store: 'sessions', value: { id: 'junk', hello: 'not a game' } },
					{ store: 'sessions', value: session('gone', 'Gus', 5, { model: 'alexnet-from-2012-removed' }) },
					{ store: 'rounds', value: round('gone', 0, { modelId: 'alexnet-from-2012-removed' }) }
				]);
			await page.goto(`${server.url}/`);
			await page.getByText(/None yet|None: this browser|Top-5 error so far/).first().waitFor({ timeout: 30_000 });
			const target = kind === 'in-memory' ? page.getByTestId('in-memory') : page.getByTestId('saved');
			await target.scrollIntoViewIfNeeded();
			const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
			const file = `${dir}/start-${kind}-${label}.png`;
			await page.screenshot({ path: file });
			console.log(`${file}${wide > 0 ? ` (sideways scroll: ${wide} px)` : ''}`);
			await context.close();
		}
	}
} finally {
	await browser.close();
	server.stop();
}
