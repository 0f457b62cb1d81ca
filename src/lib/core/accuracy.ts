// Top-1 / top-5 against the original val labels and against ReaL labels (Beyer et al. 2020).
import type { LabelledImage } from './labels';

export interface AccuracyReport {
	n: number;
	top1: number;
	top5: number;
	/** Images with a non-empty ReaL set; the others are left out of the ReaL figures. */
	real_n: number;
	real_top1: number;
	real_top5: number;
}

export function hitRanks(guesses: number[], label: LabelledImage): { top1: boolean; top5: boolean; realTop1: boolean | null; realTop5: boolean | null } {
	const five = guesses.slice(0, 5);
	const hasReal = label.real.length > 0;
	return {
		top1: guesses[0] === label.classIndex,
		top5: five.includes(label.classIndex),
		realTop1: hasReal ? label.real.includes(guesses[0]) : null,
		realTop5: hasReal ? five.some((g) => label.real.includes(g)) : null
	};
}

/** guesses[i] = the model's ranked class indices for labels[i]. Fractions 0..1 (0 when a count is 0). */
export function accuracy(guesses: number[][], labels: LabelledImage[]): AccuracyReport {
	if (guesses.length !== labels.length) throw new Error(`${guesses.length} answers for ${labels.length} labels`);
	let top1 = 0, top5 = 0, realN = 0, realTop1 = 0, realTop5 = 0;
	guesses.forEach((g, i) => {
		const h = hitRanks(g, labels[i]);
		top1 += +h.top1;
		top5 += +h.top5;
		if (h.realTop1 !== null) {
			realN++;
			realTop1 += +h.realTop1;
			realTop5 += +!!h.realTop5;
		}
	});
	const frac = (a: number, b: number) => (b ? a / b : 0);
	const n = labels.length;
	return { n, top1: frac(top1, n), top5: frac(top5, n), real_n: realN, real_top1: frac(realTop1, realN), real_top5: frac(realTop5, realN) };
}
