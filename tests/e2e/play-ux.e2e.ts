// Playing as a person does, at 1366x768 (mouse) and on a 390x844 touch screen: Play without scrolling, the 2014
// rematch in one click, every class name whole (never cut), every tap target at least 44x44, the reveal's photo
// and both answers on one screen, the clock's time-out keeping the highlighted suggestion, and the "looking" cue
// while the model takes its ten looks. Screenshots of a round, a reveal and the end card go to test-results/.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { submitWithoutGuess } from './picker-input';

const baseUrl = inject('baseUrl');
const SET = 'ilsvrc2012_val_fullframe';
const MODEL = 'tflite-mobilenet-v2-1.0-224';
const SHOTS = 'test-results';
mkdirSync(SHOTS, { recursive: true });

const SIZES = [
	{ label: 'laptop', width: 1366, height: 768, touch: false },
	{ label: 'phone', width: 390, height: 844, touch: true }
] as const;

let browser: Browser;
beforeAll(async () => {
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
});

/** Elements whose text is cut (wider content than box, with clipping): none may be. */
async function cutNames(names: Locator): Promise<string[]> {
	return names.evaluateAll((els) =>
		els
			.filter((e) => {
				const s = getComputedStyle(e);
				const clips = s.overflow !== 'visible' || s.textOverflow === 'ellipsis' || s.webkitLineClamp !== 'none';
				return e.scrollWidth > e.clientWidth + 1 && clips;
			})
			.map((e) => `${e.textContent} (${e.scrollWidth} > ${e.clientWidth})`)
	);
}

/** Visible buttons, links and inputs (in `scope`) smaller than 44x44 CSS px. */
async function smallTargets(page: Page, scope: string): Promise<string[]> {
	return page.locator(`${scope} :is(button, a[href], input, select)`).evaluateAll((els) =>
		els
			.filter((e) => {
				const r = e.getBoundingClientRect();
				const s = getComputedStyle(e);
				if (!r.width || !r.height || s.visibility === 'hidden' || (e as HTMLInputElement).type === 'checkbox' || (e as HTMLInputElement).type === 'radio') return false;
				if (e.tagName === 'A' && s.display === 'inline') return false; // links inside sentences: the line is the target
				return r.width < 43.5 || r.height < 43.5;
			})
			.map((e) => `${e.tagName.toLowerCase()} "${(e.textContent || (e as HTMLInputElement).placeholder || e.getAttribute('aria-label') || '').trim().slice(0, 30)}" ${Math.round(e.getBoundingClientRect().width)}x${Math.round(e.getBoundingClientRect().height)}`)
	);
}

async function inViewport(page: Page, l: Locator, what: string) {
	const box = (await l.boundingBox())!;
	const vp = page.viewportSize()!;
	expect(box, `${what} is shown`).not.toBeNull();
	expect(box.y, `${what} starts on screen`).toBeGreaterThanOrEqual(0);
	expect(box.y + box.height, `${what} (bottom ${Math.round(box.y + box.height)}) ends on screen (${vp.height})`).toBeLessThanOrEqual(vp.height + 1);
}

