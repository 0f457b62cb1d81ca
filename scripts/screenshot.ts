// npm run screenshot -- <path> [more paths]: the built app at a laptop and a phone width, as PNGs in test-results/.
import { mkdir } from 'node:fs/promises';
import { launchChromium } from '../tests/e2e/browser';
import { startPreview } from '../tests/e2e/server';

const targets = process.argv.slice(2).filter((a) => a !== '--');
const waitFor = process.env.WAIT_FOR ?? '';
await mkdir('test-results', { recursive: true });
const server = await startPreview();
const browser = await launchChromium();
try {
	for (const path of targets.length ? targets : ['/']) {
		for (const [label, width, height] of [['laptop', 1366, 860], ['phone', 390, 844]] as const) {
			const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
			page.on('console', (m) => m.type() === 'error' && console.error(`[${label}] console: ${m.text()}`));
			await page.goto(server.url + path);
			if (waitFor) await page.waitForSelector(waitFor, { timeout: 90_000 }).catch(() => console.error(`no ${waitFor}`));
			await page.waitForTimeout(Number(process.env.WAIT_MS ?? 500));
			const file = `test-results/${path.replace(/[^a-z0-9]+/gi, '_') || 'root'}-${label}.png`;
			await page.screenshot({ path: file, fullPage: true });
			console.log(file);
			await page.close();
		}
	}
} finally {
	await browser.close();
	server.stop();
}
