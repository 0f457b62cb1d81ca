// Sweeps on a hand-made "model" whose answer is known for every strength.
import { describe, expect, test } from 'vitest';
import { createImage, type RGBImage } from '../../src/lib/lab/image';
import { getTransform } from '../../src/lib/lab/transforms';
import { parseStrengths, runSweep, sweepCsv, type SweepImage, type SweepModel } from '../../src/lib/lab/sweep';

/** A picture whose left half is bright (class 0) or whose right half is (class 1). */
function halves(brightLeft: boolean): RGBImage {
	const img = createImage(6, 6);
	for (let y = 0; y < 6; y++) for (let x = 0; x < 6; x++) if ((x < 3) === brightLeft) img.data.fill(255, (y * 6 + x) * 3, (y * 6 + x) * 3 + 3);
	return img;
}

/** Class 0 if the left half is brighter, else class 1; the other one second, then 2..4. */
const leftRight: SweepModel = {
	id: 'left-right',
	async top5(images) {
		return images.map((img) => {
			let left = 0, right = 0;
			for (let y = 0; y < img.height; y++)
				for (let x = 0; x < img.width; x++) {
					const v = img.data[(y * img.width + x) * 3];
					if (x < img.width / 2) left += v;
					else right += v;
				}
			return left > right ? [0, 1, 2, 3, 4] : [1, 0, 2, 3, 4];
		});
	}
};
/** Always says class 7: never right. */
const wrong: SweepModel = { id: 'always-7', top5: async (images) => images.map(() => [7, 8, 9, 10, 11]) };

const set = (n: number): SweepImage[] =>
	Array.from({ length: n }, (_, i) => ({ name: `p${i}`, classIndex: i % 2, load: async () => halves(i % 2 === 0) }));

describe('runSweep', () => {
	test('rotation 0 / 180: the left-right model is always right, then always second', async () => {
		const progress: number[] = [];
		const { rows, skipped } = await runSweep({
			transform: getTransform('rotate'), strengths: [0, 180], images: set(5), models: [leftRight, wrong], batchSize: 2,
			onProgress: (d, t) => {
				expect(t).toBe(5 * 2 * 2);
				progress.push(d);
			}
		});
		expect(skipped).toEqual([]);
		expect(rows).toEqual([
			{ model: 'left-right', transform: 'rotate', strength: 0, n: 5, top1: 1, top5: 1 },
			{ model: 'left-right', transform: 'rotate', strength: 180, n: 5, top1: 0, top5: 1 },
			{ model: 'always-7', transform: 'rotate', strength: 0, n: 5, top1: 0, top5: 0 },
			{ model: 'always-7', transform: 'rotate', strength: 180, n: 5, top1: 0, top5: 0 }
		]);
		expect(progress.at(-1)).toBe(20);
		expect(progress).toEqual([...progress].sort((a, b) => a - b));
	});

	test('an unreadable picture is left out and named; the rest still count', async () => {
		const images = [...set(3), { name: 'broken.jpg', classIndex: 0, load: () => Promise.reject(new Error('not a JPEG')) }];
		const { rows, skipped } = await runSweep({ transform: getTransform('contrast'), strengths: [1], images, models: [leftRight] });
		expect(skipped).toEqual([{ name: 'broken.jpg', reason: 'not a JPEG' }]);
		expect(rows[0]).toMatchObject({ n: 3, top1: 1 });
	});

	test('contrast 0 makes every picture flat grey: the model falls back to class 1 for all', async () => {
		const { rows } = await runSweep({ transform: getTransform('contrast'), strengths: [1, 0], images: set(4), models: [leftRight] });
		expect(rows.map((r) => r.top1)).toEqual([1, 0.5]);
	});

	test('cancel stops it with an AbortError', async () => {
		const ctl = new AbortController();
		const run = runSweep({ transform: getTransform('blur'), strengths: [0, 1, 2], images: set(8), models: [leftRight], batchSize: 2, signal: ctl.signal, onProgress: (d) => d >= 4 && ctl.abort() });
		await expect(run).rejects.toMatchObject({ name: 'AbortError' });
	});

	test('strengths outside the transform\'s range, or no model, are clear errors', async () => {
		await expect(runSweep({ transform: getTransform('blur'), strengths: [1, 99], images: set(1), models: [leftRight] })).rejects.toThrow(/Blur strengths run from 0 to 8; 99 is outside/);
		await expect(runSweep({ transform: getTransform('blur'), strengths: [1], images: set(1), models: [] })).rejects.toThrow(/at least one model/);
	});
});

describe('parseStrengths and CSV', () => {
	test('parses lists with commas or spaces and names the bad parts', () => {
		expect(parseStrengths('0, 1.5 3;4')).toEqual([0, 1.5, 3, 4]);
		expect(() => parseStrengths('1, two')).toThrow(/two is not/);
		expect(() => parseStrengths(' ')).toThrow(/at least one/);
		expect(parseStrengths('0, 0, 1, 0.0, 1')).toEqual([0, 1]); // a repeat is measured once
	});

	test('the CSV has a header and one line per model and strength, in percent', () => {
		const csv = sweepCsv([
			{ model: 'm1', transform: 'blur', strength: 0, n: 3, top1: 2 / 3, top5: 1 },
			{ model: 'a,b', transform: 'blur', strength: 2.5, n: 3, top1: 0, top5: 1 / 3 }
		]);
		expect(csv).toBe('model,transform,strength,n,top1_pct,top5_pct\nm1,blur,0,3,66.67,100.00\n"a,b",blur,2.5,3,0.00,33.33\n');
	});
});
