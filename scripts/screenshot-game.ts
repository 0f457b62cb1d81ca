// npx tsx scripts/screenshot-game.ts: plays a short challenge on the full-frame photos in the built app and writes
// screenshots of the setup, a round with suggestions open, a reveal and the end of the game (laptop and phone;
// on the phone also the round as it shows above an on-screen keyboard of 40% of the screen) to test-results/.
import { mkdir } from 'node:fs/promises';
import { launchChromium } from '../tests/e2e/browser';
import { startPreview } from '../tests/e2e/server';

const query = process.argv[2] ?? 'dog';
await mkdir('test-results', { recursive: true });
const server = await startPreview();
const browser = await launchChromium();
try {
	for (const [label, width, height, touch] of [['laptop', 1366, 768, false], ['phone', 390, 844, true]] as const) {
		const context = await browser.newContext({ viewport: { width, height }, hasTouch: touch, isMobile: touch });
		const page = await context.newPage();
		page.on('pageerror', (e) => console.log('pageerror', e.message));
		page.on('response', (r) => r.status() >= 400 && console.log('HTTP', r.status(), r.url()));
		await page.goto(`${server.url}/`);
		await page.waitForTimeout(800);
		await page.screenshot({ path: `test-results/game-setup-${label}.png`, fullPage: true });
		await page.goto(`${server.url}/play?set=ilsvrc2012_val_fullframe&n=3&t=60&model=tflite-mobilenet-v2-1.0-224&mode=challenge&seed=2014`);
		await page.getByTestId('player').fill('Ada');
		await page.getByTestId('start').click();
		const input = page.getByTestId('picker-input');
		await input.waitFor({ timeout: 60_000 });
		await input.pressSequentially(query, { delay: 5 });
		await page.waitForTimeout(600);
		await page.screenshot({ path: `test-results/game-round-${label}.png` });
		if (touch) {
			await page.setViewportSize({ width, height: Math.round(height * 0.6) }); // the keyboard takes the rest
			await input.focus();
			await page.waitForTimeout(300);
			await page.screenshot({ path: `test-results/game-round-keyboard-${label}.png` });
			await page.setViewportSize({ width, height });
		}
		await input.press('Enter');
		await input.press('Enter');
		await page.getByTestId('reveal').waitFor({ timeout: 60_000 });
		await page.waitForTimeout(800);
		await page.screenshot({ path: `test-results/game-reveal-${label}.png` });
		for (let i = 0; i < 2; i++) {
			await page.getByTestId('next').click();
			await input.waitFor();
			await input.press('Enter');
			await page.getByTestId('reveal').waitFor({ timeout: 60_000 });
		}
		await page.getByTestId('next').click();
		await page.getByTestId('done').waitFor();
		await page.waitForTimeout(800);
		await page.screenshot({ path: `test-results/game-done-${label}.png`, fullPage: true });
		console.log(label, 'scrollWidth', await page.evaluate(() => document.documentElement.scrollWidth), 'of', width);
		await context.close();
	}
} finally {
	await browser.close();
	server.stop();
}
