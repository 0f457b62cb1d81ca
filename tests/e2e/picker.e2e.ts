// The class picker in a real round, in headless Chromium: a weak first match is never added by a bare Enter,
// a group word lists its classes, the hierarchy reaches a dog breed in four clicks, and on a phone (390x844,
// touch) the box and three suggestions sit high on the screen, hints are hidden, and nothing scrolls sideways.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { guessesShown } from './picker-input';

const baseUrl = inject('baseUrl');
const GAME = 'set=ilsvrc2012_val_acuity1300&n=2&t=0&model=tflite-mobilenet-v2-1.0-224&mode=challenge&seed=7';
let browser: Browser;

beforeAll(async () => {
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
});

async function openRound(page: Page) {
	await page.goto(`${baseUrl}/play?${GAME}`);
	const player = page.getByTestId('player');
	await player.waitFor({ timeout: 60_000 });
	await player.fill('Picker');
	await player.press('Enter');
	const input = page.getByTestId('picker-input');
	await input.waitFor({ timeout: 60_000 });
	return input;
}

describe('picker on a laptop', () => {
	test('a weak first match asks first; a group word lists its classes; Enter adds a strong one', async () => {
		const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
		const input = await openRound(page);
		await input.pressSequentially('white coat', { delay: 5 });
		await page.getByTestId('did-you-mean').waitFor();
		await input.press('Enter');
		expect(await page.getByTestId('did-you-mean').textContent()).toContain('Pick one');
		expect(await guessesShown(page)).toEqual([]);
		await input.press('ArrowDown');
		await input.press('Enter');
		expect(await guessesShown(page)).toHaveLength(1);

		await input.pressSequentially('sofa', { delay: 5 });
		await page.locator('[data-testid=results] li').first().waitFor();
		expect(await page.getByTestId('did-you-mean').count()).toBe(0);
		await input.press('Enter');
		expect((await guessesShown(page))[1]).toBe(831); // studio couch
		await input.press('Backspace');
		expect(await guessesShown(page)).toHaveLength(1);
		await page.close();
	});

	test('the hierarchy: German Shorthaired Pointer in four clicks, leaves with pictures', async () => {
		const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
		await openRound(page);
		for (const g of ['living things', 'carnivores', 'sporting dog']) await page.locator('[data-testid=tree] button.group', { hasText: g }).first().click();
		const leaf = page.locator('button.leaf[data-class-index="210"]');
		expect(await leaf.locator('img').getAttribute('src')).toMatch(/imagenet_class_gallery/);
		await leaf.click();
		expect(await guessesShown(page)).toEqual([210]);
		await page.close();
	});
});

describe('picker on a phone', () => {
	test('box and three suggestions high on the screen, no keyboard hints, nothing scrolls sideways', async () => {
		const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
		const page = await context.newPage();
		const input = await openRound(page);
		expect(await page.locator('.hint').isVisible()).toBe(false);
		await input.focus();
		await input.pressSequentially('beach', { delay: 20 });
		const third = page.locator('[data-testid=results] li').nth(2);
		await third.waitFor();
		// An on-screen keyboard covers about the lower 40% of a 844 px screen; a smooth scroll lifts the box there.
		await expect.poll(async () => { const b = (await third.boundingBox())!; return b.y + b.height; }, { timeout: 5_000 }).toBeLessThan(844 * 0.6);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		// A long suggestion must not widen the card (a clipped card hides the Submit button without scrolling).
		await input.fill('white coat');
		await page.getByTestId('did-you-mean').waitFor();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		const submit = (await page.getByTestId('submit').boundingBox())!;
		expect(submit.x + submit.width).toBeLessThanOrEqual(390);
		await context.close();
	});
});
