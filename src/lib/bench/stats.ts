// Summaries of timing samples and agreement between top-5 lists: pure functions, no TF.js, no Svelte.
import { mean, median, min, quantileSorted } from 'simple-statistics';

export interface Summary {
	/** Number of timed runs. */
	n: number;
	median_ms: number;
	/** 95th percentile (interpolated between the two nearest runs, as simple-statistics computes it). */
	p95_ms: number;
	min_ms: number;
	mean_ms: number;
}

export function summarize(samples: readonly number[]): Summary | null {
	if (samples.length === 0) return null;
	const sorted = [...samples].sort((a, b) => a - b);
	return {
		n: samples.length,
		median_ms: median(sorted),
		p95_ms: quantileSorted(sorted, 0.95),
		min_ms: min(sorted),
		mean_ms: mean(sorted)
	};
}

/** Ratio a / b, or null when either is missing or b is 0. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
	if (a == null || b == null || b === 0) return null;
	return a / b;
}

/**
 * How far two sets of top-k lists agree: for each image, the share of the reference's top-k that the
 * other list also holds (order ignored), averaged over the images both have; top1 is the share of images
 * with the same first class. Images present in only one of the two are left out.
 */
export function topkAgreement(
	lists: Readonly<Record<string, readonly number[]>>,
	reference: Readonly<Record<string, readonly number[]>>
): { n: number; topk: number; top1: number } | null {
	const keys = Object.keys(lists).filter((k) => reference[k]?.length && lists[k]?.length);
	if (keys.length === 0) return null;
	let overlap = 0;
	let same1 = 0;
	for (const key of keys) {
		const ref = reference[key];
		const got = new Set(lists[key]);
		overlap += ref.filter((c) => got.has(c)).length / ref.length;
		if (lists[key][0] === ref[0]) same1++;
	}
	return { n: keys.length, topk: overlap / keys.length, top1: same1 / keys.length };
}

/**
 * Whether a timed loop should go on: always until `minRuns`, never past `maxRuns`, and in between only
 * while the time spent stays under the budget.
 */
export function keepGoing(done: number, elapsedMs: number, opts: { minRuns: number; maxRuns: number; budgetMs: number }): boolean {
	if (done >= opts.maxRuns) return false;
	if (done < opts.minRuns) return true;
	return elapsedMs < opts.budgetMs;
}