describe.each(SIZES)('$label ($width x $height)', ({ label, width, height, touch }) => {
	let context: BrowserContext;
	let page: Page;
	beforeAll(async () => {
		context = await browser.newContext({ viewport: { width, height }, hasTouch: touch, isMobile: touch });
		page = await context.newPage();
	});
	afterAll(async () => {
		await context?.close();
	});

	test('the start page: Play and the 2014 rematch above the fold; the rematch opens in one click', async () => {
		await page.goto(`${baseUrl}/`);
		await inViewport(page, page.getByTestId('setup-start'), 'Play');
		await inViewport(page, page.getByTestId('preset-rematch'), '2014 rematch');
		expect(await page.getByTestId('setup').textContent()).toContain('Game code');
		await page.screenshot({ path: `${SHOTS}/play-ux-start-${label}.png` });
		await page.getByTestId('preset-rematch').click();
		await page.waitForURL(/\/play\?.*looks=10/);
		await page.getByTestId('rematch-intro').waitFor();
		expect(await page.getByTestId('rematch-intro').textContent()).toMatch(/looks ten\s+times/);
	});

	test('a round: names whole, targets 44x44; at time-out the highlighted suggestion counts; the reveal on one screen', async () => {
		await page.goto(`${baseUrl}/`);
		// The start page loads the opponent while it is read: Play finds it ready.
		await page.getByTestId('setup-n').fill('2');
		await expect.poll(() => page.getByTestId('opponent-status').textContent(), { timeout: 120_000 }).toMatch(/ready\./);
		await page.getByTestId('setup-start').click();
		await page.waitForURL(/\/play\?/);
		await expect.poll(() => page.getByTestId('model-status').textContent()).toMatch(/ready/);
		// A clock of 20 s: long enough to type, short enough to run out.
		await page.goto(`${baseUrl}/play?set=${SET}&n=2&t=20&model=${MODEL}&mode=challenge&seed=7`);
		await page.getByTestId('player').fill('Ada');
		await page.getByTestId('start').click();
		const input = page.getByTestId('picker-input');
		await input.waitFor({ timeout: 60_000 });
		await page.getByTestId('countdown').waitFor();

		// A guess in, then a long-named group typed: every name whole, every target big enough.
		await input.pressSequentially('pyrenean', { delay: 5 });
		await page.locator('[data-testid=results] li[data-class-index]').first().waitFor();
		await input.press('Enter');
		await expect.poll(() => page.locator('[data-testid=guesses] li[data-class-index]').count()).toBe(1);
		// Enter on a class already guessed says so.
		await input.pressSequentially('pyrenean', { delay: 5 });
		await input.press('Enter');
		expect(await page.getByTestId('taken').textContent()).toMatch(/is already your guess 1/);
		await input.fill('');
		await input.pressSequentially('terrier', { delay: 5 });
		const rows = page.locator('[data-testid=results] li[data-class-index]');
		await rows.nth(4).waitFor();
		expect(await cutNames(page.locator('[data-testid=results] .name, [data-testid=guesses] .g'))).toEqual([]);
		expect(await smallTargets(page, '[data-testid=results]')).toEqual([]);
		expect(await smallTargets(page, '.searchrow')).toEqual([]);
		expect(await smallTargets(page, '[data-testid=guesses]')).toEqual([]);
		expect(await smallTargets(page, '.photo .bar')).toEqual([]);
		// The preview follows the highlighted row, not the mouse.
		await input.press('ArrowDown');
		const highlighted = Number(await page.locator('[data-testid=results] li.active').getAttribute('data-class-index'));
		if (!touch) await rows.nth(3).hover();
		expect(Number(await page.locator('[data-testid=preview] img').getAttribute('data-class-index'))).toBe(highlighted);
		await page.screenshot({ path: `${SHOTS}/play-ux-round-${label}.png` });

		// Leave it highlighted: the clock runs out and it counts as chosen.
		await page.getByTestId('reveal').waitFor({ timeout: 30_000 });
		const mine = await page.locator('.reveal .five li').allTextContents();
		expect(mine).toHaveLength(2);
		expect(await page.getByTestId('reveal').innerText()).toContain('The clock ran out');

		// The reveal: the photo, your five and the model's five on one screen; names whole.
		await page.getByTestId('model-verdict').waitFor();
		await expect.poll(() => page.locator('[data-testid=reveal] [data-testid=topk] li').count()).toBe(5);
		await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
		await inViewport(page, page.getByTestId('round-image'), 'the photo');
		await inViewport(page, page.locator('.reveal .five'), 'your five');
		await inViewport(page, page.locator('[data-testid=reveal] [data-testid=topk]'), "the model's five");
		expect(await cutNames(page.locator('[data-testid=reveal] :is(.five li, [data-testid=topk] .name, [data-testid=truth])'))).toEqual([]);
		expect(await smallTargets(page, '[data-testid=reveal] p')).toEqual([]);
		await page.screenshot({ path: `${SHOTS}/play-ux-reveal-${label}.png` });

		// The last photo with no guess (asked once), then the end card.
		await page.getByTestId('next').click();
		await input.waitFor();
		await submitWithoutGuess(page);
		await page.getByTestId('reveal').waitFor({ timeout: 60_000 });
		await page.getByTestId('next').click();
		await page.getByTestId('done').waitFor();
		expect(await page.getByTestId('verdict').textContent()).toMatch(/on 2 photos|of 2/);
		const card = page.getByTestId('result-card');
		await expect.poll(() => card.evaluate((c: HTMLCanvasElement) => c.width)).toBe(1200);
		expect(await smallTargets(page, '[data-testid=done] .actions, [data-testid=done] figcaption')).toEqual([]);
		await page.getByTestId('model-time').waitFor();
		expect(await page.getByTestId('model-time').textContent()).toMatch(/^\d+\.\d+ s$/);
		await card.scrollIntoViewIfNeeded();
		await page.screenshot({ path: `${SHOTS}/play-ux-end-${label}.png` });
		await card.screenshot({ path: `${SHOTS}/play-ux-card-${label}.png` });
	});
});

test('while the model takes its ten looks after a submit, the page says it is looking', async () => {
	const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
	const page = await context.newPage();
	try {
		// GoogLeNet looking ten times takes seconds a photo here: a submit at once finds it still at work.
		await page.goto(`${baseUrl}/play?set=${SET}&n=1&t=0&model=caffe-bvlc-googlenet&mode=challenge&seed=3&looks=10`);
		await page.getByTestId('start').click();
		await page.getByTestId('picker-input').waitFor({ timeout: 120_000 });
		await submitWithoutGuess(page);
		const cue = page.getByTestId('looking');
		await cue.waitFor();
		expect(await cue.textContent()).toMatch(/GoogLeNet .* is looking at ten crops/);
		await page.getByTestId('reveal').waitFor({ timeout: 180_000 });
		expect(await cue.count()).toBe(0);
	} finally {
		await context.close();
	}
});
