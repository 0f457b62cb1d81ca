// npm run screenshot:live: a live class played in headless Chromium for its screenshots: /live at 1920x1080 and
// 1280x800 (lobby, photo, reveal, results) and /join at 390x844 (join, photo with the picker, reveal), as PNGs in
// test-results/live/ (or $OUT). Two more students join as Node clients so the projector has counts and a chart.
import { mkdir } from 'node:fs/promises';
import WebSocket from 'ws';
import { launchChromium } from '../tests/e2e/browser';
import { startPreview } from '../tests/e2e/server';
import { connectRoom, liveApi } from '../src/lib/live/client';
import { publicDocName, studentToken, type JoinResult } from '../src/lib/live/protocol';

const out = process.env.OUT ?? 'test-results/live';
await mkdir(out, { recursive: true });
const server = await startPreview();
const browser = await launchChromium();
const shot = async (p: import('playwright-core').Page, name: string) => {
	await p.screenshot({ path: `${out}/${name}.png`, fullPage: false });
	console.log(`${out}/${name}.png`);
};
try {
	const t = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
	t.on('console', (m) => m.type() === 'error' && console.error(`[teacher] ${m.text()}`));
	await t.goto(`${server.url}/live`);
	await t.getByTestId('count').selectOption('3');
	await t.getByTestId('create').click();
	const code = (await t.getByTestId('code').textContent())!.trim();

	const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	const s = await phoneCtx.newPage();
	await s.goto(`${server.url}/join?code=${code}`);
	await s.getByTestId('nick').fill('Ada');
	await shot(s, 'join-390-form');
	await s.getByTestId('join').click();
	await s.getByTestId('lobby').waitFor();
	const bots: JoinResult[] = [];
	for (const nick of ['Bo', 'Cy']) bots.push(await liveApi<JoinResult>(server.url, '/join', { code, nick }));
	const conns = bots.map((b) => connectRoom({ origin: server.url, documentName: publicDocName(code), token: studentToken(code, b.seat), WebSocketPolyfill: WebSocket }));
	await Promise.all(conns.map((c) => c.synced));
	await t.getByText('3 joined', { exact: true }).waitFor();
	await shot(t, 'live-1920-lobby');
	await t.setViewportSize({ width: 1280, height: 800 });
	await shot(t, 'live-1280-lobby');
	await t.setViewportSize({ width: 1920, height: 1080 });

	await t.getByTestId('start').click();
	await s.getByTestId('picker-input').waitFor();
	await s.getByTestId('picker-input').pressSequentially('golden retriever', { delay: 5 });
	await s.locator('[data-testid=results] li[data-class-index]').first().waitFor();
	await s.getByTestId('picker-input').press('Enter');
	await shot(s, 'join-390-photo');
	await s.getByTestId('submit').click();
	await s.getByTestId('sent').waitFor();
	conns[0].send({ type: 'answer', photo: 0, guesses: [207, 208] });
	conns[1].send({ type: 'answer', photo: 0, guesses: [207] });
	await t.getByText('3 of 3 answered').waitFor();
	await shot(t, 'live-1920-photo');
	await t.getByTestId('reveal').getByText('Reveal').waitFor({ timeout: 120_000 });
	await t.getByTestId('reveal').click();
	await t.getByTestId('guess-chart').waitFor();
	await t.waitForFunction(() => document.querySelector('canvas')?.getBoundingClientRect().height);
	await shot(t, 'live-1920-reveal');
	await t.setViewportSize({ width: 1280, height: 800 });
	await shot(t, 'live-1280-reveal');
	await t.setViewportSize({ width: 1920, height: 1080 });
	await s.getByTestId('reveal').waitFor();
	await shot(s, 'join-390-reveal');
	for (let i = 1; i < 3; i++) {
		await t.getByTestId('next').click();
		await t.getByTestId('reveal').getByText('Reveal').waitFor();
		await t.getByTestId('reveal').click();
		await t.getByTestId('next').waitFor();
	}
	await t.getByTestId('next').click();
	await t.getByTestId('results').waitFor();
	await shot(t, 'live-1920-results');
	await s.getByTestId('end').waitFor();
	await shot(s, 'join-390-end');
	const wide = await s.evaluate(() => document.documentElement.scrollWidth);
	console.log(`phone page width: ${wide} px (viewport 390)`);
	conns.forEach((c) => c.close());
} finally {
	await browser.close();
	server.stop();
}
