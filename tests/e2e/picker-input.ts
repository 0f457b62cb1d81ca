// Playing a guess as a person does: type a class's name, arrow down to it, press Enter; and reading the guesses shown.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { ImageNetClass } from '../../src/lib/core/classes';

/** Type a class's name and press Enter on it (arrowing down to it if it is not the first match). */
export async function addGuess(p: Page, classes: ImageNetClass[], classIndex: number) {
	const input = p.getByTestId('picker-input');
	await input.fill('');
	await input.pressSequentially(classes[classIndex].label, { delay: 5 });
	const options = p.locator('[data-testid=results] li[data-class-index]');
	await options.first().waitFor();
	const indices = await options.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-class-index'))));
	const at = indices.indexOf(classIndex);
	expect(at, `"${classes[classIndex].label}" should be among the matches`).toBeGreaterThanOrEqual(0);
	for (let i = 0; i < at; i++) await input.press('ArrowDown');
	await input.press('Enter');
	await expect.poll(() => p.locator(`[data-testid=guesses] li[data-class-index="${classIndex}"]`).count()).toBe(1);
}

/** The class indices of the guesses the round shows, in order. */
export const guessesShown = (p: Page) =>
	p.locator('[data-testid=guesses] li[data-class-index]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-class-index'))));

/** Submit a round with no guess: Enter on the empty box asks once ("would count as a miss"), Enter again submits. */
export async function submitWithoutGuess(p: Page) {
	const input = p.getByTestId('picker-input');
	await input.press('Enter');
	await p.getByTestId('confirm-empty').waitFor();
	await input.press('Enter');
}
