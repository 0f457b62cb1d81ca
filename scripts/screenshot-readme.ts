// npx tsx scripts/screenshot-readme.ts (after npm run build): the README's picture of a round, docs/round.png —
// the 2014 rematch against GoogLeNet on a full-frame photo, a guess typed, the model's answer still hidden.
import { mkdir } from 'node:fs/promises';
import { launchChromium } from '../tests/e2e/browser';
import { startPreview } from '../tests/e2e/server';
import { configToParams, REMATCH_2014 } from '../src/lib/arena/session';

await mkdir('docs', { recursive: true });
const server = await startPreview();
const browser = await launchChromium();
try {
	const page = await browser.newPage({ viewport: { width: 960, height: 640 }, deviceScaleFactor: 1 });
	await page.goto(`${server.url}/play?${configToParams({ ...REMATCH_2014, n: 10, seed: 7 })}`);
	await page.getByTestId('player').fill('Ada');
	await page.getByTestId('start').click();
	const input = page.getByTestId('picker-input');
	await input.waitFor({ timeout: 120_000 });
	await page.getByTestId('round-image').evaluate((img: HTMLImageElement) => img.decode());
	await input.pressSequentially('lapt', { delay: 5 });
	await page.waitForTimeout(500);
	await page.screenshot({ path: 'docs/round.png' });
	console.log('docs/round.png');
} finally {
	await browser.close();
	server.stop();
}
