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

/** The top-k counted everywhere (ILSVRC's five guesses). */
export const TOP_K = 5;

/**
 * Whether ranked guesses hit the label (first guess / any of the first five), and the ReaL labels
 * (null when the image has no valid ReaL label). The one definition the CLI, the arena and the lab share.
 */
export function hits(guesses: number[], truth: number, real: number[]) {
	const five = guesses.slice(0, TOP_K);
	return {
		top1: guesses[0] === truth,
		top5: five.includes(truth),
		realTop1: real.length ? real.includes(guesses[0]) : null,
		realTop5: real.length ? five.some((g) => real.includes(g)) : null
	};
}

/** guesses[i] = the model's ranked class indices for labels[i]. Fractions 0..1 (0 when a count is 0). */
export function accuracy(guesses: number[][], labels: LabelledImage[]): AccuracyReport {
	if (guesses.length !== labels.length) throw new Error(`${guesses.length} answers for ${labels.length} labels`);
	let top1 = 0, top5 = 0, realN = 0, realTop1 = 0, realTop5 = 0;
	guesses.forEach((g, i) => {
		const h = hits(g, labels[i].classIndex, labels[i].real);
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
